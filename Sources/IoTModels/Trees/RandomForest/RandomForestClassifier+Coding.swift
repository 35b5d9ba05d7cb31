extension RandomForestClassifier {
    static let formatVersion: UInt32 = 1

    /// Writes: format version, the options, importances, then the forest (`FlatForest`).
    public func encode(to writer: inout BinaryWriter) {
        writer.write(Self.formatVersion)
        writer.write(UInt32(options.trees))
        writer.write(options.criterion.rawValue)
        writer.write(options.bootstrap)
        switch options.maxFeatures {
        case .sqrt: writer.write(UInt8(0)); writer.write(0.0)
        case .log2: writer.write(UInt8(1)); writer.write(0.0)
        case .all: writer.write(UInt8(2)); writer.write(0.0)
        case let .count(count): writer.write(UInt8(3)); writer.write(Double(count))
        case let .fraction(fraction): writer.write(UInt8(4)); writer.write(fraction)
        }
        writer.write(Int64(options.maxDepth ?? -1))
        writer.write(UInt32(options.minSamplesLeaf))
        writer.write(UInt32(options.minSamplesSplit))
        writer.write(options.classWeight.rawValue)
        writer.write(options.seed)
        writer.write(UInt32(options.maxBins))
        writer.write(UInt64(options.binSampleRows))
        writer.write(importances)
        forest.encode(to: &writer)
    }

    /// Reads what `encode(to:)` wrote; throws `ModelCodingError` when it is truncated, of
    /// another version, or has out-of-range options or indices.
    public init(from reader: inout BinaryReader) throws {
        let version = try reader.read(UInt32.self)
        guard version == Self.formatVersion else { throw ModelCodingError.invalid("random forest format \(version), expected \(Self.formatVersion)") }
        var options = RandomForestOptions()
        options.trees = Int(try reader.read(UInt32.self))
        guard let criterion = RandomForestOptions.Criterion(rawValue: try reader.read(UInt8.self)) else { throw ModelCodingError.invalid("criterion") }
        options.criterion = criterion
        options.bootstrap = try reader.readBool()
        let maxFeaturesKind = try reader.read(UInt8.self)
        let maxFeaturesValue = try reader.readDouble()
        switch maxFeaturesKind {
        case 0: options.maxFeatures = .sqrt
        case 1: options.maxFeatures = .log2
        case 2: options.maxFeatures = .all
        case 3:
            guard maxFeaturesValue >= 1, maxFeaturesValue <= Double(Int32.max) else { throw ModelCodingError.invalid("maxFeatures count") }
            options.maxFeatures = .count(Int(maxFeaturesValue))
        case 4: options.maxFeatures = .fraction(maxFeaturesValue)
        default: throw ModelCodingError.invalid("maxFeatures kind \(maxFeaturesKind)")
        }
        let depth = try reader.read(Int64.self)
        options.maxDepth = depth < 0 ? nil : Int(clamping: depth)
        options.minSamplesLeaf = Int(try reader.read(UInt32.self))
        options.minSamplesSplit = Int(try reader.read(UInt32.self))
        guard let classWeight = RandomForestOptions.ClassWeight(rawValue: try reader.read(UInt8.self)) else { throw ModelCodingError.invalid("classWeight") }
        options.classWeight = classWeight
        options.seed = try reader.read(UInt64.self)
        options.maxBins = Int(try reader.read(UInt32.self))
        options.binSampleRows = Int(clamping: try reader.read(UInt64.self))
        do { try options.validate() } catch { throw ModelCodingError.invalid("options: \(error)") }
        let importances = try reader.readFloats()
        let forest = try FlatForest(from: &reader)
        guard importances.count == forest.featureCount else { throw ModelCodingError.invalid("\(importances.count) importances for \(forest.featureCount) features") }
        guard forest.link == .average, forest.treeClasses.allSatisfy({ $0 == -1 }) else { throw ModelCodingError.invalid("not a random forest") }
        self.init(options: options, forest: forest, importances: importances)
    }
}
