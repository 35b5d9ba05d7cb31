/// One internal node of a flattened tree, 16 bytes: rows with `value[feature] <= threshold`
/// (false for NaN) go to `left`, the others to `right`.
///
/// A child `>= 0` is the index of another node (always greater than this node's index, so a
/// walk ends); a child `< 0` is a leaf whose values start at offset `~child` in the forest's
/// flat leaf array.
public struct FlatNode: Sendable, Equatable {
    public var feature: Int32
    public var threshold: Float
    public var left: Int32
    public var right: Int32

    public init(feature: Int32, threshold: Float, left: Int32, right: Int32) {
        self.feature = feature
        self.threshold = threshold
        self.left = left
        self.right = right
    }

    /// The child reference of a leaf whose values start at `offset`.
    @inline(__always)
    static func leafReference(_ offset: Int) -> Int32 { ~Int32(offset) }
}
