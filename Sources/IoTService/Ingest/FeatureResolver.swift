import IoTData

/// Where each of the 39 v2 features comes from in a record whose columns are named, in
/// either published layout.
///
/// v2 columns are matched by name (ASCII case and surrounding spaces ignored). A v1 record
/// (recognised by any of its own columns: `flow_duration`, `Duration`, `Srate`, `Drate`,
/// `urg_count`, `Magnitue`, `Radius`, `Covariance`, `Weight`) shares 37 of the 39 v2 columns
/// by name; of the other two, `Time_To_Live` is read from v1's `Duration` (which holds the
/// mean TTL in the CICIoT2023 extractor) and `IGMP` — absent from v1 — is taken as 0.
/// v1-only columns are ignored.
public struct FeatureResolver: Sendable {
    public enum Source: Sendable, Equatable {
        case column(String)
        case zero
    }

    /// Lowercased v2 names, in v2 order.
    static let v2Lowercased = FeatureLayout.v2.featureNames.map { $0.lowercased() }
    static let v1OnlyLowercased: Set<String> = Set(FeatureLayout.v1.featureNames.map { $0.lowercased() })
        .subtracting(FeatureLayout.v2.featureNames.map { $0.lowercased() })

    /// Lowercased v2 name → its index in v2 order.
    static let v2Index: [String: Int] = Dictionary(uniqueKeysWithValues: v2Lowercased.enumerated().map { ($1, $0) })
    static let timeToLiveIndex = v2Lowercased.firstIndex(of: "time_to_live") ?? 2
    static let igmpIndex = v2Lowercased.firstIndex(of: "igmp") ?? 27

    /// One source per v2 feature (lowercased column names).
    public let sources: [Source]

    /// Works out the sources from the names a record or CSV header has.
    /// - Throws: `ServiceError.missingFeature` naming the first v2 column (by its published
    ///   spelling) that can be found in neither layout.
    public init(availableNames: Set<String>, record: Int) throws {
        let isV1 = !availableNames.isDisjoint(with: Self.v1OnlyLowercased)
        var sources: [Source] = []
        sources.reserveCapacity(39)
        for (index, name) in Self.v2Lowercased.enumerated() {
            if availableNames.contains(name) {
                sources.append(.column(name))
            } else if isV1, name == "time_to_live", availableNames.contains("duration") {
                sources.append(.column("duration"))
            } else if isV1, name == "igmp" {
                sources.append(.zero)
            } else {
                throw ServiceError.missingFeature(field: FeatureLayout.v2.featureNames[index], record: record)
            }
        }
        self.sources = sources
    }

    /// A column name as matched: surrounding spaces and tabs removed, ASCII lowercased.
    static func normalisedName(_ name: String) -> String {
        var bytes = Array(name.utf8)
        while let last = bytes.last, last == 32 || last == 9 { bytes.removeLast() }
        let leading = bytes.prefix { $0 == 32 || $0 == 9 }.count
        return String(decoding: bytes[leading...].map { (65...90).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// The published v2 name of feature `index`.
    static func publishedName(_ index: Int) -> String { FeatureLayout.v2.featureNames[index] }
}
