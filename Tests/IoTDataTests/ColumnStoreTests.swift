import Foundation
import Testing
@testable import IoTData

@Suite("Column store")
struct ColumnStoreTests {
    /// Ingests both real samples into a store with small chunks (so there are several).
    func makeStore(chunkRows: Int = 1000) throws -> (path: String, summary: IngestSummary) {
        let path = try Fixtures.scratchDirectory().appendingPathComponent("sample.iotc").path
        var options = Ingestor.Options()
        options.chunkRows = chunkRows
        let summary = try Ingestor.run(inputs: Fixtures.samples, store: path, options: options, showProgress: false)
        return (path, summary)
    }

    @Test func roundTripEqualsTheCSV() throws {
        let (path, summary) = try makeStore()
        let fromCSV = try Dataset.load(csv: Fixtures.samples)
        let fromStore = try Dataset.load(store: path)
        #expect(fromStore.rowCount == summary.rowsOut)
        #expect(fromStore.rowCount == fromCSV.rowCount)
        #expect(fromStore.features == fromCSV.features)
        #expect(fromStore.labels == fromCSV.labels)
        #expect(fromStore.sources == fromCSV.sources)
        #expect(fromStore.hashes == fromCSV.hashes, "row hashes computed from the store match those of the CSV")
        let reader = try ColumnStoreReader(path: path)
        #expect(reader.chunkCount == (summary.rowsOut + 999) / 1000)
        #expect(reader.metadata.duplicatesRemoved == summary.duplicates)
        #expect(reader.metadata.rowsIn == summary.rowsIn)
        #expect(reader.metadata.sources == Fixtures.samples)
        #expect(reader.metadata.synthetic == nil)
        #expect(!FileManager.default.fileExists(atPath: path + ".partial"))
    }

