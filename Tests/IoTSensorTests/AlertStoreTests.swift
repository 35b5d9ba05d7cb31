import Foundation
import Testing
@testable import IoTSensor

/// The incident store's own encoding and its grouped writes.
@Suite("Alert store")
struct AlertStoreTests {
    static func store() throws -> AlertStore {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iotshield-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try AlertStore(path: directory.appendingPathComponent("alerts.sqlite").path)
    }

    /// The hand-written feature array reads back as the very same doubles through the store's
    /// decoder (the one `incidents()` uses), non-finite values and extremes included.
    @Test func featureArrayRoundTripsThroughTheDecoder() throws {
        var values: [Double] = [0, -0.0, 1, 100, 1e-5, 6.02e23, -3.25, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
                                .infinity, -.infinity, 0.1 + 0.2]
        var generator = SystemRandomNumberGenerator()
        // Random finite doubles of either sign: clearing exponent bit 52 keeps the exponent below all-ones.
        for _ in 0..<500 { values.append(Double(bitPattern: generator.next() & 0xFFEF_FFFF_FFFF_FFFF)) }
        let text = AlertStore.featuresJSON(values)
        let decoded = try AlertStore.decoder.decode([Double].self, from: Data(text.utf8))
        #expect(decoded.count == values.count)
        for (a, b) in zip(decoded, values) { #expect(a.bitPattern == b.bitPattern) }
        let nan = try AlertStore.decoder.decode([Double].self, from: Data(AlertStore.featuresJSON([.nan, 2]).utf8))
        #expect(nan[0].isNaN && nan[1] == 2)
        #expect(AlertStore.featuresJSON([]) == "[]")
    }

    /// Several batches in one transaction: every incident lands, a later batch's update of an
    /// incident wins over an earlier one's, and each keeps its own source.
    @Test func batchesWriteInOrderInOneCall() throws {
        let store = try Self.store()
        let first = ResponseEngineTests.incident("a", source: "10.0.0.1", windows: 3)
        var later = first
        later.windows = 9
        later.lastSeen += 5
        let other = ResponseEngineTests.incident("b", source: "10.0.0.2", windows: 1)
        try store.record([IncidentBatch(incidents: [first, other], source: "ingest"), IncidentBatch(incidents: [later], source: "edge-1")])
        let stored = try store.incidents()
        #expect(stored.count == 2)
        let a = try #require(try store.incident(id: "a"))
        #expect(a.windows == 9 && a.lastSeen == later.lastSeen)
        #expect(a.peakFeatures.count == 2 && a.peakFeatures[1] == .infinity)
        #expect(try store.count() == 2)
        try store.record([IncidentBatch(incidents: [], source: "ingest")])
        #expect(try store.count() == 2)
    }
}
