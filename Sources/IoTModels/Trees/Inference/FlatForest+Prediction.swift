import Foundation
import IoTData

extension FlatForest {
    /// Rows scored per block in batch mode (a block's rows and scores stay in cache while
    /// every tree is walked over them).
    static let blockRows = 256

    /// Class probabilities for one row into `probabilities` (`classCount` values). Allocation-
    /// free; O(trees × depth). Identical, bit for bit, to the batch path for the same row.
    public func predict(row: UnsafeBufferPointer<Float>, into probabilities: UnsafeMutableBufferPointer<Float>) {
        precondition(row.count >= featureCount && probabilities.count >= classCount, "FlatForest.predict: buffers too small")
        guard let rowBase = row.baseAddress, let out = probabilities.baseAddress else { return }
        nodes.withUnsafeBufferPointer { nodes in
        leafValues.withUnsafeBufferPointer { leaves in
        roots.withUnsafeBufferPointer { roots in
        treeClasses.withUnsafeBufferPointer { classes in
            for c in 0..<classCount { out[c] = baseScores[c] }
            let classCount = self.classCount
            for tree in 0..<roots.count {
                let offset = Self.leafOffset(root: roots[tree], nodes: nodes.baseAddress, row: rowBase)
                Self.accumulate(leaves: leaves.baseAddress, offset: offset, treeClass: classes[tree], classCount: classCount, into: out)
            }
            Self.finish(out, classCount: classCount, link: link)
        }}}}
    }

    /// Class probabilities for every row (row-major, rows × classCount), rows in blocks of
    /// `blockRows` on up to `threads` threads; within a block every tree is walked over all
    /// rows before the next tree. O(rows × trees × depth / threads).
    public func predict(_ features: FeatureMatrix, threads: Int = ParallelWork.defaultThreads) -> [Float] {
        precondition(features.columnCount == featureCount, "FlatForest.predict: \(features.columnCount) columns for \(featureCount) features")
        let rows = features.rowCount, classCount = self.classCount, columns = featureCount, link = self.link
        let blocks = (rows + Self.blockRows - 1) / Self.blockRows
        return [Float](unsafeUninitializedCapacity: rows * classCount) { buffer, initialized in
            let output = UnsafeSendable(buffer)
            features.values.withUnsafeBufferPointer { values in
            nodes.withUnsafeBufferPointer { nodes in
            leafValues.withUnsafeBufferPointer { leaves in
            roots.withUnsafeBufferPointer { roots in
            treeClasses.withUnsafeBufferPointer { classes in
            baseScores.withUnsafeBufferPointer { base in
                let shared = UnsafeSendable((values, nodes, leaves, roots, classes, base))
                ParallelWork.forEach(blocks, threads: threads) { block in
                    let (values, nodes, leaves, roots, classes, base) = shared.value
                    guard let valueBase = values.baseAddress, let outBase = output.value.baseAddress else { return }
                    let first = block * Self.blockRows, last = min(rows, first + Self.blockRows)
                    for row in first..<last {
                        for c in 0..<classCount { outBase[row * classCount + c] = base[c] }
                    }
                    for tree in 0..<roots.count {
                        let root = roots[tree], treeClass = classes[tree]
                        for row in first..<last {
                            let offset = Self.leafOffset(root: root, nodes: nodes.baseAddress, row: valueBase + row * columns)
                            Self.accumulate(leaves: leaves.baseAddress, offset: offset, treeClass: treeClass, classCount: classCount, into: outBase + row * classCount)
                        }
                    }
                    for row in first..<last { Self.finish(outBase + row * classCount, classCount: classCount, link: link) }
                }
            }}}}}}
            initialized = rows * classCount
        }
    }

    /// The leaf value offset reached from `root` by `row`.
    @inline(__always)
    static func leafOffset(root: Int32, nodes: UnsafePointer<FlatNode>?, row: UnsafePointer<Float>) -> Int {
        var reference = root
        while reference >= 0, let nodes {
            let node = nodes[Int(reference)]
            reference = row[Int(node.feature)] <= node.threshold ? node.left : node.right
        }
        return Int(~reference)
    }

    @inline(__always)
    static func accumulate(leaves: UnsafePointer<Float>?, offset: Int, treeClass: Int32, classCount: Int, into scores: UnsafeMutablePointer<Float>) {
        guard let leaves else { return }
        if treeClass < 0 {
            for c in 0..<classCount { scores[c] += leaves[offset + c] }
        } else {
            scores[Int(treeClass)] += leaves[offset]
        }
    }

    /// Turns accumulated scores into probabilities in place (no allocation).
    @inline(__always)
    static func finish(_ scores: UnsafeMutablePointer<Float>, classCount: Int, link: Link) {
        switch link {
        case .average:
            var sum: Float = 0
            for c in 0..<classCount {
                scores[c] = max(0, scores[c])
                sum += scores[c]
            }
            if sum > 0 {
                let inverse = 1 / sum
                for c in 0..<classCount { scores[c] *= inverse }
            } else {
                for c in 0..<classCount { scores[c] = 1 / Float(classCount) }
            }
        case .softmax:
            var top = -Float.infinity
            for c in 0..<classCount { top = max(top, scores[c]) }
            var sum: Float = 0
            for c in 0..<classCount {
                scores[c] = expf(scores[c] - top)
                sum += scores[c]
            }
            let inverse = 1 / sum
            for c in 0..<classCount { scores[c] *= inverse }
        case .sigmoid:
            let p = 1 / (1 + expf(-scores[1]))
            scores[1] = p
            scores[0] = 1 - p
        }
    }
}
