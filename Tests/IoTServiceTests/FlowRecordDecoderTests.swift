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

    /// The one-pass JSON decoder against its rules applied a second way: Foundation parses the
    /// body into dictionaries and the rules are applied by name (v2 names, v1's `Duration` and
    /// `IGMP`, missing before invalid in v2 order, then `ts`, `src_ip`, `dest_ip`, `sensor`;
    /// shape, record count and the first failing record). 2,000 random bodies of real rows with
    /// features dropped, renamed to v1, respelled, given as text, null, NaN text or an array,
    /// odd extra fields, non-object records, and every top-level shape.
    @Test func jsonDecodingMatchesTheRulesAppliedToFoundationsParse() throws {
        let rows = Array(Samples.rows.prefix(400))
        let names = FeatureLayout.v2.featureNames
        var generator = SystemRandomNumberGenerator()
        let strict = FlowRecordDecoder(maxRecords: 8)
        var mismatches: [String] = []
        var seen: Set<String> = []  // outcome kinds met, so the bodies are known to reach every rule
        for trial in 0..<2_000 {
            var records: [Any] = []
            for _ in 0..<Int.random(in: 1...10, using: &generator) {
                guard let row = rows.randomElement(using: &generator) else { continue }
                var object = Samples.object(row).filter { names.contains($0.key) }
                func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &generator) < p }
                if chance(0.1), let name = names.randomElement(using: &generator) { object.removeValue(forKey: name) }
                if chance(0.1) {
                    object["Duration"] = object.removeValue(forKey: "Time_To_Live")
                    object.removeValue(forKey: "IGMP")
                    if chance(0.8) { object["flow_duration"] = 0.5 }
                }
                if chance(0.1), let name = names.randomElement(using: &generator), let value = object.removeValue(forKey: name) {
                    object[" \(name.uppercased())\t"] = value
                }
                if chance(0.2), let name = names.randomElement(using: &generator), object[name] != nil {
                    let odd: [Any] = [object[name].map { "\($0)" } ?? "1", "nan", NSNull(), "abc", [1], "-inf", ["a": 1]]
                    object[name] = odd.randomElement(using: &generator)
                }
                if chance(0.3) { object["src_ip"] = chance(0.9) ? "10.0.0.\(Int.random(in: 1...254, using: &generator))" : 42 }
                if chance(0.2) { object[chance(0.5) ? "dest_ip" : "dst_ip"] = chance(0.9) ? "10.0.0.5" : NSNull() }
                if chance(0.2) { object["sensor"] = chance(0.95) ? "gw-1" : ["x"] }
                if chance(0.2) {
                    let times: [Any] = [1_700_000_000.25, "1700000000.5", NSNull(), "soon", ["t": 1]]
                    object[chance(0.5) ? "ts" : "timestamp"] = times.randomElement(using: &generator)
                }
                if chance(0.1) { object["Label"] = "DDoS-ICMP_Flood"; object["note"] = ["nested": [1, 2, ["deep": NSNull()]]] }
                records.append(chance(0.02) ? 7 : object)
            }
            let top: Any
            switch Int.random(in: 0..<10, using: &generator) {
            case 0: top = records.first ?? [:]
            case 1, 2: top = ["records": records, "batch": trial]
            case 3 where records.count == 1: top = ["records": records.first ?? 1]
            default: top = records
            }
            guard JSONSerialization.isValidJSONObject(top), let body = try? JSONSerialization.data(withJSONObject: top) else { continue }
            let ours: Outcome
            do { ours = .records(try strict.decode(Array(body), format: .json)) } catch { ours = .error(Self.kind(of: error)) }
            let expected = Self.reference(body, maxRecords: strict.maxRecords)
            seen.insert(String(ours.description.prefix { $0 != " " }))
            if ours != expected, mismatches.count < 3 {
                var detail = "ours \(ours), rules \(expected)"
                if case .records(let a) = ours, case .records(let b) = expected, let i = a.indices.first(where: { $0 < b.count && Outcome.records([a[$0]]) != Outcome.records([b[$0]]) }) {
                    detail += " first different: record \(i): \(a[i]) vs \(b[i])"
                }
                mismatches.append("\(String(decoding: body, as: UTF8.self).prefix(100)): \(detail)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        #expect(seen.isSuperset(of: ["missing", "invalid", "shape", "too", "bad"]) && seen.count >= 6, "\(seen)")
    }

    enum Outcome: Equatable, CustomStringConvertible {
        case records([FlowRecord])
        case error(String)
        /// Features equal within 1e-14 relative: Foundation's JSON reading on Linux is not
        /// always correctly rounded (17.392527130926087 → 17.392527130926094); ours is,
        /// and equals the CSV path bit for bit (`realRowsReadAsTheirCSVValues`).
        static func == (a: Outcome, b: Outcome) -> Bool {
            switch (a, b) {
            case (.error(let x), .error(let y)): return x == y
            case (.records(let x), .records(let y)):
                return x.count == y.count && zip(x, y).allSatisfy { r, s in
                    r.sourceIP == s.sourceIP && r.destinationIP == s.destinationIP && r.sensor == s.sensor
                        && r.timestamp == s.timestamp && r.features.count == s.features.count
                        && zip(r.features, s.features).allSatisfy { abs($0 - $1) <= 1e-14 * max(abs($0), abs($1)) }
                }
            default: return false
            }
        }
        var description: String {
            switch self {
            case .records(let records): return "\(records.count) records"
            case .error(let kind): return kind
            }
        }
    }

    /// An error's kind, field and record (the wording of reasons is not compared).
    static func kind(of error: Error) -> String {
        switch error as? ServiceError {
        case .missingFeature(let field, let record)?: return "missing \(field) in \(record)"
        case .invalidFeature(let field, let record, _)?: return "invalid \(field) in \(record)"
        case .invalidShape(_, let record)?: return "shape \(record.map(String.init) ?? "-")"
        case .tooManyRecords(let count, _)?: return "too many: \(count)"
        case .badParameter(_, let field)?: return "bad \(field)"
        case .malformedJSON?: return "malformed"
        default: return "\(error)"
        }
    }

    /// The decoding rules on Foundation's reading of `body`.
    static func reference(_ body: Data, maxRecords: Int) -> Outcome {
        guard let top = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else { return .error("malformed") }
        let items: [Any]
        if let array = top as? [Any] {
            items = array
        } else if let object = top as? [String: Any] {
            if let wrapped = object["records"] {
                guard let array = wrapped as? [Any] else { return .error("shape -") }
                items = array
            } else {
                items = [object]
            }
        } else {
            return .error("shape -")
        }
        if items.count > maxRecords { return .error("too many: \(items.count)") }
        if items.isEmpty { return .error("shape -") }
        let v2 = FeatureLayout.v2.featureNames
        let v1Only = Set(FeatureLayout.v1.featureNames.map { $0.lowercased() }).subtracting(v2.map { $0.lowercased() })
        func number(_ value: Any) -> Double? {
            if let text = value as? String { return Double(text.trimmingCharacters(in: .whitespaces)).flatMap { $0.isFinite ? $0 : nil } }
            if let number = value as? NSNumber { return number.doubleValue }
            return nil
        }
        func text(_ value: Any?, _ field: String) -> (ok: Bool, text: String?) {
            guard let value, !(value is NSNull) else { return (true, nil) }
            guard let text = value as? String else { return (false, nil) }
            return (true, text)
        }
        var records: [FlowRecord] = []
        for (index, item) in items.enumerated() {
            guard let object = item as? [String: Any] else { return .error("shape \(index)") }
            var byName: [String: Any] = [:]
            for (key, value) in object { byName[key.trimmingCharacters(in: CharacterSet(charactersIn: " \t")).lowercased()] = value }
            let isV1 = byName.keys.contains { v1Only.contains($0) }
            var sources: [String?] = []
            for name in v2 {
                let lower = name.lowercased()
                if byName[lower] != nil { sources.append(lower) }
                else if isV1, lower == "time_to_live", byName["duration"] != nil { sources.append("duration") }
                else if isV1, lower == "igmp" { sources.append(nil) }
                else { return .error("missing \(name) in \(index)") }
            }
            var features: [Double] = []
            for (position, source) in sources.enumerated() {
                guard let source else { features.append(0); continue }
                guard let value = byName[source].flatMap(number) else { return .error("invalid \(v2[position]) in \(index)") }
                features.append(value)
            }
            var time: Double?
            if let value = byName["ts"] ?? byName["timestamp"], !(value is NSNull) {
                guard let parsed = number(value) else { return .error("invalid ts in \(index)") }
                time = parsed
            }
            let source = text(byName["src_ip"], "src_ip"), dest = text(byName["dest_ip"] ?? byName["dst_ip"], "dest_ip")
            let sensor = text(byName["sensor"], "sensor")
            if !source.ok { return .error("bad src_ip") }
            if !dest.ok { return .error("bad dest_ip") }
            if !sensor.ok { return .error("bad sensor") }
            records.append(FlowRecord(features: features, sourceIP: source.text, destinationIP: dest.text, sensor: sensor.text, timestamp: time))
        }
        return .records(records)
    }
}
