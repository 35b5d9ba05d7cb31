import IoTData
import Testing
@testable import IoTModels

extension DenseModelTests {
    /// Bad training data is refused with a typed error whose message names the problem.
    @Suite("Training errors") struct TrainingErrors {
        static func data(_ values: [Float], labels: [Int32], classCount: Int, weights: [Float]? = nil) -> TrainingData {
            let columns = labels.isEmpty ? 2 : values.count / labels.count
            return TrainingData(
                features: FeatureMatrix(rowCount: labels.count, columnNames: (0..<columns).map { "feature\($0)" }, values: values),
                labels: labels, classCount: classCount, weights: weights)
        }

        /// Runs all three fits and returns their errors.
        static func errors(_ train: TrainingData, validation: TrainingData? = nil) -> [DenseTrainingError?] {
            func capture(_ body: () throws -> Void) -> DenseTrainingError? {
                do { try body() } catch let error as DenseTrainingError { return error } catch { return nil }
                return nil
            }
            return [
                capture { _ = try LogisticRegressionClassifier.fit(train, validation: validation) },
                capture { _ = try LogisticRegressionClassifier.fit(train, validation: validation, options: .init(solver: .lbfgs)) },
                capture { _ = try PerceptronClassifier.fit(train, validation: validation) },
                capture { _ = try NeuralNetworkClassifier.fit(train, validation: validation) },
            ]
        }

        @Test func emptyData() {
            for error in Self.errors(Self.data([], labels: [], classCount: 3)) {
                #expect(error == .emptyData(set: "training"))
                #expect(error?.description.contains("no rows") == true)
            }
        }

        @Test func fewerThanTwoClasses() {
            for error in Self.errors(Self.data([0, 1, 1, 0], labels: [0, 0], classCount: 1)) {
                #expect(error == .tooFewClasses(1))
                #expect(error?.description.contains("at least 2 classes") == true)
            }
        }

        @Test func nanAndInfiniteInputs() {
            let train = Self.data([0, 1, 0.5, .nan, 1, 0], labels: [0, 1, 0], classCount: 2)
            for error in Self.errors(train) {
                // NaN ≠ NaN, so match the case instead of comparing errors.
                if case let .nonFiniteFeature(set, row, column, name, value) = error {
                    #expect(set == "training" && row == 1 && column == 1 && name == "feature1" && value.isNaN)
                } else {
                    Issue.record("expected a non-finite feature error, got \(String(describing: error))")
                }
                #expect(error?.description.contains("'feature1'") == true && error?.description.contains("nan") == true)
            }
            let validation = Self.data([0, .infinity], labels: [1], classCount: 2)
            let good = Self.data([0, 1, 0.5, 0.2, 1, 0], labels: [0, 1, 0], classCount: 2)
            for error in Self.errors(good, validation: validation) {
                #expect(error == .nonFiniteFeature(set: "validation", row: 0, column: 1, name: "feature1", value: .infinity))
            }
        }

        @Test func labelsWeightsAndShapes() {
            let badLabel = Self.data([0, 1, 0.5, 0.2], labels: [0, 3], classCount: 2)
            for error in Self.errors(badLabel) { #expect(error == .labelOutOfRange(set: "training", row: 1, label: 3, classCount: 2)) }
            let badWeight = Self.data([0, 1, 0.5, 0.2], labels: [0, 1], classCount: 2, weights: [1, -1])
            for error in Self.errors(badWeight) { #expect(error == .invalidWeight(set: "training", row: 1, value: -1)) }
            let zeroWeight = Self.data([0, 1, 0.5, 0.2], labels: [0, 1], classCount: 2, weights: [0, 0])
            for error in Self.errors(zeroWeight) { #expect(error == .emptyData(set: "training")) }
            let good = Self.data([0, 1, 0.5, 0.2], labels: [0, 1], classCount: 2)
            let narrow = TrainingData(features: FeatureMatrix(rowCount: 1, columnNames: ["a"], values: [0]), labels: [0], classCount: 2)
            for error in Self.errors(good, validation: narrow) {
                if case .shapeMismatch = error {} else { Issue.record("expected a shape mismatch, got \(String(describing: error))") }
            }
        }

        @Test func invalidOptions() {
            let good = Self.data([0, 1, 0.5, 0.2], labels: [0, 1], classCount: 2)
            var lr = LogisticRegressionClassifier.Options()
            lr.inverseRegularization = 0
            #expect(throws: DenseTrainingError.self) { _ = try LogisticRegressionClassifier.fit(good, options: lr) }
            var network = NeuralNetworkClassifier.Options()
            network.dropout = 1
            #expect(throws: DenseTrainingError.self) { _ = try NeuralNetworkClassifier.fit(good, options: network) }
            network = .init(hiddenLayers: [0])
            #expect(throws: DenseTrainingError.self) { _ = try NeuralNetworkClassifier.fit(good, options: network) }
        }

        /// Tiny separable problems fit, binary included (2-class softmax).
        @Test func binaryTaskFits() throws {
            let train = Self.data([0, 0, 0.1, 0.2, 1, 1, 0.9, 0.8], labels: [0, 0, 1, 1], classCount: 2)
            let lr = try LogisticRegressionClassifier.fit(train, options: .init(solver: .lbfgs, inverseRegularization: 100, maxIterations: 200))
            #expect(lr.predict(train.features) == [0, 0, 1, 1])
            // Symmetric at the optimum: w₀ = −w₁ (the equivalence with binary logistic regression).
            for j in 0..<2 { #expect(abs(lr.weights[j] + lr.weights[2 + j]) < 1e-3) }
            let perceptron = try PerceptronClassifier.fit(train)
            #expect(perceptron.predict(train.features) == [0, 0, 1, 1])
        }
    }
}
