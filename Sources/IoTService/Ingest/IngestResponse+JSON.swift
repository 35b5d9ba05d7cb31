/// `IngestResponse` written as JSON by hand: the same document `JSONResponse` would make
/// (keys sorted, absent optionals left out, floats in their shortest round-trip form), without
/// `JSONEncoder`'s per-key dictionary boxing, which cost more than scoring a batch of 100
/// records. O(records); allocates the output only.
extension IngestResponse {
    /// UTF-8 JSON bytes of this response.
    public func jsonBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(96 + predictions.count * 160)
        out.append(contentsOf: #"{"attacks":"#.utf8)
        out.append(contentsOf: String(attacks).utf8)
        out.append(contentsOf: #","incidents":["#.utf8)
        for (index, id) in incidents.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            Self.appendString(id, to: &out)
        }
        out.append(contentsOf: #"],"model_id":"#.utf8)
        Self.appendString(model_id, to: &out)
        out.append(contentsOf: #","predictions":["#.utf8)
        for (index, prediction) in predictions.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            prediction.appendJSON(to: &out)
        }
        out.append(contentsOf: #"],"records":"#.utf8)
        out.append(contentsOf: String(records).utf8)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// A JSON string literal: `"` and `\` escaped, control characters as `\uXXXX` (`\n`, `\r`,
    /// `\t`, `\b`, `\f` by name), everything else (UTF-8 included) as is.
    static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case 0x0A: out.append(contentsOf: #"\n"#.utf8)
            case 0x0D: out.append(contentsOf: #"\r"#.utf8)
            case 0x09: out.append(contentsOf: #"\t"#.utf8)
            case 0x08: out.append(contentsOf: #"\b"#.utf8)
            case 0x0C: out.append(contentsOf: #"\f"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 15)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension Prediction {
    /// This prediction as a JSON object, keys sorted as `JSONResponse` sorts them.
    func appendJSON(to out: inout [UInt8]) {
        out.append(contentsOf: #"{"class":"#.utf8)
        IngestResponse.appendString(`class`, to: &out)
        if let dest_ip {
            out.append(contentsOf: #","dest_ip":"#.utf8)
            IngestResponse.appendString(dest_ip, to: &out)
        }
        out.append(contentsOf: #","family":"#.utf8)
        IngestResponse.appendString(family, to: &out)
        if let incident_id {
            out.append(contentsOf: #","incident_id":"#.utf8)
            IngestResponse.appendString(incident_id, to: &out)
        }
        out.append(contentsOf: is_attack ? #","is_attack":true"#.utf8 : #","is_attack":false"#.utf8)
        out.append(contentsOf: #","probability":"#.utf8)
        if probability.isFinite {
            // Shortest round-trip form, integral values without ".0" (as JSONEncoder writes them).
            var text = probability.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            out.append(contentsOf: text.utf8)
        } else {
            IngestResponse.appendString(probability.isNaN ? "nan" : probability > 0 ? "inf" : "-inf", to: &out)
        }
        out.append(contentsOf: #","record":"#.utf8)
        out.append(contentsOf: String(record).utf8)
        if let sensor {
            out.append(contentsOf: #","sensor":"#.utf8)
            IngestResponse.appendString(sensor, to: &out)
        }
        if let src_ip {
            out.append(contentsOf: #","src_ip":"#.utf8)
            IngestResponse.appendString(src_ip, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }
}