    @Test func storeIsMuchSmallerThanTheCSV() throws {
        let (path, summary) = try makeStore(chunkRows: StoreFormat.defaultChunkRows)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size == summary.storeBytes)
        #expect(Double(size) < 0.35 * Double(summary.bytesIn))
    }

    func expectStoreError(_ bytes: [UInt8], _ check: (StoreError) -> Bool) throws {
        let path = try Fixtures.write(bytes, name: "broken.iotc")
        do {
            let reader = try ColumnStoreReader(path: path)
            try reader.forEachChunk { _ in }
            Issue.record("a damaged store was read without error")
        } catch let error as StoreError {
            #expect(check(error), "\(error)")
            #expect(error.description.contains(path))
        }
    }

    /// A prepared store: named columns that are no CICIoT2023 layout, a `class` column,
    /// the rows of the real samples shifted so every value differs from the raw store's.
    func makePreparedStore(chunkRows: Int = 1000) throws -> (path: String, rows: Dataset, classes: [Int]) {
        let dataset = try Dataset.load(csv: Fixtures.samples)
        let names = dataset.features.columnNames.filter { $0 != "IAT" }.map { "scaled \($0)" } + ["Protocol Type=6"]
        let path = try Fixtures.scratchDirectory().appendingPathComponent("prepared.iotc").path
        let writer = try ColumnStoreWriter(path: path, schema: StoreSchema(featureNames: names, task: .family, path: path), chunkRows: chunkRows)
        var classes: [Int] = []
        var row = [Float](repeating: 0, count: names.count)
        for r in 0..<dataset.rowCount {
            for c in 0..<(names.count - 1) { row[c] = dataset.features[r, c < 36 ? c : c + 1] + 0.5 }
            row[names.count - 1] = dataset.features[r, 1] == 6 ? 1 : 0
            let value = LearningTask.family.classIndex(of: dataset.labels[r]) ?? 0
            classes.append(value)
            try writer.append(row, label: dataset.labels[r], source: dataset.sources[r], classIndex: value)
        }
        var metadata = StoreMetadata()
        metadata.oversampledRows = 0
        try writer.finish(metadata: metadata)
        return (path, dataset, classes)
    }

    @Test func preparedStoresCarryAnyNamedColumnsAndAClass() throws {
        let (path, dataset, classes) = try makePreparedStore()
        let reader = try ColumnStoreReader(path: path)
        #expect(reader.layout == nil && reader.task == .family)
        #expect(reader.featureNames.first == "scaled Header_Length" && reader.featureNames.last == "Protocol Type=6")
        #expect(reader.featureCount == 39)
        #expect(reader.rowCount == dataset.rowCount && reader.chunkCount > 10)
        var counts = [Int](repeating: 0, count: LearningTask.family.classCount)
        for value in classes { counts[value] += 1 }
        #expect(reader.classCounts == counts)
        var r = 0
        var same = true
        try reader.forEachChunk(threads: 2) { chunk in
            for i in 0..<chunk.rowCount {
                same = same && chunk.features[0][i] == dataset.features[r, 0] + 0.5
                    && chunk.features[38][i] == (dataset.features[r, 1] == 6 ? 1 : 0)
                    && Int(chunk.classes[i]) == classes[r] && chunk.label(at: i) == dataset.labels[r]
                    && chunk.sources[i] == dataset.sources[r]
                r += 1
            }
        }
        #expect(same && r == dataset.rowCount)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes[4] == 2, "prepared stores are format version 2")
        // Raw stores keep version 1 and the old footer, so older readers still open them.
        let (raw, _) = try makeStore()
        let rawBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: raw)))
        #expect(rawBytes[4] == 1)
        #expect(!String(decoding: rawBytes.suffix(4000), as: UTF8.self).contains("\"task\""))
    }

    @Test func preparedStoresAreNotRawData() throws {
        let (path, _, _) = try makePreparedStore()
        #expect(throws: StoreError.self) { try Dataset.load(store: path) }
        do {
            _ = try SyntheticRowGenerator(store: path)
            Issue.record("synth accepted a prepared store")
        } catch let error as StoreError {
            #expect(error.description.hasPrefix("\(path): a prepared store"), "\(error)")
        }
        let profile = try DatasetProfile.of(store: path)
        #expect(profile.layout == nil && profile.task == .family && profile.kind == "prepared store")
        #expect(profile.classes?.values.reduce(0, +) == profile.rows)
        #expect(profile.columns.map(\.name).last == "Protocol Type=6")
        #expect(profile.text.contains("prepared for the family task, 39 features"))
    }

    @Test func badSchemasAreRefusedByName() throws {
        let path = try Fixtures.scratchDirectory().appendingPathComponent("bad.iotc").path
        #expect(throws: StoreError.invalidSchema(path: path, detail: "feature column 'a' appears twice")) {
            try StoreSchema(featureNames: ["a", "b", "a"], task: nil, path: path)
        }
        #expect(throws: StoreError.invalidSchema(path: path, detail: "feature column 'class' clashes with a label code column")) {
            try StoreSchema(featureNames: ["a", "class"], task: .binary, path: path)
        }
        #expect(throws: StoreError.invalidSchema(path: path, detail: "no feature column")) {
            try StoreSchema(featureNames: [], task: nil, path: path)
        }
        let writer = try ColumnStoreWriter(path: path, schema: StoreSchema(featureNames: ["a"], task: .binary, path: path))
        #expect(throws: StoreError.invalidSchema(path: path, detail: "row 0: class 2 is outside 0..<2")) {
            try writer.append([1], label: .unlabeled, source: 0, classIndex: 2)
        }
        writer.abandon()
        #expect(!FileManager.default.fileExists(atPath: path + ".partial"))
    }

    /// Both kinds of store: the raw one (version 1) and a prepared one (version 2).
    func bothStores() throws -> [String] { [try makeStore().path, try makePreparedStore().path] }

    @Test func truncatedStoresAreDetected() throws {
        for path in try bothStores() {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            for cut in [0, 3, 7, 8, 100, bytes.count / 2, bytes.count - 25, bytes.count - 1] {
                try expectStoreError(Array(bytes.prefix(cut))) {
                    switch $0 {
                    case .truncated, .notAStore: return true
                    default: return false
                    }
                }
            }
        }
    }

    @Test func flippedBytesAreDetected() throws {
        for path in try bothStores() {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            // One flip in a blob, one in the footer, one in the trailer's checksum.
            for position in [20, bytes.count - 100, bytes.count - 12] {
                var damaged = bytes
                damaged[position] ^= 0x40
                try expectStoreError(damaged) {
                    if case .corrupt = $0 { return true }
                    return false
                }
            }
        }
    }

    /// A footer whose column list contradicts its task or layout is refused, checksum or not.
    @Test func inconsistentFootersAreCorrupt() throws {
        let (path, _, _) = try makePreparedStore()
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        for (from, to) in [("\"task\":\"family\"", "\"task\":\"binary\""), ("\"name\":\"class\"", "\"name\":\"klass\""),
                           ("\"name\":\"scaled Rate\"", "\"name\":\"scaled Header_Length\"")] {
            try expectStoreError(Self.rewritingFooter(bytes, from, to)) {
                if case .corrupt = $0 { return true }
                return false
            }
        }
    }

    /// `bytes` with its JSON footer edited and the trailer's length and checksum made valid again.
    static func rewritingFooter(_ bytes: [UInt8], _ from: String, _ to: String) throws -> [UInt8] {
        let trailer = bytes.count - StoreFormat.trailerBytes
        let length = Int(bytes[trailer..<(trailer + 8)].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        let footer = String(decoding: bytes[(trailer - length)..<trailer], as: UTF8.self)
        #expect(footer.contains(from))
        let edited = [UInt8](footer.replacingOccurrences(of: from, with: to).utf8)
        var out = Array(bytes[..<(trailer - length)]) + edited
        withUnsafeBytes(of: UInt64(edited.count).littleEndian) { out += $0 }
        withUnsafeBytes(of: Checksum64.hash(edited).littleEndian) { out += $0 }
        return out + StoreFormat.trailerMagic
    }

    @Test func newerVersionsAndOtherFilesAreRefused() throws {
        let (path, _) = try makeStore()
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[4] = 99
        try expectStoreError(bytes) { if case .unsupportedVersion(_, 99, 2) = $0 { return true }; return false }
        try expectStoreError(Array("Header_Length,Protocol Type\n".utf8)) { $0 == .notAStore(path: $0.path) }
        #expect(!ColumnStoreReader.isStore(path: Fixtures.robotumbel))
        #expect(ColumnStoreReader.isStore(path: path))
    }

    @Test func failedIngestLeavesNoStore() throws {
        let directory = try Fixtures.scratchDirectory()
        let bad = directory.appendingPathComponent("bad.csv")
        let header = FeatureLayout.v2.featureNames.joined(separator: ",") + ",Label\n"
        try Data((header + "1,2\n").utf8).write(to: bad)
        let store = directory.appendingPathComponent("out.iotc").path
        #expect(throws: CSVError.self) { try Ingestor.run(inputs: [bad.path], store: store, showProgress: false) }
        #expect(!FileManager.default.fileExists(atPath: store))
        #expect(!FileManager.default.fileExists(atPath: store + ".partial"))
    }
}

extension StoreError {
    var path: String {
        switch self {
        case let .cannotOpen(path, _), let .notAStore(path), let .truncated(path, _), let .unsupportedVersion(path, _, _),
             let .corrupt(path, _), let .writeFailed(path, _), let .compressionFailed(path, _), let .invalidSchema(path, _):
            return path
        }
    }
}
