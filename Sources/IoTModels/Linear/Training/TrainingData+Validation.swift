extension TrainingData {
    /// Checks what the dense models need before fitting: at least two classes, at least one
    /// row with positive weight, finite features, labels in range, finite non-negative
    /// weights, and (for a validation set) the training set's column and class counts.
    /// Returns the total row weight (the row count when unweighted). O(rows × columns).
    ///
    /// - Throws: `DenseTrainingError` naming the first offending row and column.
    @discardableResult
    func validateForDenseTraining(set: String, matching reference: TrainingData? = nil) throws -> Double {
        if let reference {
            guard features.columnCount == reference.features.columnCount else {
                throw DenseTrainingError.shapeMismatch(
                    "\(set) data has \(features.columnCount) columns, training data \(reference.features.columnCount)")
            }
            guard classCount == reference.classCount else {
                throw DenseTrainingError.shapeMismatch("\(set) data has \(classCount) classes, training data \(reference.classCount)")
            }
        }
        guard classCount >= 2 else { throw DenseTrainingError.tooFewClasses(classCount) }
        guard rowCount > 0, features.columnCount > 0 else { throw DenseTrainingError.emptyData(set: set) }
        let columns = features.columnCount
        try features.values.withUnsafeBufferPointer { values in
            for index in 0..<values.count where !values[index].isFinite {
                let column = index % columns
                throw DenseTrainingError.nonFiniteFeature(
                    set: set, row: index / columns, column: column, name: features.columnNames[column], value: values[index])
            }
        }
        for (row, label) in labels.enumerated() where label < 0 || Int(label) >= classCount {
            throw DenseTrainingError.labelOutOfRange(set: set, row: row, label: label, classCount: classCount)
        }
        var total = 0.0
        if let weights {
            for (row, weight) in weights.enumerated() {
                guard weight.isFinite, weight >= 0 else { throw DenseTrainingError.invalidWeight(set: set, row: row, value: weight) }
                total += Double(weight)
            }
        } else {
            total = Double(rowCount)
        }
        guard total > 0 else { throw DenseTrainingError.emptyData(set: set) }
        return total
    }
}
