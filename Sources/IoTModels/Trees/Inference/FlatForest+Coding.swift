extension FlatForest {
    /// Writes the forest: counts, link, then the node fields as four parallel arrays
    /// (feature, threshold, left, right), roots, tree classes, leaf values, base scores.
    func encode(to writer: inout BinaryWriter) {
        writer.write(UInt32(classCount))
        writer.write(UInt32(featureCount))
        writer.write(link.rawValue)
        writer.write(nodes.map(\.feature))
        writer.write(nodes.map(\.threshold))
        writer.write(nodes.map(\.left))
        writer.write(nodes.map(\.right))
        writer.write(roots)
        writer.write(treeClasses)
        writer.write(leafValues)
        writer.write(baseScores)
    }

    /// Reads what `encode(to:)` wrote and validates every index (`validate()`); throws
    /// `ModelCodingError` on truncated or inconsistent data, never traps.
    init(from reader: inout BinaryReader) throws {
        let classCount = Int(try reader.read(UInt32.self))
        let featureCount = Int(try reader.read(UInt32.self))
        guard let link = Link(rawValue: try reader.read(UInt8.self)) else { throw ModelCodingError.invalid("unknown link") }
        let features = try reader.readInt32s()
        let thresholds = try reader.readFloats()
        let lefts = try reader.readInt32s()
        let rights = try reader.readInt32s()
        guard thresholds.count == features.count, lefts.count == features.count, rights.count == features.count else {
            throw ModelCodingError.invalid("node arrays of different lengths")
        }
        var nodes: [FlatNode] = []
        nodes.reserveCapacity(features.count)
        for i in features.indices {
            nodes.append(FlatNode(feature: features[i], threshold: thresholds[i], left: lefts[i], right: rights[i]))
        }
        let roots = try reader.readInt32s()
        let treeClasses = try reader.readInt32s()
        let leafValues = try reader.readFloats()
        let baseScores = try reader.readFloats()
        self.init(classCount: classCount, featureCount: featureCount, link: link, nodes: nodes, roots: roots,
                  treeClasses: treeClasses, leafValues: leafValues, baseScores: baseScores)
        try validate()
    }
}
