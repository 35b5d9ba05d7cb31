import Foundation
import Testing
@testable import IoTData
@testable import IoTEval

@Suite("Metrics against scikit-learn")
struct MetricsTests {
    struct Case: Decodable {
        struct Expected: Decodable {
            var accuracy: Double
            var balanced_accuracy: Double
            var precision: [Double]
            var recall: [Double]
            var f1: [Double]
            var support: [Int]
            var macro_precision: Double
            var macro_recall: Double
            var macro_f1: Double
            var weighted_precision: Double
            var weighted_recall: Double
            var weighted_f1: Double
            var auc: [Double?]
            var auc_macro: Double?
            var auc_macro_ovr: Double?
            var auc_binary: Double?
            var confusion: [[Int]]
        }
        var name: String
        var classes: [String]
        var y_true: [Int]
        var y_pred: [Int]
        var y_score: [Double]
        var expected: Expected
    }

    struct Fixture: Decodable {
        var sklearn: String
        var cases: [Case]
    }

    static func fixture() throws -> Fixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/sklearn-metrics/cases.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    static func close(_ a: Double?, _ b: Double?, _ tolerance: Double = 1e-9) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (x?, y?): return abs(x - y) <= tolerance
        default: return false
        }
    }

    @Test func everyNumberMatchesScikitLearn() throws {
        let fixture = try Self.fixture()
        #expect(fixture.cases.count >= 5)
        for c in fixture.cases {
            let report = ClassificationReport(
                truth: c.y_true, predicted: c.y_pred, probabilities: c.y_score.map { Float($0) }, classes: c.classes, benignClass: 0)
            let e = c.expected
            #expect(Self.close(report.accuracy, e.accuracy), "\(c.name) accuracy")
            #expect(Self.close(report.balancedAccuracy, e.balanced_accuracy), "\(c.name) balanced accuracy")
            #expect(Self.close(report.macroPrecision, e.macro_precision), "\(c.name) macro precision")
            #expect(Self.close(report.macroRecall, e.macro_recall), "\(c.name) macro recall")
            #expect(Self.close(report.macroF1, e.macro_f1), "\(c.name) macro F1")
            #expect(Self.close(report.weightedPrecision, e.weighted_precision), "\(c.name) weighted precision")
            #expect(Self.close(report.weightedRecall, e.weighted_recall), "\(c.name) weighted recall")
            #expect(Self.close(report.weightedF1, e.weighted_f1), "\(c.name) weighted F1")
            #expect(report.confusion.rows == e.confusion, "\(c.name) confusion")
            for k in c.classes.indices {
                let scores = report.perClass[k]
                #expect(Self.close(scores.precision, e.precision[k]), "\(c.name) precision[\(k)]")
                #expect(Self.close(scores.recall, e.recall[k]), "\(c.name) recall[\(k)]")
                #expect(Self.close(scores.f1, e.f1[k]), "\(c.name) f1[\(k)]")
                #expect(scores.support == e.support[k])
                #expect(Self.close(scores.auc, e.auc[k]), "\(c.name) auc[\(k)]: \(String(describing: scores.auc)) vs \(String(describing: e.auc[k]))")
            }
            #expect(Self.close(report.aucMacro, e.auc_macro), "\(c.name) auc macro")
            if let ovr = e.auc_macro_ovr { #expect(Self.close(report.aucMacro, ovr), "\(c.name) OvR macro AUC") }
            if let binary = e.auc_binary { #expect(Self.close(report.perClass[1].auc, binary), "\(c.name) binary AUC") }
        }
    }

    // MARK: properties

    static func randomCase(seed: UInt64, rows: Int = 500, classes k: Int = 5) -> (truth: [Int], predicted: [Int], scores: [Float]) {
        var g = SplitMix64(seed: seed)
        let truth = (0..<rows).map { _ in Int(g.next() % UInt64(k)) }
        var scores = [Float](repeating: 0, count: rows * k)
        var predicted = [Int]()
        for r in 0..<rows {
            var sum: Float = 0
            for c in 0..<k {
                scores[r * k + c] = g.nextUnitFloat() + (c == truth[r] ? 0.6 : 0)
                sum += scores[r * k + c]
            }
            for c in 0..<k { scores[r * k + c] /= sum }
            predicted.append((0..<k).max { scores[r * k + $0] < scores[r * k + $1] } ?? 0)
        }
        return (truth, predicted, scores)
    }

    @Test func perfectPredictionsScoreOne() {
        let (truth, _, _) = Self.randomCase(seed: 1)
        let k = 5
        let scores = truth.flatMap { t in (0..<k).map { Float($0 == t ? 1 : 0) } }
        let report = ClassificationReport(truth: truth, predicted: truth, probabilities: scores, classes: ["a", "b", "c", "d", "e"])
        #expect(report.accuracy == 1 && report.macroF1 == 1 && report.weightedF1 == 1 && report.balancedAccuracy == 1)
        #expect(report.aucMacro == 1)
        #expect(report.benignFalsePositiveRate == 0)
    }

    @Test(arguments: [2, 3, 4])
    func permutingRowsChangesNothing(seed: UInt64) {
        let (truth, predicted, scores) = Self.randomCase(seed: seed)
        var g = SplitMix64(seed: seed + 100)
        let order = Array(truth.indices).shuffled(using: &g)
        let k = 5
        let a = ClassificationReport(truth: truth, predicted: predicted, probabilities: scores, classes: ["a", "b", "c", "d", "e"])
        let b = ClassificationReport(
            truth: order.map { truth[$0] }, predicted: order.map { predicted[$0] },
            probabilities: order.flatMap { r in (0..<k).map { scores[r * k + $0] } }, classes: ["a", "b", "c", "d", "e"])
        #expect(a.perClass == b.perClass)
        #expect(a.macroF1 == b.macroF1 && a.accuracy == b.accuracy && a.aucMacro == b.aucMacro)
    }

    @Test func relabellingClassesPermutesTheReport() {
        let (truth, predicted, scores) = Self.randomCase(seed: 9)
        let k = 5
        let names = ["a", "b", "c", "d", "e"]
        let map = [3, 0, 4, 1, 2]  // old class → new class
        var newScores = [Float](repeating: 0, count: scores.count)
        for r in truth.indices { for c in 0..<k { newScores[r * k + map[c]] = scores[r * k + c] } }
        var newNames = names
        for c in 0..<k { newNames[map[c]] = names[c] }
        let a = ClassificationReport(truth: truth, predicted: predicted, probabilities: scores, classes: names)
        let b = ClassificationReport(truth: truth.map { map[$0] }, predicted: predicted.map { map[$0] }, probabilities: newScores, classes: newNames)
        for c in 0..<k { #expect(a.perClass[c] == b.perClass[map[c]]) }
        #expect(abs(a.macroF1 - b.macroF1) < 1e-12)
        #expect(abs((a.aucMacro ?? 0) - (b.aucMacro ?? 1)) < 1e-12)
        #expect(a.accuracy == b.accuracy)
    }

    @Test func aucEqualsPairwiseCount() {
        // A second computation: the share of (positive, negative) pairs ranked correctly, ties ½.
        var g = SplitMix64(seed: 11)
        let positives = (0..<400).map { _ in g.next() % 3 == 0 }
        let scores = (0..<400).map { _ in Double(g.next() % 20) / 20 }
        var wins = 0.0, pairs = 0.0
        for i in positives.indices where positives[i] {
            for j in positives.indices where !positives[j] {
                pairs += 1
                wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0
            }
        }
        let roc = ROCCurve(positives: positives, scores: scores)
        #expect(abs((roc.area ?? -1) - wins / pairs) < 1e-12)
        #expect(roc.falsePositiveRates.first == 0 && roc.falsePositiveRates.last == 1)
        #expect(ROCCurve(positives: [true, true], scores: [0.2, 0.3]).area == nil, "one class only: undefined")
    }

    @Test func benignFalsePositiveRate() {
        let report = ClassificationReport(truth: [0, 0, 0, 0, 1, 2], predicted: [0, 1, 2, 0, 1, 2], classes: ["Benign", "DDoS", "DoS"])
        #expect(report.benignFalsePositiveRate == 0.5)
        #expect(report.text.contains("macro avg"))
        #expect(report.text.contains("benign false-positive rate 0.5000"))
    }
}
