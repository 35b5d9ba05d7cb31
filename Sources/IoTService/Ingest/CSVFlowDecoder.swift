/// Reads a CSV body: a header naming the columns (either CICIoT2023 layout, see
/// `FeatureResolver`; optional `src_ip`, `dest_ip`, `sensor`, `ts`), then one record per line.
///
/// Fields may be quoted (RFC 4180, `""` for a quote); blank lines are skipped. Failures are
/// `ServiceError`s with the 0-based record index (the line after the header is record 0):
/// a wrong field count, a non-numeric or non-finite feature, too many records.
struct CSVFlowDecoder {
    let maxRecords: Int

    func decode(_ body: [UInt8]) throws -> [FlowRecord] {
        let text = String(decoding: body, as: UTF8.self)
        var lines = text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .filter { !$0.allSatisfy(\.isWhitespace) }
        guard !lines.isEmpty else { throw ServiceError.malformedCSV(line: 1, reason: "empty body") }
        let header = try Self.fields(lines.removeFirst(), line: 1).map { name -> String in
            var cleaned = name
            if cleaned.hasPrefix("\u{FEFF}") { cleaned.removeFirst() }
            return cleaned.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard lines.count <= maxRecords else { throw ServiceError.tooManyRecords(count: lines.count, limit: maxRecords) }
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
        records.reserveCapacity(lines.count)
        for (offset, line) in lines.enumerated() {
            let fields = try Self.fields(line, line: offset + 2)
            guard fields.count == header.count else {
                throw ServiceError.malformedCSV(line: offset + 2, reason: "\(fields.count) fields, the header has \(header.count)")
            }
            var features = [Double](repeating: 0, count: 39)
            for (position, index) in featureColumns.enumerated() {
                guard let index else { continue }
                features[position] = try FlowRecordDecoder.number(
                    fields[index], field: FeatureResolver.publishedName(position), record: offset)
            }
            func optional(_ index: Int?) -> String? {
                guard let index, !fields[index].isEmpty else { return nil }
                return String(fields[index].prefix(256))
            }
            let timestamp = try time.flatMap { fields[$0].isEmpty ? nil : fields[$0] }
                .map { try FlowRecordDecoder.number($0, field: "ts", record: offset) }
            records.append(FlowRecord(features: features, sourceIP: optional(source), destinationIP: optional(destination),
                                      sensor: optional(sensor), timestamp: timestamp))
        }
        guard !records.isEmpty else { throw ServiceError.malformedCSV(line: 2, reason: "no rows after the header") }
        return records
    }

    /// Splits one line into fields, honouring quotes.
    static func fields(_ line: Substring, line number: Int) throws -> [String] {
        var fields: [String] = []
        var current = ""
        var inQuotes = false
        var iterator = line.makeIterator()
        var pending: Character? = iterator.next()
        while let character = pending {
            pending = iterator.next()
            if inQuotes {
                if character == "\"" {
                    if pending == "\"" { current.append("\""); pending = iterator.next() } else { inQuotes = false }
                } else {
                    current.append(character)
                }
            } else if character == "\"" && current.isEmpty {
                inQuotes = true
            } else if character == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if inQuotes { throw ServiceError.malformedCSV(line: number, reason: "unterminated quote") }
        fields.append(current)
        return fields
    }
}
