import Foundation
import IoTData
@testable import IoTService
import Testing

/// The request-body decoders on real rows and on the awkward spellings clients send.
@Suite("flow record decoding (CSV and JSON bodies)")
struct FlowRecordDecoderTests {
    let decoder = FlowRecordDecoder(maxRecords: 10_000)

    /// The features of a sample row as the decoder must produce them (v2 order, as Double).
    static func expected(_ row: String) -> [Double] {
        Array(row.split(separator: ",", omittingEmptySubsequences: false).prefix(39).map { Double(String($0)) ?? .nan })
    }

    @Test func csvBodiesOfRealRowsDecodeToTheirValues() throws {
        let rows = Array(Samples.rows.prefix(200))
        let records = try decoder.decode(Array(Samples.csv(rows).utf8), format: .csv)
        #expect(records.count == 200)
        for (record, row) in zip(records, rows) { #expect(record.features == Self.expected(row)) }
        #expect(records[0].sourceIP == "10.0.0.66")
        #expect(records[0].sensor == "gw-1")
    }

    @Test func csvWithBOMCRLFBlankLinesQuotesAndSpacesDecodesLikeThePlainBody() throws {
        let rows = Array(Samples.rows.prefix(5))
        let plain = try decoder.decode(Array(Samples.csv(rows).utf8), format: .csv)
        let header = Samples.header.split(separator: ",").map { " \($0) " }.joined(separator: ",") + ",\"src_ip\",dest_ip,sensor"
        let body = "\u{FEFF}" + header + "\r\n\r\n" + rows.map { "\($0),\"10.0.0.66\",10.0.0.5,\"gw-1\"" }.joined(separator: "\r\n") + "\r\n  \r\n"
        let awkward = try decoder.decode(Array(body.utf8), format: .csv)
        #expect(awkward == plain)
    }

    @Test func csvErrorsNameTheLineOrFieldAndRecord() throws {
        let row = try #require(Samples.rows.first)
        func error(_ body: String) -> ServiceError? {
            do { _ = try decoder.decode(Array(body.utf8), format: .csv); return nil } catch { return error as? ServiceError }
        }
        let rateIndex = try #require(FeatureLayout.v2.featureNames.firstIndex(of: "Rate"))
        var fields = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[rateIndex] = "1e400"
        #expect(error(Samples.header + "\n" + row + "\n" + fields.joined(separator: ","))?.message
                == "feature 'Rate' is not finite (NaN and ±inf are refused)")
        fields[rateIndex] = "fast"
        #expect(error(Samples.header + "\n" + fields.joined(separator: ","))?.message
                == "feature 'Rate' is not a number: 'fast'")
        #expect(error(Samples.header + "\n" + row + ",extra")?.message
                == "malformed CSV at line 2: \(fields.count + 1) fields, the header has \(fields.count)")
        #expect(error(Samples.header + "\n\"unterminated," + row)?.message == "malformed CSV at line 2: unterminated quote")
        #expect(error("\n \n")?.message == "malformed CSV at line 1: empty body")
        #expect(error(Samples.header + "\n")?.message == "malformed CSV at line 2: no rows after the header")
    }

    @Test func jsonV1RecordsTakeDurationForTTLAndZeroIGMP() throws {
        let row = try #require(Samples.rows.first)
        var v1 = Samples.object(row)
        v1["Duration"] = v1.removeValue(forKey: "Time_To_Live")
        v1.removeValue(forKey: "IGMP")
        v1["flow_duration"] = 0
        v1[" Rate "] = v1.removeValue(forKey: "Rate")  // spaces and case are ignored in names
        v1["ts"] = "1700000000.5"
        let records = try decoder.decode(Array(Samples.json([v1, Samples.object(row)]).utf8), format: .json)
        var expected = Self.expected(row)
        expected[FeatureResolver.igmpIndex] = 0
        #expect(records[0].features == expected)
        #expect(records[0].timestamp == 1_700_000_000.5)
        #expect(records[1].features == Self.expected(row))
        #expect(records[1].timestamp == nil)
    }

    @Test func jsonReportsTheFirstMissingFeatureInV2Order() throws {
        let row = try #require(Samples.rows.first)
        var object = Samples.object(row)
        object.removeValue(forKey: "Tot sum")
        object.removeValue(forKey: "Rate")
        object["Header_Length"] = "nan"
        #expect(throws: ServiceError.missingFeature(field: "Rate", record: 0)) {
            _ = try decoder.decode(Array(Samples.json(object).utf8), format: .json)
        }
    }
}
