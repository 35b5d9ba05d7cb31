import Foundation
import IoTData
import Testing
@testable import IoTModels

extension DenseModelTests {
    /// Speed on 200,000 synthetic rows (each the interpolation of two real rows of the same
    /// family), min-max scaled; writes them to CSV for `bench/linear_sklearn_bench.py`.
    /// Not a quality figure. Run once, in release:
    ///
    ///     IOTSHIELD_LINEAR_BENCH=1 [IOTSHIELD_LINEAR_BENCH_THREADS=n] \
    ///         swift test -c release --scratch-path .build-linear --filter LinearBenchmark
    @Suite("Linear benchmark") struct LinearBenchmark {
        static let rowCount = 200_000
        static let outputDirectory = "/tmp/iotshield-linear-bench"

        static func synthesise() throws -> TrainingData {
            let split = try LinearTestSupport.familySplit.get()
            // Unscaled real rows are not kept by the split; interpolation commutes with the
            // per-column affine scaling, so interpolating scaled rows and rescaling below is
            // the same as interpolating raw rows and scaling them.
            let source = TrainingData(
                features: FeatureMatrix(
                    rowCount: split.train.rowCount + split.test.rowCount, columnNames: split.train.features.columnNames,
                    values: split.train.features.values + split.test.features.values),
                labels: split.train.labels + split.test.labels, classCount: split.train.classCount)
            var byClass = [[Int]](repeating: [], count: source.classCount)
            for (row, label) in source.labels.enumerated() { byClass[Int(label)].append(row) }
            var generator = SplitMix64(seed: 2023)
            let d = source.features.columnCount
            var values = [Float](repeating: 0, count: rowCount * d)
            var labels = [Int32](repeating: 0, count: rowCount)
            for r in 0..<rowCount {
                let a = Int(generator.next() % UInt64(source.rowCount))
                let group = byClass[Int(source.labels[a])]
                let b = group[Int(generator.next() % UInt64(group.count))]
                let u = generator.nextUnitFloat()
                for j in 0..<d {
                    let x = source.features[a, j]
                    values[r * d + j] = x + u * (source.features[b, j] - x)
                }
                labels[r] = source.labels[a]
            }
            let raw = FeatureMatrix(rowCount: rowCount, columnNames: source.features.columnNames, values: values)
            let scaled = LinearTestSupport.MinMaxScaler(fittedOn: raw).transform(raw)
            return TrainingData(features: scaled, labels: labels, classCount: source.classCount)
        }

        static func writeCSV(_ data: TrainingData, path: String) throws {
            var text = data.features.columnNames.joined(separator: ",") + ",label\n"
            text.reserveCapacity(data.rowCount * data.features.columnCount * 10)
            for r in 0..<data.rowCount {
                for j in 0..<data.features.columnCount {
                    text += "\(data.features[r, j]),"
                }
                text += "\(data.labels[r])\n"
            }
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }

        static func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }

