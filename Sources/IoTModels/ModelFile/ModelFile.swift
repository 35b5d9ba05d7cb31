import Foundation
import IoTData
import IoTPrep

/// A trained model as saved on disk (`.iotm`): the fitted preprocessing pipeline, the
/// classifier, the class and feature names, and how it was trained — everything the sensor
/// needs to apply exactly what training fitted.
///
/// Layout (integers little-endian):
///
///     "IOTM" u32 version                 8-byte header
///     u64 n, n bytes                     JSON `ModelFile.Header` (schema, pipeline, training metadata)
///     u64 m, m bytes                     the classifier's `BinaryWriter` state
///     u64 checksum, "IOTMEND1"           `Checksum64` of everything before, and the end marker
///
/// Loading rejects, with a `ModelFileError` naming the file: other files (magic), newer
/// formats (version), truncation (end marker, lengths), corruption (checksum, undecodable
/// header or state) and models whose pipeline or classifier disagree with the header.
public struct ModelFile: Sendable {
    public static let magic: [UInt8] = Array("IOTM".utf8)
    public static let endMarker: [UInt8] = Array("IOTMEND1".utf8)
    public static let version = 1

    /// How the model was trained, stored with it.
    public struct TrainingMetadata: Codable, Sendable, Equatable {
        /// `RowHash`-based digest of the training rows (before balancing), hex.
        public var dataDigest: String
        public var dataSources: [String]
        public var seed: UInt64
        public var options: [String: String]
        public var trainRows: Int
        public var testRows: Int
        public var trainedAt: String
        public var trainingSeconds: Double
        /// Metrics on the held-out test split (absent when trained on all rows).
        public var testMetrics: StoredMetrics?

        public init(dataDigest: String, dataSources: [String], seed: UInt64, options: [String: String], trainRows: Int,
                    testRows: Int, trainedAt: String, trainingSeconds: Double, testMetrics: StoredMetrics?) {
            self.dataDigest = dataDigest
            self.dataSources = dataSources
            self.seed = seed
            self.options = options
            self.trainRows = trainRows
            self.testRows = testRows
            self.trainedAt = trainedAt
            self.trainingSeconds = trainingSeconds
            self.testMetrics = testMetrics
        }
    }

    /// Headline test metrics (the full report lives in `iotshield evaluate`).
    public struct StoredMetrics: Codable, Sendable, Equatable {
        public var accuracy: Double
        public var macroF1: Double
        public var weightedF1: Double
        public var aucMacro: Double?
        public var benignFalsePositiveRate: Double?
        public var perClassF1: [String: Double]

        public init(accuracy: Double, macroF1: Double, weightedF1: Double, aucMacro: Double?, benignFalsePositiveRate: Double?, perClassF1: [String: Double]) {
            self.accuracy = accuracy
            self.macroF1 = macroF1
            self.weightedF1 = weightedF1
            self.aucMacro = aucMacro
            self.benignFalsePositiveRate = benignFalsePositiveRate
            self.perClassF1 = perClassF1
        }
    }

    public struct Header: Codable, Sendable, Equatable {
        public var kind: ModelKind
        public var task: LearningTask
        public var classNames: [String]
        /// The dataset layout the pipeline expects (its input columns are this layout's features).
        public var layout: FeatureLayout
        public var pipeline: Pipeline
        public var training: TrainingMetadata
        /// A short stable id: kind, task and the first bytes of the model's checksum.
        public var identifier: String
    }

    public var header: Header
    public var classifier: any Classifier

    public init(kind: ModelKind, task: LearningTask, layout: FeatureLayout, pipeline: Pipeline, classifier: any Classifier, training: TrainingMetadata) {
        header = Header(kind: kind, task: task, classNames: task.classNames, layout: layout, pipeline: pipeline, training: training, identifier: "")
        self.classifier = classifier
    }

    // MARK: writing

    /// The file's bytes. Memory: the encoded classifier once while it is copied into the
    /// file's buffer (reserved whole, so it never regrows), then the file's bytes only — for
    /// a large forest the two copies are the peak of a whole `train` run.
    public func encoded() throws -> [UInt8] {
        var state = BinaryWriter()
        classifier.encode(to: &state)
        var header = self.header
        header.identifier = "\(header.kind.rawValue)-\(header.task.rawValue)-" + String(Checksum64.hash(state.bytes), radix: 16).prefix(8)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let json = [UInt8](try encoder.encode(header))
        var out = BinaryWriter()
        out.reserveCapacity(Self.magic.count + 4 + 8 + json.count + 8 + state.bytes.count + 8 + Self.endMarker.count)
        for byte in Self.magic { out.write(byte) }
        out.write(UInt32(Self.version))
        out.write(json)
        out.write(state.bytes)
        state = BinaryWriter()
        // Into `out` itself: appending to a copy of its array would copy the whole file.
        out.write(Checksum64.hash(out.bytes))
        for byte in Self.endMarker { out.write(byte) }
        return out.bytes
    }

