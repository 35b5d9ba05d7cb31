/// What to do about incidents of one attack family, and when.
///
/// An incident triggers the actions once, the first time it is stored with a peak
/// probability ≥ `minimumProbability` and at least `minimumWindows` alerting windows (an
/// incident that opens below the bar and later rises to it triggers then).
public struct FamilyPolicy: Sendable, Equatable {
    public var actions: Set<ResponseActionKind>
    /// 0…1; default 0 (every incident the detector raised).
    public var minimumProbability: Double
    /// ≥ 1; default 1.
    public var minimumWindows: Int
    /// Seconds a block lasts (nftables `timeout`); defaults to the blocklist's `default_block_seconds`.
    public var blockSeconds: Int

    public init(actions: Set<ResponseActionKind>, minimumProbability: Double = 0, minimumWindows: Int = 1, blockSeconds: Int = 3600) {
        self.actions = actions
        self.minimumProbability = minimumProbability
        self.minimumWindows = minimumWindows
        self.blockSeconds = blockSeconds
    }

    /// Whether `incident` is severe enough for this policy's actions.
    public func applies(to incident: Incident) -> Bool {
        Double(incident.peakProbability) >= minimumProbability && incident.windows >= minimumWindows
    }
}
