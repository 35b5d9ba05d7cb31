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

    @Test func truncatedStoresAreDetected() throws {
        let (path, _) = try makeStore()
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

    @Test func flippedBytesAreDetected() throws {
        let (path, _) = try makeStore()
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

    @Test func newerVersionsAndOtherFilesAreRefused() throws {
        let (path, _) = try makeStore()
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[4] = 99
        try expectStoreError(bytes) { if case .unsupportedVersion(_, 99, 1) = $0 { return true }; return false }
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
             let .corrupt(path, _), let .writeFailed(path, _), let .compressionFailed(path, _):
            return path
        }
    }
}
