import IoTData

extension TrainingData {
    /// Checks what every tree learner needs and returns the labels as `UInt8`-sized class
    /// indices plus the row weights (1 where `weights` is nil).
    ///
    /// Throws `TreeTrainingError` for: no rows, `classCount < 2` or `> 255`, a label out of range,
    /// a single class present, a negative/NaN/infinite weight, no positive weight, or a column
    /// that is NaN in every row. O(rows × features) for the NaN-column check.
    func checkedForTrees() throws -> (labels: [UInt8], weights: [Float]) {
        guard rowCount > 0 else { throw TreeTrainingError.emptyData }
        guard classCount >= 2 else { throw TreeTrainingError.tooFewClasses(classCount) }
        guard classCount <= 255 else { throw TreeTrainingError.invalidOption("classCount \(classCount) above 255") }
        var labels = [UInt8](repeating: 0, count: rowCount)
        var seen = [Bool](repeating: false, count: classCount)
        for (row, label) in self.labels.enumerated() {
            guard label >= 0, Int(label) < classCount else {
                throw TreeTrainingError.labelOutOfRange(row: row, label: label, classCount: classCount)
            }
            labels[row] = UInt8(label)
            seen[Int(label)] = true
        }
        let present = seen.indices.filter { seen[$0] }
        if present.count < 2 { throw TreeTrainingError.singleClassPresent(present.first ?? 0) }
        var weights = [Float](repeating: 1, count: rowCount)
        if let given = self.weights {
            var positive = false
            for (row, weight) in given.enumerated() {
                guard weight.isFinite, weight >= 0 else { throw TreeTrainingError.invalidWeight(row: row) }
                if weight > 0 { positive = true }
                weights[row] = weight
            }
            guard positive else { throw TreeTrainingError.emptyData }
        }
        let columns = features.columnCount
        var anyValue = [Bool](repeating: false, count: columns)
        var remaining = columns
        features.values.withUnsafeBufferPointer { values in
            var row = 0
            while remaining > 0, row < rowCount {
                let base = row * columns
                for column in 0..<columns where !anyValue[column] && !values[base + column].isNaN {
                    anyValue[column] = true
                    remaining -= 1
                }
                row += 1
            }
        }
        if let column = anyValue.firstIndex(of: false) {
            throw TreeTrainingError.allMissingColumn(features.columnNames[column])
        }
        return (labels, weights)
    }

    /// Checks that `validation` can be scored by a model fitted on `self`.
    func checkValidation(_ validation: TrainingData) throws {
        guard validation.features.columnCount == features.columnCount else {
            throw TreeTrainingError.validationMismatch("\(validation.features.columnCount) columns, training has \(features.columnCount)")
        }
        guard validation.classCount == classCount else {
            throw TreeTrainingError.validationMismatch("classCount \(validation.classCount), training has \(classCount)")
        }
        guard validation.rowCount > 0 else { throw TreeTrainingError.validationMismatch("no rows") }
        for (row, label) in validation.labels.enumerated() where label < 0 || Int(label) >= classCount {
            throw TreeTrainingError.validationMismatch("row \(row) has label \(label), outside 0..<\(classCount)")
        }
    }
}
