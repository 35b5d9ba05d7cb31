import Foundation
import Testing
@testable import IoTData
@testable import IoTEval
@testable import IoTModels
@testable import IoTPrep

/// The pieces `make bench` reads through the CLI: row checksums, scoring timings, latency.
@Suite("Benchmark support: checksums, summaries, scoring timer, latency probe", .serialized)
struct BenchmarkSupportTests {
    @Test func checksumIsThePositionWeightedSumNumPyComputes() {
        // bits(1.0) = 0x3F800000, bits(-2.0) = 0xC0000000, bits(0.5) = 0x3F000000, bits(0) = 0.
        let matrix = FeatureMatrix(rowCount: 2, columnNames: ["a", "b"], values: [1.0, -2.0, 0.5, 0])
        let checksum = PreparedSetChecksum(features: matrix, classes: [3, 0])
        let expected: UInt64 = 0x3F80_0000 * 1 + 0xC000_0000 * 2 + 0x3F00_0000 * 3
        #expect(checksum.features == expected)
        #expect(checksum.classes == 4 * 1 + 1 * 2)
        #expect(checksum.description == "2x2:\(String(expected, radix: 16)):6")
        // Order matters: the same rows swapped give another sum.
        let swapped = FeatureMatrix(rowCount: 2, columnNames: ["a", "b"], values: [0.5, 0, 1.0, -2.0])
        #expect(PreparedSetChecksum(features: swapped, classes: [0, 3]) != checksum)
    }

    @Test func summaryTimerAndLatencyOnATrainedForest() throws {
        let dataset = try Dataset.load(csv: TrainingAndModelFileTests.samples)
        let result = try TrainingAndModelFileTests.job().run(dataset)
        let summary = TrainingSummary(result)
        #expect(summary.model == "rf" && summary.task == "family")
        #expect(summary.fittedRows == result.trainChecksum.rows && summary.testRows == result.preparation.split.testRows)
        #expect(summary.treeNodes == (result.modelFile.classifier as? RandomForestClassifier)?.forest.nodes.count)
        #expect(summary.iterations == nil && summary.testMacroF1 == result.testReport?.macroF1)
        let json = String(decoding: try JSONEncoder().encode(summary), as: UTF8.self)
        for key in ["\"fit_seconds\"", "\"train_checksum\"", "\"test_checksum\"", "\"tree_nodes\"", "\"test_macro_f1\""] {
            #expect(json.contains(key), "summary JSON has \(key)")
        }

        let batch = try ScoringTimer.batch(result.modelFile, raw: dataset.features)
        let direct = try result.modelFile.predictProbabilities(dataset.features)
        #expect(batch.probabilities == direct)
        #expect(batch.scoreSeconds >= 0 && batch.transformSeconds >= 0)
        let latency = LatencyProbe.measure(result.modelFile.classifier, rows: batch.transformed, passes: 2, maxRows: 100)
        #expect(latency.samples == 2 * min(100, dataset.rowCount))
        #expect(latency.p50 <= latency.p99 && latency.p99 <= latency.max && latency.p50 > 0)
    }
}
