extension AdaBoostClassifier {
    static let formatVersion: UInt32 = 1

    /// Writes: format version, the options, stump weights, importances, the forest.
    public func encode(to writer: inout BinaryWriter) {
        writer.write(Self.formatVersion)
        writer.write(UInt32(options.rounds))
        writer.write(options.learningRate)
        writer.write(UInt32(options.maxBins))
        writer.write(UInt64(options.binSampleRows))
        writer.write(options.seed)
        writer.write(stumpWeights)
        writer.write(importances)
        forest.encode(to: &writer)
    }

    /// Reads what `encode(to:)` wrote; throws `ModelCodingError` when truncated, of another
    /// version, or inconsistent.
    public init(from reader: inout BinaryReader) throws {
        let version = try reader.read(UInt32.self)
        guard version == Self.formatVersion else { throw ModelCodingError.invalid("AdaBoost format \(version), expected \(Self.formatVersion)") }
        var options = AdaBoostOptions()
        options.rounds = Int(try reader.read(UInt32.self))
        options.learningRate = try reader.readDouble()
        options.maxBins = Int(try reader.read(UInt32.self))
        options.binSampleRows = Int(clamping: try reader.read(UInt64.self))
        options.seed = try reader.read(UInt64.self)
        do { try options.validate() } catch { throw ModelCodingError.invalid("options: \(error)") }
        let stumpWeights = try reader.readFloats()
        let importances = try reader.readFloats()
        let forest = try FlatForest(from: &reader)
        guard importances.count == forest.featureCount else { throw ModelCodingError.invalid("\(importances.count) importances for \(forest.featureCount) features") }
        guard stumpWeights.count == forest.treeCount, forest.treeCount <= options.rounds else { throw ModelCodingError.invalid("\(stumpWeights.count) stump weights for \(forest.treeCount) stumps") }
        guard forest.link == .softmax, forest.treeClasses.allSatisfy({ $0 == -1 }) else { throw ModelCodingError.invalid("not an AdaBoost forest") }
        self.init(options: options, forest: forest, stumpWeights: stumpWeights, importances: importances)
    }
}
