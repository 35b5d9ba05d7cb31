import IoTData
import Testing
@testable import IoTModels

extension DenseModelTests {
    /// The `Classifier` contract for the three models: reproducible fits, exact round trips,
    /// probabilities that sum to 1, single-row = batch, damaged encodings rejected.
    @Suite("Classifier contract") struct Contract {
        enum Kind: String, CaseIterable, CustomTestStringConvertible, Sendable {
            case logisticAdam, logisticLBFGS, perceptron, network
            var testDescription: String { rawValue }
        }

        /// 3,000 training rows of the real split (scaled), the test rows for scoring.
        static func data() throws -> (train: TrainingData, test: TrainingData) {
            let split = try LinearTestSupport.familySplit.get()
            return (LinearTestSupport.prefix(split.train, 3000), split.test)
        }

        /// Fits `kind` with seed `seed` on 2 OpenBLAS threads; returns the model's encoding and a decoder.
        static func fit(_ kind: Kind, seed: UInt64, train: TrainingData) throws -> any Classifier {
            switch kind {
            case .logisticAdam:
                var options = LogisticRegressionClassifier.Options(solver: .adam, maxIterations: 30, seed: seed)
                options.threads = 2
                return try LogisticRegressionClassifier.fit(train, options: options)
            case .logisticLBFGS:
                var options = LogisticRegressionClassifier.Options(solver: .lbfgs, maxIterations: 50)
                options.threads = 2
                return try LogisticRegressionClassifier.fit(train, options: options)
            case .perceptron:
                return try PerceptronClassifier.fit(train, options: .init(maxEpochs: 30, seed: seed))
            case .network:
                var options = NeuralNetworkClassifier.Options(epochs: 3, seed: seed)
                options.threads = 2
                return try NeuralNetworkClassifier.fit(train, options: options)
            }
        }

        static func decode(_ kind: Kind, _ bytes: [UInt8]) throws -> any Classifier {
            switch kind {
            case .logisticAdam, .logisticLBFGS: return try LinearTestSupport.decode(LogisticRegressionClassifier.self, bytes)
            case .perceptron: return try LinearTestSupport.decode(PerceptronClassifier.self, bytes)
            case .network: return try LinearTestSupport.decode(NeuralNetworkClassifier.self, bytes)
            }
        }

        @Test(arguments: Kind.allCases) func reproducibleBitForBit(kind: Kind) throws {
            let (train, test) = try Self.data()
            let first = try Self.fit(kind, seed: 42, train: train)
            let second = try Self.fit(kind, seed: 42, train: train)
            #expect(LinearTestSupport.encode(first) == LinearTestSupport.encode(second))
            #expect(first.predictProbabilities(test.features) == second.predictProbabilities(test.features))
            if kind != .logisticLBFGS {
                let other = try Self.fit(kind, seed: 43, train: train)
                #expect(LinearTestSupport.encode(first) != LinearTestSupport.encode(other), "the seed must matter")
            }
        }

        @Test(arguments: Kind.allCases) func encodeDecodeGivesIdenticalProbabilities(kind: Kind) throws {
            let (train, test) = try Self.data()
            let model = try Self.fit(kind, seed: 1, train: train)
            let bytes = LinearTestSupport.encode(model)
            let decoded = try Self.decode(kind, bytes)
            #expect(decoded.predictProbabilities(test.features) == model.predictProbabilities(test.features))
            #expect(LinearTestSupport.encode(decoded) == bytes)
            #expect(decoded.classCount == model.classCount && decoded.featureCount == model.featureCount)
        }

        @Test(arguments: Kind.allCases) func probabilitiesSumToOneAndRowMatchesBatch(kind: Kind) throws {
            let (train, test) = try Self.data()
            let model = try Self.fit(kind, seed: 1, train: train)
            let batch = model.predictProbabilities(test.features)
            let single = LinearTestSupport.rowByRow(model, test.features)
            #expect(batch.count == test.rowCount * model.classCount)
            var worstSum: Float = 0
            var worstDifference: Float = 0
            for r in 0..<test.rowCount {
                var sum: Float = 0
                for c in 0..<model.classCount {
                    let p = batch[r * model.classCount + c]
                    #expect(p >= 0 && p <= 1)
                    sum += p
                    worstDifference = max(worstDifference, abs(p - single[r * model.classCount + c]))
                }
                worstSum = max(worstSum, abs(sum - 1))
            }
            print("\(kind): largest |Σp − 1| = \(worstSum), largest |single − batch| = \(worstDifference)")
            #expect(worstSum <= 1e-5, "largest |Σp − 1| = \(worstSum)")
            #expect(worstDifference <= 1e-6, "largest |single − batch| = \(worstDifference)")
        }

        @Test(arguments: Kind.allCases) func damagedEncodingsThrow(kind: Kind) throws {
            let (train, _) = try Self.data()
            let bytes = LinearTestSupport.encode(try Self.fit(kind, seed: 1, train: train))
            // Every truncation point in the header and report, and a spread through the parameters.
            let cuts = Array(0..<min(64, bytes.count)) + Array(stride(from: 64, to: bytes.count, by: max(1, bytes.count / 97)))
                + Array(max(0, bytes.count - 64)..<bytes.count)
            for cut in cuts {
                #expect(throws: ModelCodingError.self, "truncated at \(cut) of \(bytes.count)") {
                    _ = try Self.decode(kind, Array(bytes[..<cut]))
                }
            }
            for position in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 211)) {
                var damaged = bytes
                damaged[position] ^= 0x5A
                #expect(throws: ModelCodingError.self, "byte \(position) of \(bytes.count) flipped") {
                    _ = try Self.decode(kind, damaged)
                }
            }
        }

        @Test func linearImportancesSumToOneAndNetworkHasNone() throws {
            let (train, _) = try Self.data()
            for kind in [Kind.logisticLBFGS, .perceptron] {
                let importances = try #require(try Self.fit(kind, seed: 1, train: train).featureImportances)
                #expect(importances.count == train.features.columnCount)
                #expect(abs(importances.reduce(0, +) - 1) < 1e-5)
            }
            #expect(try Self.fit(.network, seed: 1, train: train).featureImportances == nil)
        }

        @Test func progressReportsEveryEpoch() throws {
            let (train, _) = try Self.data()
            final class Log: @unchecked Sendable {
                var entries: [(String, Int, Int, Double?)] = []
            }
            let log = Log()
            var options = NeuralNetworkClassifier.Options(epochs: 2, seed: 1)
            options.threads = 2
            _ = try NeuralNetworkClassifier.fit(train, options: options) { stage, done, total, loss in log.entries.append((stage, done, total, loss)) }
            #expect(log.entries.map(\.0) == ["epoch", "epoch"])
            #expect(log.entries.map(\.1) == [1, 2])
            #expect(log.entries.allSatisfy { $0.2 == 2 && ($0.3 ?? .nan).isFinite })
        }
    }
}
