/// A dense matrix of feature values, row-major in one contiguous `[Float]`:
/// `values[row * columnCount + column]`.
public struct FeatureMatrix: Sendable, Equatable {
    public private(set) var rowCount: Int
    public let columnCount: Int
    public var values: [Float]
    public var columnNames: [String]

    public init(rowCount: Int, columnNames: [String], values: [Float]) {
        precondition(values.count == rowCount * columnNames.count, "FeatureMatrix: \(values.count) values for \(rowCount) × \(columnNames.count)")
        self.rowCount = rowCount
        self.columnCount = columnNames.count
        self.values = values
        self.columnNames = columnNames
    }

    /// An empty matrix with room reserved for `capacity` rows.
    public init(columnNames: [String], reservingRows capacity: Int = 0) {
        rowCount = 0
        columnCount = columnNames.count
        values = []
        values.reserveCapacity(capacity * columnNames.count)
        self.columnNames = columnNames
    }

    @inlinable
    public subscript(row: Int, column: Int) -> Float {
        get { values[row * columnCount + column] }
        set { values[row * columnCount + column] = newValue }
    }

    /// A copy of one row.
    public func row(_ row: Int) -> [Float] {
        Array(values[(row * columnCount)..<((row + 1) * columnCount)])
    }

    /// A copy of one column.
    public func column(_ column: Int) -> [Float] {
        (0..<rowCount).map { values[$0 * columnCount + column] }
    }

    public mutating func appendRow<C: Collection>(_ row: C) where C.Element == Float {
        precondition(row.count == columnCount, "FeatureMatrix.appendRow: \(row.count) values for \(columnCount) columns")
        values.append(contentsOf: row)
        rowCount += 1
    }

    /// The rows at `indices`, in that order. O(indices × columns).
    public func rows(_ indices: [Int]) -> FeatureMatrix {
        var out = [Float]()
        out.reserveCapacity(indices.count * columnCount)
        values.withUnsafeBufferPointer { source in
            for index in indices {
                out.append(contentsOf: source[(index * columnCount)..<((index + 1) * columnCount)])
            }
        }
        return FeatureMatrix(rowCount: indices.count, columnNames: columnNames, values: out)
    }

    /// The columns at `indices`, in that order. O(rows × indices).
    public func columns(_ indices: [Int]) -> FeatureMatrix {
        var out = [Float]()
        out.reserveCapacity(rowCount * indices.count)
        values.withUnsafeBufferPointer { source in
            for row in 0..<rowCount {
                let base = row * columnCount
                for column in indices { out.append(source[base + column]) }
            }
        }
        return FeatureMatrix(rowCount: rowCount, columnNames: indices.map { columnNames[$0] }, values: out)
    }
}
