import CTreeWalk

/// The scoring form of a `FlatForest`: rows are binned once into one byte per feature, and
/// trees are walked over 8-byte nodes comparing bytes, laid out so that a node's internal left
/// child is the next node (a walk going left stays in the same cache line). Derived from the
/// forest when it is made or loaded, never stored in model files.
///
/// **Exactness.** For each feature, the distinct thresholds its splits use, ascending, are
/// the feature's cuts `T`. A value `v` gets code `c(v)` = the first `j` with `v <= T[j]`
/// (`T.count` when none; 255 for NaN). Then `v <= T[j]` holds exactly when `c(v) <= j`, and
/// NaN (code 255, above every split bin) goes right as `NaN <= t` does: every row reaches the
/// same leaf as on the float nodes, so scores are bit-identical.
///
/// **Leaves live in their parents.** A child is a *position* (`Int32`): an internal node's
/// index (>= 0) or a leaf (< 0), so only internal nodes take room — half the nodes of a fully
/// grown tree, so a tree's nodes take half the cache — and a walk ends without loading its
/// leaf. A node's `right` holds its right child's position; `left` is 0 when the left child is
/// the next node, else the left leaf's position when it fits 16 bits. A left leaf that does not
/// (a mixed one, or a pure one of class 128 or more) sits in a *relay* node right after its
/// parent: it reads the always-255 code slot `featureCount` against bin 254, so every row goes
/// on to its `right`, the leaf. A forest whose trees are all leaves keeps one unused relay, and
/// one without mixed leaves one unused offset, so that no array is empty.
///
/// **Pure leaves carry their value.** In a forest of vector leaves (random forest, AdaBoost)
/// most leaves of fully grown trees hold one non-zero value (a pure leaf: `1/trees` for its
/// class). Such a leaf's position is `~(class << 8 | value index)` into the small
/// `pureValues` table, so scoring adds it without reading `leafOffsets` or `leafValues` — two
/// dependent cache misses fewer per tree and row. Adding only the one value is exact: the
/// skipped values are +0.0, and the running sums are never -0.0 (used only when no leaf value
/// or base score has its sign bit set), so `x + 0.0 == x` bit for bit. Any other (mixed) leaf
/// is numbered: leaf m is at position `Int32.min | m`, and `leafOffsets[m]` is where its
/// values start in the forest's `leafValues`.
///
/// Built only when every feature has at most 254 cuts and there are at most 254 features
/// (one byte each); `nil` otherwise, and the forest scores on floats. Memory: 8 bytes per
/// internal node and relay, 4 per mixed leaf, 1 KiB per feature of cuts, at most 576 bytes per
/// tree of top blocks.
struct CompactForest: Sendable, Equatable {
    /// One internal node (or relay), 8 bytes: rows with `code[feature] <= bin` go left — to the
    /// next node (`index + 1`) when `left` is 0, else to the leaf at position `left` — the
    /// others to position `right` (see the type's documentation).
    struct Node: Sendable, Equatable {
        var right: Int32
        var feature: UInt8
        var bin: UInt8
        var left: Int16 = 0

        /// The position of this node's left child, the node being at `index`.
        @inline(__always)
        func leftPosition(at index: Int32) -> Int32 { left != 0 ? Int32(left) : index + 1 }
    }

    /// The position of the pure leaf adding `pureValues[valueIndex]` to class `pureClass`.
    static func position(pureClass: Int, valueIndex: UInt8) -> Int32 { ~(Int32(pureClass) << 8 | Int32(valueIndex)) }

    /// The position of mixed leaf `number` (< 2^30).
    static func position(mixedLeaf number: Int) -> Int32 { Int32(bitPattern: UInt32(number) | 0x8000_0000) }

    /// The leaf code the walk writes for the leaf at `position` (the C kernel's
    /// `iot_leaf_code`): the position itself for a pure leaf, the leaf's number for a mixed one.
    static func leafCode(position: Int32) -> Int32 { iot_leaf_code(Int(position)) }

    /// Cuts per feature padded with +infinity to 256, feature `f` at `cuts[f × 256 ..< (f + 1) × 256]`.
    let cuts: [Float]
    /// Per feature: the binary search's steps, log2 of the smallest power of two at least its
    /// number of cuts (0...8).
    let cutSteps: [UInt8]
    /// Internal nodes and relays, each tree's in preorder, left subtree first.
    let nodes: [Node]
    /// Per mixed leaf: the offset of its values in `leafValues`.
    let leafOffsets: [Int32]
    /// Per tree: the position of its root.
    let roots: [Int32]
    let featureCount: Int
    /// The distinct values of pure leaves (at most 255; one 0 when there are none).
    let pureValues: [Float]
    /// The features batch scoring orders rows by (`iot_order_rows`): those split on most often
    /// in the top `localityDepth` levels of the trees, most used first, at most
    /// `localityFeatureCount`.
    let localityFeatures: [UInt8]
    /// The trees' top 6 levels in blocks of three, for batch scoring (`TopLevels`).
    let topLevels: TopLevels