    /// Writes the model to `path` (via a temporary file, renamed when complete), straight
    /// from the encoded bytes (no `Data` copy of them).
    /// - Throws: `ModelFileError.cannotWrite` when the file cannot be created or written.
    public func write(to path: String) throws {
        let bytes = try encoded()
        let temporary = path + ".partial"
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
            throw ModelFileError.cannotWrite(path: path)
        }
        do {
            try bytes.withUnsafeBytes { try handle.write(contentsOf: $0) }
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporary)
            throw ModelFileError.cannotWrite(path: path)
        }
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
    }

    // MARK: reading

    public static func load(path: String) throws -> ModelFile {
        guard let data = FileManager.default.contents(atPath: path) else { throw ModelFileError.cannotOpen(path: path) }
        return try decode([UInt8](data), path: path)
    }

    public static func decode(_ bytes: [UInt8], path: String) throws -> ModelFile {
        guard bytes.count >= 8, Array(bytes[0..<4]) == magic else {
            throw bytes.count < 4 && magic.starts(with: bytes) ? ModelFileError.truncated(path: path) : ModelFileError.notAModel(path: path)
        }
        var reader = BinaryReader(bytes: bytes)
        _ = try reader.read(UInt32.self)
        let version = Int(try reader.read(UInt32.self))
        guard version <= Self.version else { throw ModelFileError.newerVersion(path: path, found: version, supported: Self.version) }
        guard bytes.count >= 24, Array(bytes.suffix(8)) == endMarker else { throw ModelFileError.truncated(path: path) }
        let body = Array(bytes[0..<(bytes.count - 16)])
        let stored = bytes[(bytes.count - 16)..<(bytes.count - 8)].withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }.littleEndian
        guard Checksum64.hash(body) == stored else { throw ModelFileError.corrupt(path: path, detail: "checksum mismatch") }
        reader = BinaryReader(bytes: body)
        do {
            _ = try reader.read(UInt64.self)  // magic + version
            let json = try reader.readBytes()
            let state = try reader.readBytes()
            let decoder = JSONDecoder()
            decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            let header = try decoder.decode(Header.self, from: Data(json))
            guard let decode = ModelRegistry.decoders[header.kind] else {
                throw ModelFileError.corrupt(path: path, detail: "model kind '\(header.kind.rawValue)' is not built into this iotshield")
            }
            var stateReader = BinaryReader(bytes: state)
            let classifier = try decode(&stateReader)
            guard classifier.classCount == header.classNames.count else {
                throw ModelFileError.corrupt(path: path, detail: "classifier has \(classifier.classCount) classes, header \(header.classNames.count)")
            }
            guard classifier.featureCount == header.pipeline.outputColumns.count else {
                throw ModelFileError.corrupt(path: path, detail: "classifier expects \(classifier.featureCount) features, pipeline gives \(header.pipeline.outputColumns.count)")
            }
            guard header.pipeline.inputColumns == header.layout.featureNames.filter({ header.pipeline.inputColumns.contains($0) }) else {
                throw ModelFileError.corrupt(path: path, detail: "pipeline input columns are not \(header.layout.rawValue) columns")
            }
            var file = ModelFile(kind: header.kind, task: header.task, layout: header.layout, pipeline: header.pipeline, classifier: classifier, training: header.training)
            file.header = header
            return file
        } catch let error as ModelFileError {
            throw error
        } catch let error as ModelCodingError {
            throw ModelFileError.corrupt(path: path, detail: error.description)
        } catch {
            throw ModelFileError.corrupt(path: path, detail: "\(error)")
        }
    }

    // MARK: use

    public var identifier: String { header.identifier }
    public var classNames: [String] { header.classNames }

    /// Checks that rows of `layout` can be scored by this model.
    public func check(layout: FeatureLayout, path: String) throws {
        guard layout == header.layout else {
            throw ModelFileError.wrongSchema(path: path, expected: header.layout, found: layout)
        }
    }

    /// Class probabilities (rows × classes) for raw feature rows in the model's layout.
    public func predictProbabilities(_ raw: FeatureMatrix) throws -> [Float] {
        let input = raw.columnNames == header.pipeline.inputColumns ? raw : raw.columns(header.pipeline.inputColumns.compactMap { raw.columnNames.firstIndex(of: $0) })
        return classifier.predictProbabilities(try header.pipeline.apply(input))
    }
}

/// Failures loading or saving a model file. Each names the file.
public enum ModelFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotOpen(path: String)
    case cannotWrite(path: String)
    case notAModel(path: String)
    case truncated(path: String)
    case newerVersion(path: String, found: Int, supported: Int)
    case corrupt(path: String, detail: String)
    case wrongSchema(path: String, expected: FeatureLayout, found: FeatureLayout)

    public var description: String {
        switch self {
        case let .cannotOpen(path): return "\(path): cannot read the model file"
        case let .cannotWrite(path): return "\(path): cannot write the model file"
        case let .notAModel(path): return "\(path): not an IoTShield model file (bad magic bytes)"
        case let .truncated(path): return "\(path): model file is truncated"
        case let .newerVersion(path, found, supported):
            return "\(path): model format \(found) is newer than this iotshield reads (\(supported)); upgrade iotshield"
        case let .corrupt(path, detail): return "\(path): model file is corrupt: \(detail)"
        case let .wrongSchema(path, expected, found):
            return "\(path): model expects CICIoT2023 \(expected.rawValue) columns, the data has \(found.rawValue) columns"
        }
    }
}
