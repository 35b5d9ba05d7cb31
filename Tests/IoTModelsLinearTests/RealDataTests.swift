import Foundation
import IoTData
import Testing
@testable import IoTModels

extension DenseModelTests {
    /// Both real samples, family task (8 classes), stratified 80/20 split, min-max scaling
    /// fitted on the training rows.
    @Suite("Real samples, family task") struct RealData {
        func split() throws -> LinearTestSupport.Split { try LinearTestSupport.familySplit.get() }

        func score(_ model: some Classifier, _ split: LinearTestSupport.Split) -> (f1: Double, baseline: Double) {
            let f1 = LinearTestSupport.macroF1(predicted: model.predict(split.test.features), actual: split.test.labels, classCount: split.test.classCount)
            return (f1, LinearTestSupport.majorityBaselineMacroF1(train: split.train, test: split.test))
        }

        @Test func splitIsStratifiedAndScaled() throws {
            let split = try split()
            #expect(split.train.rowCount + split.test.rowCount > 16_000)
            #expect(split.train.features.columnCount == 39)
            for (train, test) in zip(split.train.classCounts, split.test.classCounts) where train + test > 0 {
                let fraction = Double(test) / Double(train + test)
                #expect(abs(fraction - 0.2) < 0.01)
            }
            #expect(split.train.features.values.allSatisfy { $0 >= 0 && $0 <= 1 })
        }

        @Test func logisticRegressionAdamBeatsBaselineAndConverges() throws {
            let split = try split()
            let start = Date()
            let model = try LogisticRegressionClassifier.fit(split.train)
            let (f1, baseline) = score(model, split)
            print("LR adam: macro-F1 \(f1) vs baseline \(baseline); \(model.convergence); \(Date().timeIntervalSince(start)) s")
            #expect(model.convergence.converged, "\(model.convergence)")
            #expect(model.convergence.iterations <= model.convergence.maxIterations)
            #expect(f1 > baseline + 0.4)
        }

        @Test func logisticRegressionLBFGSBeatsBaselineAndConverges() throws {
            let split = try split()
            let start = Date()
            let model = try LogisticRegressionClassifier.fit(split.train, options: .init(solver: .lbfgs, maxIterations: 500))
            let (f1, baseline) = score(model, split)
            print("LR lbfgs: macro-F1 \(f1) vs baseline \(baseline); \(model.convergence); \(Date().timeIntervalSince(start)) s")
            #expect(model.convergence.converged, "\(model.convergence)")
            #expect(f1 > baseline + 0.4)
        }

        @Test func perceptronBeatsBaseline() throws {
            let split = try split()
            let start = Date()
            let model = try PerceptronClassifier.fit(split.train)
            let (f1, baseline) = score(model, split)
            print("perceptron: macro-F1 \(f1) vs baseline \(baseline); \(model.convergence); \(Date().timeIntervalSince(start)) s")
            #expect(f1 > baseline + 0.3)
        }

        @Test func neuralNetworkBeatsBaseline() throws {
            let split = try split()
            let start = Date()
            // Early stopping watches a stratified 10% of the training rows, never the test rows.
            let (fitRows, validationRows) = LinearTestSupport.stratifiedSplit(
                labels: split.train.labels, classCount: split.train.classCount, testFraction: 0.1, seed: 8)
            let subset = { (rows: [Int]) in
                TrainingData(features: split.train.features.rows(rows), labels: rows.map { split.train.labels[$0] }, classCount: split.train.classCount)
            }
            let model = try NeuralNetworkClassifier.fit(subset(fitRows), validation: subset(validationRows))
            let (f1, baseline) = score(model, split)
            print("dnn: macro-F1 \(f1) vs baseline \(baseline); \(model.convergence); \(Date().timeIntervalSince(start)) s")
            #expect(f1 > baseline + 0.4)
        }
    }
}