        static func seconds(_ body: () throws -> Void) rethrows -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }

        @Test(.enabled(if: ProcessInfo.processInfo.environment["IOTSHIELD_LINEAR_BENCH"] != nil))
        func timings() throws {
            let data = try Self.synthesise()
            try FileManager.default.createDirectory(atPath: Self.outputDirectory, withIntermediateDirectories: true)
            let csv = Self.outputDirectory + "/synthetic-200k.csv"
            try Self.writeCSV(data, path: csv)
            let threads = ProcessInfo.processInfo.environment["IOTSHIELD_LINEAR_BENCH_THREADS"].flatMap { Int($0) } ?? BLAS.defaultThreadCount
            print("bench: \(data.rowCount) rows × \(data.features.columnCount) features, \(data.classCount) classes, OpenBLAS threads \(threads); CSV \(csv)")
            var results: [String: Any] = ["rows": data.rowCount, "threads": threads]

            // Network: per-epoch wall time from the progress callback, 3 fits × 3 epochs.
            final class Clock: @unchecked Sendable { var marks: [UInt64] = [] }
            var epochTimes: [Double] = []
            for repetition in 0..<3 {
                let clock = Clock()
                var options = NeuralNetworkClassifier.Options(epochs: 3, seed: UInt64(repetition))
                options.patience = 10
                options.threads = threads
                clock.marks.append(DispatchTime.now().uptimeNanoseconds)
                _ = try NeuralNetworkClassifier.fit(data, options: options) { _, _, _, _ in clock.marks.append(DispatchTime.now().uptimeNanoseconds) }
                for i in 1..<clock.marks.count { epochTimes.append(Double(clock.marks[i] - clock.marks[i - 1]) / 1e9) }
            }
            results["dnn_epoch_seconds"] = epochTimes
            print("bench: DNN epoch (128-64-32, batch 256, dropout 0.3): median \(Self.median(epochTimes)) s over \(epochTimes.count) epochs \(epochTimes)")

            for solver in LogisticRegressionClassifier.Options.Solver.allCases {
                var times: [Double] = []
                var report: ConvergenceReport?
                for repetition in 0..<3 {
                    var options = LogisticRegressionClassifier.Options(solver: solver, maxIterations: 100, seed: UInt64(repetition))
                    options.threads = threads
                    times.append(try Self.seconds { report = try LogisticRegressionClassifier.fit(data, options: options).convergence })
                }
                results["lr_\(solver.rawValue)_seconds"] = times
                print("bench: LR \(solver.rawValue) fit: median \(Self.median(times)) s \(times); \(report.map { "\($0)" } ?? "")")
            }

            // One full-batch objective + gradient evaluation (what each L-BFGS step costs).
            let objective = SoftmaxObjective(data: data, totalWeight: Double(data.rowCount), inverseRegularization: 1)
            var gradient = [Double](repeating: 0, count: objective.parameterCount)
            let theta = [Double](repeating: 0.01, count: objective.parameterCount)
            let evaluationTimes = BLAS.withThreadCount(threads) {
                (0..<5).map { _ in Self.seconds { _ = objective.evaluate(theta, gradient: &gradient) } }
            }
            results["lr_objective_evaluation_seconds"] = evaluationTimes
            print("bench: LR objective+gradient over all rows: median \(Self.median(evaluationTimes)) s \(evaluationTimes)")

            // Inference: batch (sgemm) and single-row (fused multiply-add chains) over 200,000 rows.
            var lrOptions = LogisticRegressionClassifier.Options(solver: .lbfgs, maxIterations: 20)
            lrOptions.threads = threads
            var dnnOptions = NeuralNetworkClassifier.Options(epochs: 1)
            dnnOptions.threads = threads
            let inferenceModels: [(String, any Classifier)] = [
                ("LR", try LogisticRegressionClassifier.fit(data, options: lrOptions)),
                ("DNN", try NeuralNetworkClassifier.fit(data, options: dnnOptions)),
            ]
            for (name, model) in inferenceModels {
                let batchTimes = BLAS.withThreadCount(threads) { (0..<3).map { _ in Self.seconds { _ = model.predictProbabilities(data.features) } } }
                let rowTimes = (0..<3).map { _ in Self.seconds { _ = LinearTestSupport.rowByRow(model, data.features) } }
                results["\(name.lowercased())_batch_inference_seconds"] = batchTimes
                results["\(name.lowercased())_row_inference_seconds"] = rowTimes
                print("bench: \(name) inference of \(data.rowCount) rows: batch median \(Self.median(batchTimes)) s, "
                    + "one row at a time median \(Self.median(rowTimes)) s (\(Self.median(rowTimes) / Double(data.rowCount) * 1e6) µs/row)")
            }

            var perceptronTimes: [Double] = []
            var perceptronReport: ConvergenceReport?
            for repetition in 0..<3 {
                perceptronTimes.append(try Self.seconds {
                    perceptronReport = try PerceptronClassifier.fit(data, options: .init(seed: UInt64(repetition))).convergence
                })
            }
            results["perceptron_seconds"] = perceptronTimes
            print("bench: perceptron fit: median \(Self.median(perceptronTimes)) s \(perceptronTimes); \(perceptronReport.map { "\($0)" } ?? "")")

            let json = try JSONSerialization.data(withJSONObject: results, options: [.prettyPrinted, .sortedKeys])
            try json.write(to: URL(fileURLWithPath: Self.outputDirectory + "/swift-timings-\(threads)-threads.json"))
        }
    }
}
