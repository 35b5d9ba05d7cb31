/// Folds window alerts into incidents: one per (class, source, destination) while alerts keep
/// coming less than `gap` seconds apart, with first/last seen, window count and peak
/// probability — instead of thousands of duplicate alerts.
///
/// `add` reports whether the alert opened a new incident (emit it at once) or updated one;
/// `closeIdle`/`closeAll` hand back incidents that ended. O(1) amortised per alert; memory
/// bounded by the open incidents (`maximumOpen`): when full, the least recently updated
/// tenth is closed in one O(n log n) pass (so a flood of new host pairs costs O(log n) per
/// alert, not a scan of every open incident), counted in `closedForRoom`.
public struct IncidentAggregator: Sendable {
    struct Key: Hashable, Sendable {
        var className: String
        var source: UInt32?
        var destination: UInt32?
    }

    public enum Change: Sendable {
        case opened(Incident)
        case updated(Incident)
    }

    public let gap: Double
    public let maximumOpen: Int
    public let modelIdentifier: String
    private let runIdentifier: String
    private var open: [Key: Incident] = [:]
    private var sequence = 0
    /// Incidents closed early because `maximumOpen` were open.
    public private(set) var closedForRoom = 0

    public init(gap: Double = 60, maximumOpen: Int = 10_000, modelIdentifier: String, runIdentifier: String) {
        self.gap = gap
        self.maximumOpen = maximumOpen
        self.modelIdentifier = modelIdentifier
        self.runIdentifier = runIdentifier
    }

    public var openCount: Int { open.count }

    public mutating func add(_ alert: WindowAlert, closed: inout [Incident]) -> Change {
        let key = Key(className: alert.className, source: alert.source, destination: alert.destination)
        if let index = open.index(forKey: key) {
            if alert.timestamp - open.values[index].lastSeen <= gap {
                // Updated in place: one hash of the key, no copy of the incident in and out.
                open.values[index].lastSeen = max(open.values[index].lastSeen, alert.timestamp)
                open.values[index].windows += 1
                if alert.probability > open.values[index].peakProbability {
                    open.values[index].peakProbability = alert.probability
                    open.values[index].peakFeatures = alert.features
                }
                return .updated(open.values[index])
            }
            closed.append(open.remove(at: index).value)
        }
        if open.count >= maximumOpen {
            let oldest = open.sorted { a, b in
                a.value.lastSeen != b.value.lastSeen ? a.value.lastSeen < b.value.lastSeen : a.value.id < b.value.id
            }.prefix(max(1, maximumOpen / 10))
            for (key, incident) in oldest {
                open.removeValue(forKey: key)
                closed.append(incident)
            }
            closedForRoom += oldest.count
        }
        sequence += 1
        let incident = Incident(
            id: "\(runIdentifier)-\(sequence)", className: alert.className, family: alert.family,
            sourceIP: alert.source.map(ipv4String), destinationIP: alert.destination.map(ipv4String),
            protocolNumber: alert.protocolNumber, firstSeen: alert.timestamp, lastSeen: alert.timestamp, windows: 1,
            peakProbability: alert.probability, modelIdentifier: modelIdentifier, peakFeatures: alert.features)
        open[key] = incident
        return .opened(incident)
    }

    /// Closes incidents with no alert for more than `gap` seconds before `now`.
    public mutating func closeIdle(now: Double) -> [Incident] {
        let idle = open.filter { now - $0.value.lastSeen > gap }
        for key in idle.keys { open.removeValue(forKey: key) }
        return idle.values.sorted { $0.firstSeen < $1.firstSeen }
    }

    public mutating func closeAll() -> [Incident] {
        defer { open.removeAll() }
        return open.values.sorted { $0.firstSeen < $1.firstSeen }
    }
}
