import IoTData
import Testing
@testable import IoTModels

extension DenseModelTests {
    /// Analytic gradients against central finite differences on tiny problems.
    @Suite("Gradient checks") struct GradientChecks {
        /// `count × features` values uniform in [0, 1) and labels cycling through the classes.
        static func tinyData(rows: Int, features: Int, classes: Int, seed: UInt64, weighted: Bool) -> TrainingData {
            var generator = SplitMix64(seed: seed)
            let names = (0..<features).map { "f\($0)" }
            let values = (0..<(rows * features)).map { _ in generator.nextUnitFloat() }
            let labels = (0..<rows).map { Int32($0 % classes) }
            let weights = weighted ? (0..<rows).map { _ in 0.5 + generator.nextUnitFloat() } : nil
            return TrainingData(features: FeatureMatrix(rowCount: rows, columnNames: names, values: values), labels: labels, classCount: classes, weights: weights)
        }

        /// `‖a − b‖ / max(‖a‖, ‖b‖)`.
        static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
            var difference = 0.0
            var normA = 0.0
            var normB = 0.0
            for (x, y) in zip(a, b) {
                difference += (x - y) * (x - y)
                normA += x * x
                normB += y * y
            }
            return difference.squareRoot() / max(normA.squareRoot(), normB.squareRoot(), 1e-12)
        }

        @Test(arguments: [false, true]) func logisticRegressionObjective(weighted: Bool) {
            let data = Self.tinyData(rows: 12, features: 5, classes: 3, seed: 11, weighted: weighted)
            let totalWeight = data.weights.map { $0.reduce(0.0) { $0 + Double($1) } } ?? Double(data.rowCount)
            let objective = SoftmaxObjective(data: data, totalWeight: totalWeight, inverseRegularization: 0.5, blockRows: 5)
            var generator = SplitMix64(seed: 3)
            let theta = (0..<objective.parameterCount).map { _ in Double(generator.nextUnitFloat()) * 2 - 1 }
            var analytic = [Double](repeating: 0, count: theta.count)
            _ = objective.evaluate(theta, gradient: &analytic)
            var numeric = [Double](repeating: 0, count: theta.count)
            var scratch = analytic
            let h = 1e-2
            for i in 0..<theta.count {
                var plus = theta
                var minus = theta
                plus[i] += h
                minus[i] -= h
                numeric[i] = (objective.evaluate(plus, gradient: &scratch) - objective.evaluate(minus, gradient: &scratch)) / (2 * h)
            }
            let error = Self.relativeError(analytic, numeric)
            #expect(error < 1e-2, "relative error \(error)")
        }

        /// The network's backward pass (weights, biases, L2, dropout with a fixed mask) against
        /// finite differences of its forward loss.
        @Test(arguments: [(Float(0), Float(0)), (Float(0.3), Float(0.05))])
        func neuralNetworkBackward(dropout: Float, l2: Float) throws {
            let data = Self.tinyData(rows: 7, features: 4, classes: 3, seed: 5, weighted: true)
            let layout = try #require(DenseNetworkLayout(widths: [4, 6, 5, 3]))
            var initialisation = SplitMix64(seed: 9)
            let initial = DenseNetworkTrainer.heInitialisedParameters(layout: layout, generator: &initialisation)
            var biasGenerator = SplitMix64(seed: 10)
            var parameters = initial
            for l in 1...layout.layerCount {
                // Non-zero biases so their gradients are exercised away from the ReLU kinks.
                for o in 0..<layout.widths[l] { parameters[layout.biasOffsets[l] + o] = biasGenerator.nextUnitFloat() * 0.4 - 0.1 }
            }
            let trainer = DenseNetworkTrainer(layout: layout, capacity: data.rowCount, parameters: parameters)
            let normaliser = data.weights?.reduce(0.0) { $0 + Double($1) } ?? Double(data.rowCount)
            let maskSeed = SplitMix64(seed: 77)

            func objective(_ values: [Float]) -> (Double, [Double]) {
                _ = trainer.parameters.update(fromContentsOf: values)
                var generator = maskSeed  // the same dropout mask for every evaluation
                let loss = data.features.values.withUnsafeBufferPointer { x in
                    data.labels.withUnsafeBufferPointer { y in
                        data.weights!.withUnsafeBufferPointer { w in
                            trainer.lossAndGradient(input: x.baseAddress!, rows: data.rowCount, labels: y.baseAddress!, weights: w.baseAddress!,
                                                    normaliser: normaliser, dropout: dropout, l2: l2, generator: &generator)
                        }
                    }
                }
                var penalty = 0.0
                for l in 1...layout.layerCount {
                    for i in 0..<(layout.widths[l] * layout.widths[l - 1]) {
                        let w = Double(values[layout.weightOffsets[l] + i])
                        penalty += w * w
                    }
                }
                return (loss / normaliser + 0.5 * Double(l2) * penalty, trainer.gradient.map { Double($0) })
            }

            let (_, analytic) = objective(parameters)
            var numeric = [Double](repeating: 0, count: parameters.count)
            let h: Float = 1e-2
            for i in 0..<parameters.count {
                var plus = parameters
                var minus = parameters
                plus[i] += h
                minus[i] -= h
                numeric[i] = (objective(plus).0 - objective(minus).0) / Double(plus[i] - minus[i])
            }
            let error = Self.relativeError(analytic, numeric)
            #expect(error < 1e-2, "relative error \(error)")
            #expect(analytic.contains { abs($0) > 1e-3 })
        }
    }
}