    /// Code slots per binned row: one per feature plus the always-255 slot relays read.
    var codeStride: Int { featureCount + 1 }

    static let maxCuts = 254
    static let cutStride = 256

    /// Compacts `forest`'s trees; nil when a feature has more than 254 distinct thresholds,
    /// there are more than 254 features, 2^30 nodes, mixed leaves or top blocks, or the forest
    /// is malformed (a child out of range or not after its parent; `FlatForest.validate()`
    /// reports those). O(nodes log nodes).
    init?(_ forest: FlatForest) {
        let featureCount = forest.featureCount, flat = forest.nodes
        guard featureCount >= 1, featureCount <= Self.maxCuts, Self.nodeLayoutMatchesKernel,
              forest.roots.count < Int(IOT_TOP_BLOCK) / TopLevels.maxBlocksPerTree else { return nil }
        // Distinct thresholds per feature.
        var perFeature = [[Float]](repeating: [], count: featureCount)
        for node in flat {
            guard node.feature >= 0, Int(node.feature) < featureCount, !node.threshold.isNaN else { return nil }
            perFeature[Int(node.feature)].append(node.threshold)
        }
        var cuts = [Float](repeating: .infinity, count: featureCount * Self.cutStride)
        var cutSteps = [UInt8](repeating: 0, count: featureCount)
        for f in 0..<featureCount {
            var list = perFeature[f].sorted()
            var distinct: [Float] = []
            for value in list where distinct.last.map({ $0 < value }) ?? true { distinct.append(value) }
            list = distinct
            guard list.count <= Self.maxCuts else { return nil }
            for (j, value) in list.enumerated() { cuts[f * Self.cutStride + j] = value }
            cutSteps[f] = Self.searchSteps(cutCount: list.count)
            perFeature[f] = list
        }

        // Preorder layout, left subtree first; an explicit stack (no recursion on deep trees).
        var nodes: [Node] = []
        var leafOffsets: [Int32] = []
        var roots: [Int32] = []
        var pure = PureLeafCoder(forest)
        nodes.reserveCapacity(flat.count + forest.roots.count)
        let leafSlot = UInt8(featureCount)
        func leafPosition(_ reference: Int32) -> Int32? {
            let offset = Int(~reference)
            if let (pureClass, valueIndex) = pure.code(offset: offset) { return Self.position(pureClass: Int(pureClass), valueIndex: valueIndex) }
            guard leafOffsets.count < Self.maxMixedLeaves, offset <= Int(Int32.max) else { return nil }
            leafOffsets.append(Int32(offset))
            return Self.position(mixedLeaf: leafOffsets.count - 1)
        }
        // (flat reference of an internal node, index of the compact parent whose `right` to set, or -1)
        var stack: [(Int32, Int)] = []
        for root in forest.roots {
            if root < 0 {
                guard let leaf = leafPosition(root) else { return nil }
                roots.append(leaf)
                continue
            }
            roots.append(Int32(nodes.count))
            stack.append((root, -1))
            while let (reference, parent) = stack.popLast() {
                // Internal nodes and relays: at most two per flat node, unless a node is reached twice.
                guard nodes.count <= 2 * flat.count, nodes.count + 1 < Self.maxNodes, Int(reference) < flat.count else { return nil }
                let index = nodes.count
                if parent >= 0 { nodes[parent].right = Int32(index) }
                let node = flat[Int(reference)]
                func valid(_ child: Int32) -> Bool { child < 0 || (child > reference && Int(child) < flat.count) }
                guard valid(node.left), valid(node.right) else { return nil }
                let f = Int(node.feature)
                guard let bin = Self.lowerBound(perFeature[f], node.threshold) else { return nil }
                nodes.append(Node(right: -1, feature: UInt8(f), bin: UInt8(bin)))
                if node.right < 0 {
                    guard let leaf = leafPosition(node.right) else { return nil }
                    nodes[index].right = leaf
                } else {
                    // Popped after the whole left subtree, which comes next in order.
                    stack.append((node.right, index))
                }
                if node.left >= 0 {
                    stack.append((node.left, -1))
                } else {
                    guard let leaf = leafPosition(node.left) else { return nil }
                    if let short = Int16(exactly: leaf) {
                        nodes[index].left = short
                    } else {
                        nodes.append(Node(right: leaf, feature: leafSlot, bin: Self.relayBin))
                    }
                }
            }
        }
        if nodes.isEmpty { nodes.append(Node(right: -1, feature: leafSlot, bin: Self.relayBin)) }
        if leafOffsets.isEmpty { leafOffsets.append(0) }
        self.cuts = cuts
        self.cutSteps = cutSteps
        self.nodes = HugePageCopy.copy(nodes)
        self.leafOffsets = leafOffsets
        self.roots = roots
        self.featureCount = featureCount
        pureValues = pure.values.isEmpty ? [0] : pure.values
        localityFeatures = Self.topFeatures(nodes: nodes, roots: roots, featureCount: featureCount)
        topLevels = TopLevels(nodes: nodes, roots: roots, leafSlot: leafSlot)
    }

