/// Every tree of a fitted ensemble in contiguous arrays, for fast scoring on raw floats.
///
/// Scoring one row: start from `baseScores` (`classCount` values), walk each tree from its
/// root to a leaf and add the leaf's values — all `classCount` of them when the tree's
/// `treeClasses` entry is -1 (random forest, AdaBoost), else one value to that class
/// (gradient boosting) — then apply `link`. Work per row: O(trees × depth), no allocation.
///
/// Memory: 16 bytes per internal node plus 4 bytes per leaf value.
public struct FlatForest: Sendable, Equatable {
    /// How accumulated leaf values become probabilities.
    public enum Link: UInt8, Sendable {
        /// Leaves hold probability vectors already divided by the tree count; the sum is
        /// renormalised to 1.
        case average = 0
        /// Softmax over the `classCount` accumulated scores.
        case softmax = 1
        /// Binary: class 1 gets the logistic of score 1, class 0 the rest (score 0 unused).
        case sigmoid = 2
    }

    public let classCount: Int
    public let featureCount: Int
    public let link: Link
    public let nodes: [FlatNode]
    /// Per tree: its root reference (a node index, or a negative leaf reference).
    public let roots: [Int32]
    /// Per tree: -1 when its leaves hold `classCount` values, else the one class it scores.
    public let treeClasses: [Int32]
    public let leafValues: [Float]
    /// Starting scores (`classCount` values).
    public let baseScores: [Float]
    /// Per tree: the most internal nodes on a path from its root to a leaf (derived from
    /// `nodes`, not stored in model files); the batch scorer walks that many steps.
    let depths: [Int32]
    /// Whether every tree has vector leaves (`treeClasses` all -1: random forest, AdaBoost).
    let vectorLeaves: Bool
    /// The byte-comparing scoring form (derived, not stored); nil when the forest cannot be
    /// compacted, and scoring then reads the float nodes.
    private(set) var compact: CompactForest?

    public var treeCount: Int { roots.count }

    /// Assembles a forest; `validate()` is the caller's check for untrusted parts.
    init(classCount: Int, featureCount: Int, link: Link, nodes: [FlatNode], roots: [Int32], treeClasses: [Int32], leafValues: [Float], baseScores: [Float]) {
        self.classCount = classCount
        self.featureCount = featureCount
        self.link = link
        self.nodes = nodes
        self.roots = roots
        self.treeClasses = treeClasses
        self.leafValues = leafValues
        self.baseScores = baseScores
        depths = Self.depths(nodes: nodes, roots: roots)
        vectorLeaves = treeClasses.allSatisfy { $0 < 0 }
        compact = nil
        compact = CompactForest(self)
    }

    /// Longest root-to-leaf path per tree in internal nodes. Children come after their parent
    /// (checked by `validate()` for decoded forests), so one backward pass over each tree's
    /// nodes would do; a stack walk bounded by the node count is used instead, so that even an
    /// unvalidated forest cannot loop. O(nodes).
    static func depths(nodes: [FlatNode], roots: [Int32]) -> [Int32] {
        var result = [Int32](repeating: 0, count: roots.count)
        var stack: [(Int32, Int32)] = []
        for (tree, root) in roots.enumerated() {
            guard root >= 0, Int(root) < nodes.count else { continue }
            var deepest: Int32 = 0
            var visited = 0
            stack.removeAll(keepingCapacity: true)
            stack.append((root, 1))
            while let (index, depth) = stack.popLast(), visited <= nodes.count {
                visited += 1
                deepest = max(deepest, depth)
                let node = nodes[Int(index)]
                for child in [node.left, node.right] where child > index && Int(child) < nodes.count {
                    stack.append((child, depth + 1))
                }
            }
            result[tree] = deepest
        }
        return result
    }

    /// This forest scoring on its float nodes only (for checking the compact form against it).
    func withoutCompact() -> FlatForest {
        var copy = self
        copy.compact = nil
        return copy
    }

