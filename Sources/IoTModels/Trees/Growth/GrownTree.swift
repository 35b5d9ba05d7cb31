/// One tree as a learner produces it: nodes in creation order (children after parents) with
/// local node and leaf indices, joined into a `FlatForest` afterwards.
struct GrownTree: Sendable {
    var nodes: [FlatNode] = []
    /// Per node, the bin code of its split (`code <= bin` goes left): lets training walk the
    /// tree over binned rows with exactly the float decisions.
    var splitBins: [UInt8] = []
    var leafValues: [Float] = []
    /// The root reference (`~0` for a single-leaf tree).
    var root: Int32 = ~0
    /// Summed impurity decrease (or gain) per feature.
    var importances: [Double] = []

    /// The leaf value offset reached by binned row `row` of `codes` (column-major, `rowCount` rows).
    @inline(__always)
    func leafOffset(codes: UnsafePointer<UInt8>, rowCount: Int, row: Int) -> Int {
        var reference = root
        while reference >= 0 {
            let index = Int(reference)
            let node = nodes[index]
            reference = codes[Int(node.feature) * rowCount + row] <= splitBins[index] ? node.left : node.right
        }
        return Int(~reference)
    }
}