    /// A relay's bin: the always-255 code slot is above it, so every row goes right.
    static let relayBin: UInt8 = 254
    /// Node indices (a node and its relay) stay below the top blocks' marks (`IOT_TOP_BLOCK`).
    static let maxNodes = Int(IOT_TOP_BLOCK)
    /// Mixed leaf numbers stay below 2^30 (`position(mixedLeaf:)`).
    static let maxMixedLeaves = 1 << 30

    static let localityDepth = 4
    static let localityFeatureCount = 6

    /// The features split on most often in the top `localityDepth` levels of the trees (ties to
    /// the lower index), at most `localityFeatureCount`. O(trees × 2^localityDepth).
    static func topFeatures(nodes: [Node], roots: [Int32], featureCount: Int) -> [UInt8] {
        var uses = [Int](repeating: 0, count: featureCount)
        var level: [Int32] = [], below: [Int32] = []
        for root in roots {
            level = [root]
            for _ in 0..<localityDepth {
                below.removeAll(keepingCapacity: true)
                for index in level where index >= 0 {
                    let node = nodes[Int(index)]
                    guard Int(node.feature) < featureCount else { continue }
                    uses[Int(node.feature)] += 1
                    below.append(node.leftPosition(at: index))
                    below.append(node.right)
                }
                swap(&level, &below)
            }
        }
        let used = (0..<featureCount).filter { uses[$0] > 0 }.sorted { uses[$0] != uses[$1] ? uses[$0] > uses[$1] : $0 < $1 }
        return used.prefix(localityFeatureCount).map { UInt8($0) }
    }

    /// Finds the pure leaves of a forest of vector leaves and numbers their distinct values.
    struct PureLeafCoder {
        let leafValues: [Float]
        let classCount: Int
        /// Whether pure coding is exact for this forest (see the type's documentation).
        let enabled: Bool
        var values: [Float] = []
        var index: [UInt32: UInt8] = [:]

        init(_ forest: FlatForest) {
            leafValues = forest.leafValues
            classCount = forest.classCount
            enabled = forest.vectorLeaves && forest.classCount >= 1 && forest.classCount <= 1 << 16
                && forest.leafValues.allSatisfy { $0.sign == .plus } && forest.baseScores.allSatisfy { $0.sign == .plus }
        }

        /// The class and value index of the leaf whose values start at `offset`; nil when it
        /// has several non-zero values, its values are out of range, or the table is full.
        mutating func code(offset: Int) -> (UInt16, UInt8)? {
            guard enabled, offset >= 0, offset + classCount <= leafValues.count else { return nil }
            var pureClass = 0, nonZero = 0
            for c in 0..<classCount where leafValues[offset + c].bitPattern != 0 {
                nonZero += 1
                pureClass = c
            }
            guard nonZero <= 1 else { return nil }
            let value = leafValues[offset + pureClass]
            if let known = index[value.bitPattern] { return (UInt16(pureClass), known) }
            guard values.count < 255 else { return nil }
            index[value.bitPattern] = UInt8(values.count)
            values.append(value)
            return (UInt16(pureClass), UInt8(values.count - 1))
        }
    }

    /// Index of `value` in the sorted distinct `list`, nil when absent.
    static func lowerBound(_ list: [Float], _ value: Float) -> Int? {
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < list.count && list[low] == value ? low : nil
    }

    /// Steps of the binning search over `cutCount` cuts: log2 of the smallest power of two at
    /// least `cutCount` (0 for 0 or 1 cut, 8 for up to 256). O(log cutCount).
    static func searchSteps(cutCount: Int) -> UInt8 {
        var steps: UInt8 = 0
        while 1 << Int(steps) < cutCount { steps += 1 }
        return steps
    }

    /// Bins `count` rows of `featureCount` floats into `codes` (`codeStride` bytes per row, the
    /// last 255): the C kernel `iot_bin_rows`, a search over each feature's own cuts (`cuts`,
    /// every list padded with +infinity to `cutStride`): two 16-wide AVX-512 compares per value
    /// (every 16th cut, then the 16 cuts of its block) for batches on CPUs that have them, else
    /// a branch-free scalar binary search of `cutSteps` steps. O(count × features × 9) at most.
    @inline(__always)
    static func bin(rows: UnsafePointer<Float>, count: Int, cuts: UnsafePointer<Float>, steps: UnsafePointer<UInt8>,
                    featureCount: Int, into codes: UnsafeMutablePointer<UInt8>) {
        iot_bin_rows(rows, count, featureCount, cuts, cutStride, steps, codes, featureCount + 1)
    }

