import Foundation
@testable import IoTData

/// Paths to the real data bundled in the repository, and scratch files for tests.
enum Fixtures {
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Real CICIoT2023 v2 sample with family-only labels (`label_multiclass`).
    static let enasnayel = repoRoot.appendingPathComponent("data/ciciot2023/cic-v2-enasnayel-sample.csv").path
    /// Real CICIoT2023 v2 sample with fine labels (`Label`, benign spelled `Benign_Final`).
    static let robotumbel = repoRoot.appendingPathComponent("data/ciciot2023/cic-v2-robotumbel-sample.csv").path
    static let samples = [enasnayel, robotumbel]

    /// A fresh scratch directory, unique per call.
    static func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("iotshield-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `bytes` to a scratch file and returns its path.
    static func write(_ bytes: [UInt8], name: String = "input.csv") throws -> String {
        let url = try scratchDirectory().appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    static func write(_ text: String, name: String = "input.csv") throws -> String {
        try write(Array(text.utf8), name: name)
    }

    /// The first `count` lines of a real sample (header included).
    static func lines(of path: String, count: Int) throws -> [String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return Array(text.split(separator: "\n", omittingEmptySubsequences: false).prefix(count).map(String.init))
    }

    /// Reads CSV files completely into (rows, labels) with the production reader.
    static func readAll(_ files: [String], options: CSVReader.Options = .init()) throws -> (rows: [[Float]], labels: [LabelCode], hashes: [UInt64]) {
        var rows: [[Float]] = []
        var labels: [LabelCode] = []
        var hashes: [UInt64] = []
        try CSVReader(options: options).read(files: files) { block, _, _ in
            for row in 0..<block.rowCount {
                rows.append(block.row(row))
                labels.append(block.label(at: row))
                hashes.append(block.hashes[row])
            }
        }
        return (rows, labels, hashes)
    }
}