    /// Joins trees grown separately (each with local node and leaf indices).
    init(classCount: Int, featureCount: Int, link: Link, trees: [GrownTree], treeClasses: [Int32], baseScores: [Float]) {
        var nodes: [FlatNode] = []
        var leafValues: [Float] = []
        var roots: [Int32] = []
        nodes.reserveCapacity(trees.reduce(0) { $0 + $1.nodes.count })
        leafValues.reserveCapacity(trees.reduce(0) { $0 + $1.leafValues.count })
        for tree in trees {
            let nodeBase = Int32(nodes.count), leafBase = Int32(leafValues.count)
            func shift(_ reference: Int32) -> Int32 { reference >= 0 ? reference + nodeBase : ~(~reference + leafBase) }
            for node in tree.nodes {
                nodes.append(FlatNode(feature: node.feature, threshold: node.threshold, left: shift(node.left), right: shift(node.right)))
            }
            leafValues.append(contentsOf: tree.leafValues)
            roots.append(shift(tree.root))
        }
        self.init(classCount: classCount, featureCount: featureCount, link: link, nodes: nodes, roots: roots,
                  treeClasses: treeClasses, leafValues: leafValues, baseScores: baseScores)
    }

    /// Throws `ModelCodingError.invalid` unless every index is in range: features below
    /// `featureCount`, node children after their parent and below the node count, leaf
    /// offsets with room for their values, tree classes in `-1..<classCount`, thresholds not
    /// NaN, leaf and base values finite. O(nodes + trees + leaf values).
    func validate() throws {
        guard classCount >= 2, classCount <= 65_536 else { throw ModelCodingError.invalid("classCount \(classCount)") }
        guard featureCount >= 1, featureCount <= 1 << 24 else { throw ModelCodingError.invalid("featureCount \(featureCount)") }
        guard baseScores.count == classCount else { throw ModelCodingError.invalid("\(baseScores.count) base scores for \(classCount) classes") }
        guard treeClasses.count == roots.count else { throw ModelCodingError.invalid("\(treeClasses.count) tree classes for \(roots.count) trees") }
        guard nodes.count < Int(Int32.max), leafValues.count < Int(Int32.max) else { throw ModelCodingError.invalid("forest too large") }
        guard baseScores.allSatisfy(\.isFinite), leafValues.allSatisfy(\.isFinite) else { throw ModelCodingError.invalid("non-finite leaf or base value") }
        if link == .sigmoid, classCount != 2 { throw ModelCodingError.invalid("sigmoid link with \(classCount) classes") }
        // A leaf reference needs `width` values; every tree's leaves share one width.
        func checkLeaf(_ reference: Int32, width: Int) throws {
            let offset = Int(~reference)
            guard offset >= 0, offset + width <= leafValues.count else { throw ModelCodingError.invalid("leaf offset \(offset) out of range") }
        }
        // Each node belongs to one tree; widths are checked per tree from its root.
        var owner = [Int32](repeating: -1, count: nodes.count)
        for (tree, root) in roots.enumerated() {
            let treeClass = treeClasses[tree]
            guard treeClass >= -1, treeClass < Int32(classCount) else { throw ModelCodingError.invalid("tree \(tree) class \(treeClass)") }
            let width = treeClass < 0 ? classCount : 1
            if root < 0 { try checkLeaf(root, width: width); continue }
            guard Int(root) < nodes.count else { throw ModelCodingError.invalid("tree \(tree) root \(root) out of range") }
            var stack = [Int(root)]
            while let index = stack.popLast() {
                guard owner[index] < 0 else { throw ModelCodingError.invalid("node \(index) shared between subtrees") }
                owner[index] = Int32(tree)
                let node = nodes[index]
                guard node.feature >= 0, Int(node.feature) < featureCount else { throw ModelCodingError.invalid("node \(index) feature \(node.feature)") }
                guard !node.threshold.isNaN else { throw ModelCodingError.invalid("node \(index) threshold is NaN") }
                for child in [node.left, node.right] {
                    if child < 0 {
                        try checkLeaf(child, width: width)
                    } else {
                        guard Int(child) > index, Int(child) < nodes.count else { throw ModelCodingError.invalid("node \(index) child \(child) out of range") }
                        stack.append(Int(child))
                    }
                }
            }
        }
    }
}
