import IoTData

/// Fitted one-hot encoding: the kept categories of each encoded column. Transform:
/// O(rows × (columns + categories)).
public struct FittedOneHotEncoder: FittedTransformer, Equatable {
    public struct Encoding: Sendable, Codable, Equatable {
        public var column: String
        /// Kept categories (integers), most frequent first; their indicator columns in this order.
        public var categories: [Int]
        /// Training rows per kept category.
        public var trainingCounts: [Int]
        /// Training rows that went to `other`.
        public var otherCount: Int

        /// The output column names: `COLUMN=k` per category, then `COLUMN=other`.
        public var outputNames: [String] { categories.map { "\(column)=\($0)" } + ["\(column)=other"] }
    }

    public let inputColumns: [String]
    public let encodings: [Encoding]
    public let warnings: [String]

    public init(inputColumns: [String], encodings: [Encoding], warnings: [String]) {
        self.inputColumns = inputColumns
        self.encodings = encodings
        self.warnings = warnings
    }

    public var outputColumns: [String] {
        inputColumns.flatMap { name in encodings.first { $0.column == name }?.outputNames ?? [name] }
    }

    /// The names of all indicator columns this encoder produces.
    public var indicatorColumns: [String] { encodings.flatMap(\.outputNames) }

    public func transform(_ matrix: FeatureMatrix) throws -> FeatureMatrix {
        try requireInput(matrix, stage: "one-hot encoder")
        if encodings.isEmpty { return matrix }
        let inColumns = matrix.columnCount
        let rows = matrix.rowCount
        // Per input column: its first output column and, if encoded, its categories.
        var plan: [(output: Int, categories: [Int]?)] = []
        var width = 0
        for name in inputColumns {
            if let encoding = encodings.first(where: { $0.column == name }) {
                plan.append((width, encoding.categories))
                width += encoding.categories.count + 1
            } else {
                plan.append((width, nil))
                width += 1
            }
        }
        var out = [Float](repeating: 0, count: rows * width)
        matrix.values.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                for row in 0..<rows {
                    let inBase = row * inColumns
                    let outBase = row * width
                    for column in 0..<inColumns {
                        let value = source[inBase + column]
                        let (output, categories) = plan[column]
                        guard let categories else {
                            target[outBase + output] = value
                            continue
                        }
                        var slot = categories.count
                        if let category = OneHotEncoder.category(of: value), let found = categories.firstIndex(of: category) {
                            slot = found
                        }
                        target[outBase + output + slot] = 1
                    }
                }
            }
        }
        return FeatureMatrix(rowCount: rows, columnNames: outputColumns, values: out)
    }
}