    /// Walks `count` binned rows to their leaves, 8 in flight (24 for one row through many
    /// trees, `codeStride` 0), branch-free: walk i starts at position `starts[i × startStride]`,
    /// reads codes at `codes + i × codeStride`, and its leaf's code (`leafCode(position:)`)
    /// goes to `leaves[i]` (the C kernel `iot_tree_walk`). Every walk ends: children come
    /// after their parent. O(total steps).
    @inline(__always)
    static func walk(nodes: UnsafePointer<Node>, count: Int, starts: UnsafePointer<Int32>, startStride: Int,
                     codes: UnsafePointer<UInt8>, codeStride: Int, leaves: UnsafeMutablePointer<Int32>) {
        UnsafeRawPointer(nodes).withMemoryRebound(to: iot_tree_node.self, capacity: 1) {
            iot_tree_walk($0, count, starts, startStride, codes, codeStride, leaves)
        }
    }

    /// Puts `count` binned rows (`codes`, `codeStride` bytes each) in locality order into
    /// `sorted`, `order[j]` being the row at position j (the C kernel `iot_order_rows`, keyed on
    /// `localityFeatures`). `keys` and `scratch` are workspace of `count` entries.
    /// O(count × (keys + codeStride)).
    func orderRows(_ codes: UnsafePointer<UInt8>, count: Int, keys: UnsafeMutablePointer<UInt64>, scratch: UnsafeMutablePointer<UInt32>,
                   order: UnsafeMutablePointer<UInt32>, into sorted: UnsafeMutablePointer<UInt8>) {
        localityFeatures.withUnsafeBufferPointer { features in
            iot_order_rows(codes, count, codeStride, features.baseAddress, Int32(features.count), keys, scratch, order, sorted)
        }
    }

    /// Whether `Node` has the layout of the C kernel's `iot_tree_node` (checked once per forest).
    static var nodeLayoutMatchesKernel: Bool {
        MemoryLayout<Node>.size == MemoryLayout<iot_tree_node>.size && MemoryLayout<Node>.stride == MemoryLayout<iot_tree_node>.stride
            && MemoryLayout<Node>.offset(of: \Node.right) == MemoryLayout<iot_tree_node>.offset(of: \iot_tree_node.right)
            && MemoryLayout<Node>.offset(of: \Node.feature) == MemoryLayout<iot_tree_node>.offset(of: \iot_tree_node.feature)
            && MemoryLayout<Node>.offset(of: \Node.bin) == MemoryLayout<iot_tree_node>.offset(of: \iot_tree_node.bin)
            && MemoryLayout<Node>.offset(of: \Node.left) == MemoryLayout<iot_tree_node>.offset(of: \iot_tree_node.left)
    }

    /// Starts loading the values of the leaves among `leafCodes` (as `walk` writes them) that
    /// are not pure, so the adds that follow find them in cache: the offset loads, independent
    /// of one another, overlap here instead of each add waiting on two misses in turn. No
    /// effect on results. O(count).
    @inline(__always)
    static func prefetchLeafValues(_ leafCodes: UnsafePointer<Int32>, count: Int, offsets: UnsafePointer<Int32>, leaves: UnsafePointer<Float>) {
        for i in 0..<count {
            let code = Int(leafCodes[i])
            if code >= 0 { iot_prefetch(leaves + Int(offsets[code])) }
        }
    }

    /// Adds `trees` consecutive trees' leaves (tree t's codes, as `walk` writes them, at
    /// `leafCodes + t × treeStride`; its class at `treeClasses[t]`, -1 for a vector leaf) to
    /// `count` rows of scores (`classCount` per row), row by row and tree by tree, in one pass
    /// over the scores (the C kernel `iot_add_leaves`): a pure leaf's one value from the code
    /// itself (`~(class << 8 | value index)`), any other's values from `leaves` at the mixed
    /// leaf's offset. Only vector leaves are ever coded pure (`PureLeafCoder`). Mixed leaves'
    /// values are prefetched some rows ahead. O(count × trees × classCount).
    @inline(__always)
    static func addLeaves(_ leafCodes: UnsafePointer<Int32>, count: Int, trees: Int, treeStride: Int, treeClasses: UnsafePointer<Int32>,
                          offsets: UnsafePointer<Int32>, leaves: UnsafePointer<Float>, pureValues: UnsafePointer<Float>, classCount: Int,
                          into out: UnsafeMutablePointer<Float>) {
        iot_add_leaves(leafCodes, count, trees, treeStride, treeClasses, offsets, leaves, pureValues, classCount, out)
    }
}
