import IoTData

extension FeatureBinner {
    /// Bins every row of `features` into row-major codes, `codes[row × featureCount + feature]`
    /// (1 byte per value, like `bin(_:threads:)`), for learners that read all drawn features
    /// of one row at a time (the random forest): a row's codes share a cache line.
    /// O(rows × features × log bins), rows in parallel blocks.
    public func binRowMajor(_ features: FeatureMatrix, threads: Int = ParallelWork.defaultThreads) -> [UInt8] {
        precondition(features.columnCount == featureCount, "FeatureBinner.binRowMajor: \(features.columnCount) columns for \(featureCount) features")
        let rows = features.rowCount, columns = featureCount
        let blockRows = 16_384
        let blocks = (rows + blockRows - 1) / blockRows
        let flat = thresholds.flatMap { $0 }
        var starts = [Int](repeating: 0, count: columns + 1)
        for column in 0..<columns { starts[column + 1] = starts[column] + thresholds[column].count }
        return [UInt8](unsafeUninitializedCapacity: rows * columns) { buffer, initialized in
            let out = UnsafeSendable(buffer)
            features.values.withUnsafeBufferPointer { values in
                flat.withUnsafeBufferPointer { flatThresholds in
                    let input = UnsafeSendable((values, flatThresholds))
                    ParallelWork.forEach(blocks, threads: threads) { block in
                        let (values, flatThresholds) = input.value
                        guard let outBase = out.value.baseAddress else { return }
                        for row in (block * blockRows)..<min(rows, (block + 1) * blockRows) {
                            for column in 0..<columns {
                                let list = UnsafeBufferPointer(rebasing: flatThresholds[starts[column]..<starts[column + 1]])
                                outBase[row * columns + column] = Self.code(of: values[row * columns + column], thresholds: list)
                            }
                        }
                    }
                }
            }
            initialized = rows * columns
        }
    }
}
