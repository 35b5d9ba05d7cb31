import IoTData

/// Reads a CSV body: a header naming the columns (either CICIoT2023 layout, see
/// `FeatureResolver`; optional `src_ip`, `dest_ip`, `sensor`, `ts`), then one record per line.
///
/// Works on the body's bytes: fields are located in place and numbers parsed by
/// `FloatParser` (no `String` per field; O(body bytes)). Lines end at `\n`, `\r\n` or `\r`;
/// blank lines are skipped. Fields may be quoted (RFC 4180, `""` for a quote; a quoted field
/// does not span lines). Failures are `ServiceError`s with the 0-based record index (the line
/// after the header is record 0): a wrong field count, a non-numeric or non-finite feature,
/// too many records.
struct CSVFlowDecoder {
    let maxRecords: Int

    /// One field of a line: bytes `[start, end)` of the body; `quoted` if it was in quotes
    /// (then `""` inside stands for one quote).
    struct Field {
        var start: Int
        var end: Int
        var quoted: Bool
    }

    func decode(_ body: [UInt8]) throws -> [FlowRecord] {
        try body.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { throw ServiceError.malformedCSV(line: 1, reason: "empty body") }
            let lines = Self.lines(bytes)
            guard let headerLine = lines.first else { throw ServiceError.malformedCSV(line: 1, reason: "empty body") }
            var fields: [Field] = []
            try Self.split(bytes, headerLine, into: &fields, line: 1)
            let header = fields.enumerated().map { index, field -> String in
                var name = Self.text(bytes, field)
                if index == 0, name.hasPrefix("\u{FEFF}") { name.removeFirst() }
                return FeatureResolver.normalisedName(name)
            }
            let recordCount = lines.count - 1
            guard recordCount <= maxRecords else { throw ServiceError.tooManyRecords(count: recordCount, limit: maxRecords) }
            var column: [String: Int] = [:]
            for (index, name) in header.enumerated() where column[name] == nil { column[name] = index }
            let resolver = try FeatureResolver(availableNames: Set(column.keys), record: 0)
            let featureColumns: [Int?] = resolver.sources.map { source in
                if case .column(let name) = source { return column[name] }
                return nil
            }
            let source = column["src_ip"], destination = column["dest_ip"] ?? column["dst_ip"]
            let sensor = column["sensor"], time = column["ts"] ?? column["timestamp"]
            var records: [FlowRecord] = []
            records.reserveCapacity(recordCount)
            for offset in 0..<recordCount {
                let lineNumber = offset + 2
                try Self.split(bytes, lines[offset + 1], into: &fields, line: lineNumber)
                guard fields.count == header.count else {
                    throw ServiceError.malformedCSV(line: lineNumber, reason: "\(fields.count) fields, the header has \(header.count)")
                }
                var features = [Double](repeating: 0, count: 39)
                for (position, index) in featureColumns.enumerated() {
                    guard let index else { continue }
                    features[position] = try Self.number(bytes, base, fields[index], field: FeatureResolver.publishedName(position), record: offset)
                }
                func optional(_ index: Int?) -> String? {
                    guard let index, fields[index].end > fields[index].start else { return nil }
                    return String(Self.text(bytes, fields[index]).prefix(256))
                }
                let timestamp = try time.flatMap { fields[$0].end > fields[$0].start ? fields[$0] : nil }
                    .map { try Self.number(bytes, base, $0, field: "ts", record: offset) }
                records.append(FlowRecord(features: features, sourceIP: optional(source), destinationIP: optional(destination),
                                          sensor: optional(sensor), timestamp: timestamp))
            }
            guard !records.isEmpty else { throw ServiceError.malformedCSV(line: 2, reason: "no rows after the header") }
            return records
        }
    }

    /// The non-blank lines of the body, as byte ranges without their line ends.
    static func lines(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        var start = 0
        var i = 0
        let count = bytes.count
        func add(_ end: Int) {
            var blank = true
            for j in start..<end where bytes[j] != 32 && bytes[j] != 9 { blank = false; break }
            if !blank { lines.append(start..<end) }
        }
        while i < count {
            let c = bytes[i]
            if c == 10 || c == 13 {
                add(i)
                i += (c == 13 && i + 1 < count && bytes[i + 1] == 10) ? 2 : 1
                start = i
            } else {
                i += 1
            }
        }
        if start < count { add(count) }
        return lines
    }

    /// Splits one line into `fields` (cleared first), honouring quotes.
    static func split(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, into fields: inout [Field], line number: Int) throws {
        fields.removeAll(keepingCapacity: true)
        var i = line.lowerBound
        let end = line.upperBound
        while true {
            if i < end, bytes[i] == 34 {
                // Quoted: up to the closing quote (`""` is an escaped quote), then up to the comma.
                let start = i + 1
                var j = start
                var closed = false
                while j < end {
                    if bytes[j] == 34 {
                        if j + 1 < end, bytes[j + 1] == 34 { j += 2; continue }
                        closed = true
                        break
                    }
                    j += 1
                }
                guard closed else { throw ServiceError.malformedCSV(line: number, reason: "unterminated quote") }
                fields.append(Field(start: start, end: j, quoted: true))
                i = j + 1
                while i < end, bytes[i] != 44 { i += 1 }  // text after the closing quote is dropped
            } else {
                let start = i
                while i < end, bytes[i] != 44 { i += 1 }
                fields.append(Field(start: start, end: i, quoted: false))
            }
            guard i < end else { return }
            i += 1  // the comma
        }
    }

    /// A field's text (quotes undone).
    static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ field: Field) -> String {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]), as: UTF8.self)
        return field.quoted ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
    }

    /// A finite number from a field: decimal, surrounding spaces ignored.
    static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ base: UnsafePointer<UInt8>, _ field: Field, field name: String,
                       record: Int) throws -> Double {
        let (value, kind) = FloatParser.parse(base + field.start, base + field.end)
        switch kind {
        case .number where value.isFinite:
            return value
        case .number, .nan, .positiveInfinity, .negativeInfinity:  // a finite spelling too large for Double, or nan/inf
            throw ServiceError.invalidFeature(field: name, record: record, reason: "is not finite (NaN and ±inf are refused)")
        case .empty, .invalid:
            throw ServiceError.invalidFeature(field: name, record: record, reason: "is not a number: '\(text(bytes, field).prefix(40))'")
        }
    }
}
