import Foundation
import Testing
@testable import IoTData

@Suite("Synthetic scale data and statistics")
struct SynthAndStatsTests {
    func realStore() throws -> String {
        let path = try Fixtures.scratchDirectory().appendingPathComponent("real.iotc").path
        _ = try Ingestor.run(inputs: Fixtures.samples, store: path, showProgress: false)
        return path
    }

    /// Every synthetic row lies inside the bounding box of its label's real rows, is marked
    /// synthetic, and the output does not depend on the thread count.
    @Test func synthesisedRowsStayWithinTheirLabel() throws {
        let source = try realStore()
        let real = try Dataset.load(store: source)
        var low: [LabelCode: [Float]] = [:]
        var high: [LabelCode: [Float]] = [:]
        for row in 0..<real.rowCount {
            let values = real.features.row(row)
            let label = real.labels[row]
            low[label] = zip(low[label] ?? values, values).map { min($0, $1) }
            high[label] = zip(high[label] ?? values, values).map { max($0, $1) }
        }
        let generator = try SyntheticRowGenerator(store: source)
        let directory = try Fixtures.scratchDirectory()
        let csv = directory.appendingPathComponent("synth.csv").path
        try generator.writeCSV(path: csv, rows: 70_000, seed: 9, threads: 2)
        let csvOneThread = directory.appendingPathComponent("synth1.csv").path
        try generator.writeCSV(path: csvOneThread, rows: 70_000, seed: 9, threads: 1)
        #expect(FileManager.default.contentsEqual(atPath: csv, andPath: csvOneThread))

        let storePath = directory.appendingPathComponent("synth.iotc").path
        try generator.writeStore(path: storePath, rows: 70_000, seed: 9)
        let synthetic = try Dataset.load(store: storePath)
        #expect(synthetic.rowCount == 70_000)
        #expect(try ColumnStoreReader(path: storePath).metadata.synthetic?.seed == 9)
        for row in 0..<synthetic.rowCount {
            let label = synthetic.labels[row]
            let (lo, hi) = (try #require(low[label]), try #require(high[label]))
            for column in 0..<synthetic.features.columnCount {
                let value = synthetic.features[row, column]
                if value < lo[column] - 1e-3 * abs(lo[column]) - 1e-6 || value > hi[column] + 1e-3 * abs(hi[column]) + 1e-6 {
                    Issue.record("row \(row) column \(column): \(value) outside [\(lo[column]), \(hi[column])]")
                    return
                }
            }
        }
        // The CSV re-ingests, and the store made from it stays marked synthetic.
        let reingested = directory.appendingPathComponent("again.iotc").path
        let summary = try Ingestor.run(inputs: [csv], store: reingested, showProgress: false)
        #expect(summary.rowsIn == 70_000)
        #expect(summary.synthetic?.from == source)
        #expect(try ColumnStoreReader(path: reingested).metadata.synthetic != nil)
        let profile = try DatasetProfile.of(store: reingested)
        #expect(profile.synthetic != nil)
        #expect(profile.text.contains("SYNTHETIC"))
    }

    /// Streaming statistics equal a two-pass computation in Double.
    @Test func columnStatisticsMatchTwoPass() throws {
        let data = try Dataset.load(csv: Fixtures.samples)
        for column in 0..<data.features.columnCount {
            let values = data.features.column(column).map(Double.init)
            var stats = ColumnStatistics()
            for value in data.features.column(column) { stats.add(value) }
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)
            #expect(abs(stats.mean - mean) <= 1e-9 * max(1, abs(mean)))
            #expect(abs(stats.variance - variance) <= 1e-7 * max(1, variance))
            #expect(stats.minimum == values.min())
            #expect(stats.maximum == values.max())
        }
    }

    @Test func profileOfStoreAndCSVAgree() throws {
        let store = try realStore()
        let fromStore = try DatasetProfile.of(store: store)
        let fromCSV = try DatasetProfile.of(csv: Fixtures.samples)
        #expect(fromStore.rows + fromStore.duplicates == fromCSV.rows)
        #expect(fromStore.duplicates == fromCSV.duplicates)
        #expect(fromStore.families.values.reduce(0, +) == fromStore.rows)
        #expect(Set(fromStore.families.keys) == Set(AttackFamily.allCases.map(\.name)))
        #expect(fromStore.nearConstantColumns.contains("SMTP"))
        #expect(!fromStore.nearConstantColumns.contains("Rate"))
        #expect(fromStore.columns.count == 39)
    }
}
