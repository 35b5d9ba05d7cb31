import IoTData

/// An ordered list of fitted transforms, applied unchanged to every matrix after fitting —
/// the exact preprocessing a model was trained with, saved inside its model file.
///
/// Construction checks the chain (each step's input columns are the previous step's
/// output columns); decoding checks it again, so a damaged file fails at load, not at the
/// first packet. `apply`: the sum of the steps' costs, O(rows × columns) each.
public struct Pipeline: Sendable, Codable, Equatable {
    /// Bumped when the encoded form changes incompatibly.
    public static let formatVersion = 1

    public let steps: [FittedTransform]
    public let inputColumns: [String]
    /// `true` when the pipeline keeps `IAT`, the column that leaks the label: models and
    /// reports built on it are leakage demonstrations, never results.
    public let leakageDemonstration: Bool

    public var outputColumns: [String] { steps.last?.outputColumns ?? inputColumns }

    /// Every column removed by a step, with the reason, in step order.
    public var droppedColumns: [DroppedColumn] { steps.flatMap(\.droppedColumns) }

    /// - Throws: `PrepError.columnMismatch` when the steps do not chain.
    public init(inputColumns: [String], steps: [FittedTransform], leakageDemonstration: Bool = false) throws {
        var columns = inputColumns
        for step in steps {
            guard step.inputColumns == columns else {
                throw PrepError.columnMismatch(stage: "pipeline step '\(step.kind)'", expected: step.inputColumns, found: columns)
            }
            columns = step.outputColumns
        }
        self.inputColumns = inputColumns
        self.steps = steps
        self.leakageDemonstration = leakageDemonstration
    }

    /// Runs every step in order.
    /// - Throws: `PrepError.columnMismatch` unless `matrix` has exactly `inputColumns`.
    public func apply(_ matrix: FeatureMatrix) throws -> FeatureMatrix {
        guard matrix.columnNames == inputColumns else {
            throw PrepError.columnMismatch(stage: "pipeline", expected: inputColumns, found: matrix.columnNames)
        }
        var current = matrix
        for step in steps { current = try step.transform(current) }
        return current
    }

    /// `apply(matrix.rows(rows))` without the gathered copy: the rows are gathered and run
    /// through the steps `blockRows` at a time and appended to the output. Every step is
    /// row-wise with fixed fitted state, so the result is bit-identical to the one-shot form;
    /// memory beyond the output is O(blockRows × columns) instead of several full-size
    /// intermediates (the gathered rows and each step's output).
    /// - Throws: `PrepError.columnMismatch` unless `matrix` has exactly `inputColumns`.
    public func apply(_ matrix: FeatureMatrix, rows: [Int], blockRows: Int = 65_536) throws -> FeatureMatrix {
        guard matrix.columnNames == inputColumns else {
            throw PrepError.columnMismatch(stage: "pipeline", expected: inputColumns, found: matrix.columnNames)
        }
        guard rows.count > blockRows else { return try apply(matrix.rows(rows)) }
        var values: [Float] = []
        values.reserveCapacity(rows.count * outputColumns.count)
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + blockRows)
            values += try apply(matrix.rows(Array(rows[start..<end]))).values
            start = end
        }
        return FeatureMatrix(rowCount: rows.count, columnNames: outputColumns, values: values)
    }

    private enum CodingKeys: String, CodingKey { case formatVersion, inputColumns, outputColumns, leakageDemonstration, steps }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decode(Int.self, forKey: .formatVersion)
        guard version <= Self.formatVersion else {
            throw DecodingError.dataCorruptedError(forKey: .formatVersion, in: container,
                                                   debugDescription: "pipeline format \(version) is newer than this build's \(Self.formatVersion)")
        }
        let steps = try container.decode([FittedTransform].self, forKey: .steps)
        let input = try container.decode([String].self, forKey: .inputColumns)
        let leakage = try container.decode(Bool.self, forKey: .leakageDemonstration)
        do {
            try self.init(inputColumns: input, steps: steps, leakageDemonstration: leakage)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
        if let output = try container.decodeIfPresent([String].self, forKey: .outputColumns), output != outputColumns {
            throw DecodingError.dataCorruptedError(forKey: .outputColumns, in: container,
                                                   debugDescription: "stored output columns differ from the steps' output")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.formatVersion, forKey: .formatVersion)
        try container.encode(inputColumns, forKey: .inputColumns)
        try container.encode(outputColumns, forKey: .outputColumns)
        try container.encode(leakageDemonstration, forKey: .leakageDemonstration)
        try container.encode(steps, forKey: .steps)
    }
}
