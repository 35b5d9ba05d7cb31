/// Rows parsed from CSV, row-major: `values[row * featureCount + feature]`.
///
/// The arrays are sized to `capacity`; only the first `rowCount` rows are valid. A block
/// is reused by its reader from one read to the next, so a consumer that keeps rows must
/// copy them.
public struct RowBlock: Sendable {
    public let featureCount: Int
    public internal(set) var rowCount = 0
    public internal(set) var capacity: Int
    /// Feature values, row-major, `capacity * featureCount` (valid: `rowCount * featureCount`).
    public internal(set) var values: [Float]
    public internal(set) var fineLabels: [UInt8]
    public internal(set) var families: [UInt8]
    /// `RowHash` of each row (features + label).
    public internal(set) var hashes: [UInt64]
    /// Index of the input file each row came from (into the reader's file list).
    public internal(set) var source: UInt16 = 0

    public init(featureCount: Int, capacity: Int) {
        self.featureCount = featureCount
        self.capacity = capacity
        values = [Float](repeating: 0, count: capacity * featureCount)
        fineLabels = [UInt8](repeating: 0, count: capacity)
        families = [UInt8](repeating: 0, count: capacity)
        hashes = [UInt64](repeating: 0, count: capacity)
    }

    /// Grows the storage to hold at least `rows` rows, discarding the contents.
    ///
    /// Grows by a quarter more than asked, so parts of slowly rising size do not reallocate
    /// block after block, and leaves the new storage unwritten (every element is trivial and
    /// written before it is read: rows below `rowCount` only): zero-filling it was ~2 % of
    /// ingest's CPU time.
    mutating func reserve(rows: Int) {
        rowCount = 0
        guard rows > capacity else { return }
        capacity = rows + rows / 4
        values = Self.unfilled(capacity * featureCount)
        fineLabels = Self.unfilled(capacity)
        families = Self.unfilled(capacity)
        hashes = Self.unfilled(capacity)
    }

    /// An array of `count` trivial elements whose memory is not written here.
    private static func unfilled<T: BitwiseCopyable>(_ count: Int) -> [T] {
        [T](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }

    public func label(at row: Int) -> LabelCode { LabelCode(fine: fineLabels[row], family: families[row]) }

    /// The feature values of one row (a copy).
    public func row(_ row: Int) -> [Float] {
        Array(values[(row * featureCount)..<((row + 1) * featureCount)])
    }
}
