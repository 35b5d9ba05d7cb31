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

    /// The published v2 name of feature `index`.
    static func publishedName(_ index: Int) -> String { FeatureLayout.v2.featureNames[index] }
}
