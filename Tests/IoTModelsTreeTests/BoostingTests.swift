import Foundation
import IoTData
import IoTModels
import Testing

@Suite("Gradient boosting and AdaBoost on the real samples")
struct BoostingTests {
    /// A validation part carved from the training rows (every 10th row), never the test rows.
    static func trainAndValidation(_ data: TrainingData) -> (TrainingData, TrainingData) {
        let validationRows = Array(Swift.stride(from: 0, to: data.rowCount, by: 10))
        let trainRows = (0..<data.rowCount).filter { $0 % 10 != 0 }
        func part(_ rows: [Int]) -> TrainingData {
            TrainingData(features: data.features.rows(rows), labels: rows.map { data.labels[$0] }, classCount: data.classCount)
        }
        return (part(trainRows), part(validationRows))
    }

    @Test func gradientBoostingBeatsTheMajorityBaseline() throws {
        let split = TreeFixtures.family
        var options = GradientBoostingOptions()
        options.rounds = 40
        options.learningRate = 0.2
        let model = try GradientBoostingClassifier.fit(split.train, options: options)
        let f1 = TreeFixtures.f1(model, on: split.test)
        print("gradient boosting: macro-F1 \(f1), majority baseline \(TreeFixtures.majorityBaseline(split)), \(model.rounds) rounds")
        #expect(f1 >= 0.6)
        #expect(model.rounds == 40)
        #expect(TreeFixtures.probabilityProblems(model, on: split.test.features) == nil)
        let importances = try #require(model.featureImportances)
        #expect(abs(importances.reduce(0, +) - 1) < 1e-4)
    }

    /// Early stopping on a validation set keeps the best round; the same seed gives the same
    /// bytes for 1 and 2 threads.
    @Test func earlyStoppingAndReproducibility() throws {
        let (train, validation) = Self.trainAndValidation(TreeFixtures.family.train)
        var options = GradientBoostingOptions()
        options.rounds = 400
        options.learningRate = 0.5
        options.maxLeaves = 15
        options.earlyStoppingPatience = 5
        options.rowFraction = 0.8
        options.featureFraction = 0.7
        options.threads = 1
        let recorder = LossRecorder()
        let model = try GradientBoostingClassifier.fit(train, validation: validation, options: options) { _, _, _, loss in
            if let loss { recorder.append(loss) }
        }
        let losses = recorder.values
        #expect(model.rounds < 400, "stops before 400 rounds at learning rate 0.5")
        #expect(losses.count == model.rounds + 5)
        #expect(losses.min() == losses[model.rounds - 1])
        options.threads = 2
        let again = try GradientBoostingClassifier.fit(train, validation: validation, options: options)
        #expect(again.forest == model.forest)
        #expect(TreeFixtures.probabilityProblems(model, on: TreeFixtures.family.test.features) == nil)
    }

    /// Two classes: one logistic tree per round, probabilities still sum to 1.
    @Test func binaryTaskUsesTheLogisticLink() throws {
        let split = TreeFixtures.family
        func binary(_ data: TrainingData) -> TrainingData {
            TrainingData(features: data.features, labels: data.labels.map { $0 == 0 ? 0 : 1 }, classCount: 2)
        }
        var options = GradientBoostingOptions()
        options.rounds = 30
        let model = try GradientBoostingClassifier.fit(binary(split.train), options: options)
        #expect(model.forest.treeCount == 30)
        #expect(model.forest.link == .sigmoid)
        #expect(TreeFixtures.probabilityProblems(model, on: split.test.features) == nil)
        #expect(TreeFixtures.f1(model, on: binary(split.test)) > 0.7)
    }

    @Test func adaBoostBeatsTheMajorityBaseline() throws {
        let split = TreeFixtures.family
        var options = AdaBoostOptions()
        options.rounds = 60
        let model = try AdaBoostClassifier.fit(split.train, options: options)
        let f1 = TreeFixtures.f1(model, on: split.test)
        print("AdaBoost (SAMME, stumps): macro-F1 \(f1), \(model.forest.treeCount) stumps")
        #expect(f1 >= 0.3)
        #expect(TreeFixtures.probabilityProblems(model, on: split.test.features) == nil)
        options.threads = 1
        let one = try AdaBoostClassifier.fit(split.train, options: options)
        #expect(one.forest == model.forest, "thread count does not change the model")
    }
}

/// Collects the losses reported through `TrainingProgress`.
final class LossRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Double] = []
    func append(_ value: Double) { lock.lock(); stored.append(value); lock.unlock() }
    var values: [Double] { lock.lock(); defer { lock.unlock() }; return stored }
}
