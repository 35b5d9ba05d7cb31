import Foundation
import IoTData
@testable import IoTPrep

/// Paths to the real data and the committed scikit-learn / pandas fixtures, and the
/// deduplicated real samples loaded once.
enum PrepFixtures {
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Real CICIoT2023 v2 sample with family-only labels (`label_multiclass`).
    static let enasnayel = repoRoot.appendingPathComponent("data/ciciot2023/cic-v2-enasnayel-sample.csv").path
    /// Real CICIoT2023 v2 sample with fine labels (`Label`).
    static let robotumbel = repoRoot.appendingPathComponent("data/ciciot2023/cic-v2-robotumbel-sample.csv").path
    static let samples = [enasnayel, robotumbel]

    static let sklearnDirectory = repoRoot.appendingPathComponent("Tests/Fixtures/sklearn")

    private static let loadedSamples = Result<Dataset, any Error> { try Dataset.load(csv: samples) }
    private static let loadedRobotumbel = Result<Dataset, any Error> { try Dataset.load(csv: [robotumbel]) }

    /// Both real samples, deduplicated by `Dataset.load`.
    static func samplesDataset() throws -> Dataset { try loadedSamples.get() }
    /// The fine-labelled sample alone, deduplicated.
    static func robotumbelDataset() throws -> Dataset { try loadedRobotumbel.get() }

    /// The v2 features minus `IAT` (the correlation reference's columns).
    static let featuresWithoutIAT = FeatureLayout.v2.featureNames.filter { $0 != "IAT" }

    static func decode<T: Decodable>(_ type: T.Type, fixture name: String) throws -> T {
        let data = try Data(contentsOf: sklearnDirectory.appendingPathComponent(name))
        return try JSONDecoder().decode(T.self, from: data)
    }

    /// A fresh scratch directory, unique per call.
    static func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("iotshield-prep-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `matrix` restricted to the named columns, in that order.
    static func select(_ matrix: FeatureMatrix, _ names: [String]) -> FeatureMatrix {
        matrix.columns(names.compactMap { matrix.columnNames.firstIndex(of: $0) })
    }

    /// A matrix from rows of Doubles (exactly representable as Float in the fixtures).
    static func matrix(_ rows: [[Double]], columns: [String]) -> FeatureMatrix {
        FeatureMatrix(rowCount: rows.count, columnNames: columns, values: rows.flatMap { $0.map { Float($0) } })
    }

    /// `|actual − expected| ≤ tolerance × max(1, |expected|)`.
    static func close(_ actual: Double, _ expected: Double, _ tolerance: Double) -> Bool {
        abs(actual - expected) <= tolerance * max(1, abs(expected))
    }
}
