extension GradientBoostingClassifier {
    static let formatVersion: UInt32 = 1

    /// Writes: format version, the options, rounds kept, importances, the forest.
    public func encode(to writer: inout BinaryWriter) {
        writer.write(Self.formatVersion)
        writer.write(UInt32(options.rounds))
        writer.write(options.learningRate)
        writer.write(UInt32(options.maxLeaves))
        writer.write(Int64(options.maxDepth ?? -1))
        writer.write(UInt32(options.minSamplesLeaf))
        writer.write(options.minHessianLeaf)
        writer.write(options.l2)
        writer.write(UInt32(options.earlyStoppingPatience))
        writer.write(options.rowFraction)
        writer.write(options.featureFraction)
        writer.write(options.seed)
        writer.write(UInt32(options.maxBins))
        writer.write(UInt64(options.binSampleRows))
        writer.write(UInt32(rounds))
        writer.write(importances)
        forest.encode(to: &writer)
    }

    /// Reads what `encode(to:)` wrote; throws `ModelCodingError` when truncated, of another
    /// version, or inconsistent.
    public init(from reader: inout BinaryReader) throws {
        let version = try reader.read(UInt32.self)
        guard version == Self.formatVersion else { throw ModelCodingError.invalid("gradient boosting format \(version), expected \(Self.formatVersion)") }
        var options = GradientBoostingOptions()
        options.rounds = Int(try reader.read(UInt32.self))
        options.learningRate = try reader.readDouble()
        options.maxLeaves = Int(try reader.read(UInt32.self))
        let depth = try reader.read(Int64.self)
        options.maxDepth = depth < 0 ? nil : Int(clamping: depth)
        options.minSamplesLeaf = Int(try reader.read(UInt32.self))
        options.minHessianLeaf = try reader.readDouble()
        options.l2 = try reader.readDouble()
        options.earlyStoppingPatience = Int(try reader.read(UInt32.self))
        options.rowFraction = try reader.readDouble()
        options.featureFraction = try reader.readDouble()
        options.seed = try reader.read(UInt64.self)
        options.maxBins = Int(try reader.read(UInt32.self))
        options.binSampleRows = Int(clamping: try reader.read(UInt64.self))
        do { try options.validate() } catch { throw ModelCodingError.invalid("options: \(error)") }
        let rounds = Int(try reader.read(UInt32.self))
        let importances = try reader.readFloats()
        let forest = try FlatForest(from: &reader)
        guard importances.count == forest.featureCount else { throw ModelCodingError.invalid("\(importances.count) importances for \(forest.featureCount) features") }
        let perRound = forest.classCount == 2 ? 1 : forest.classCount
        guard rounds <= options.rounds, forest.treeCount == rounds * perRound else { throw ModelCodingError.invalid("\(forest.treeCount) trees for \(rounds) rounds") }
        guard forest.link == (forest.classCount == 2 ? .sigmoid : .softmax), forest.treeClasses.allSatisfy({ $0 >= 0 }) else {
            throw ModelCodingError.invalid("not a gradient boosting forest")
        }
        self.init(options: options, forest: forest, rounds: rounds, importances: importances)
    }
}
