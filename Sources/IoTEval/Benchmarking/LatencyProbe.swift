import Foundation
import IoTData
import IoTModels

/// Single-row scoring latency of a classifier, as the sensor calls it: one row at a time
/// through `predictProbabilities(row:into:)` into a reused buffer, on the calling thread.
public enum LatencyProbe {
    /// Latency percentiles in microseconds.
    public struct Result: Sendable, Encodable {
        public var samples: Int
        public var p50: Double
        public var p90: Double
        public var p99: Double
        public var p999: Double
        public var mean: Double
        public var max: Double

        enum CodingKeys: String, CodingKey {
            case samples, p50 = "p50_us", p90 = "p90_us", p99 = "p99_us", p999 = "p999_us", mean = "mean_us", max = "max_us"
        }
    }

    /// Scores each of the first `maxRows` rows of `rows` (already transformed) `passes` times,
    /// timing every call on its own with the monotonic clock, after one untimed warm-up pass.
    /// Rows are visited in order, so consecutive calls take different paths through the
    /// model (no artificially hot cache). O(passes × rows × cost of one row).
    /// Precondition: `rows.columnCount == classifier.featureCount`, at least one row.
    public static func measure(_ classifier: any Classifier, rows: FeatureMatrix, passes: Int = 5, maxRows: Int = 20_000) -> Result {
        precondition(rows.columnCount == classifier.featureCount && rows.rowCount > 0, "LatencyProbe: rows do not fit the model")
        let count = min(rows.rowCount, maxRows), columns = rows.columnCount
        var probabilities = [Float](repeating: 0, count: classifier.classCount)
        var samples = [Double]()
        samples.reserveCapacity(count * passes)
        rows.values.withUnsafeBufferPointer { values in
            probabilities.withUnsafeMutableBufferPointer { out in
                for pass in 0...passes {
                    for row in 0..<count {
                        let input = UnsafeBufferPointer(rebasing: values[(row * columns)..<((row + 1) * columns)])
                        let start = DispatchTime.now().uptimeNanoseconds
                        classifier.predictProbabilities(row: input, into: out)
                        let end = DispatchTime.now().uptimeNanoseconds
                        if pass > 0 { samples.append(Double(end - start) / 1000) }
                    }
                }
            }
        }
        samples.sort()
        func quantile(_ q: Double) -> Double { samples[min(samples.count - 1, Int(Double(samples.count) * q))] }
        return Result(samples: samples.count, p50: quantile(0.5), p90: quantile(0.9), p99: quantile(0.99), p999: quantile(0.999),
                      mean: samples.reduce(0, +) / Double(samples.count), max: samples.last ?? 0)
    }
}
