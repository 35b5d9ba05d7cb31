import CFieldScan
import Foundation

/// Parses complete CSV records (bytes ending at a record boundary) into a `RowBlock`.
///
/// The hot loop of ingest: it walks the bytes once with raw pointers, parses numbers with
/// `FloatParser`, maps labels with `LabelTaxonomy` and hashes each accepted row, creating no
/// `String` except for the rare record it reports. Handles `"quoted"` fields (with `""`
/// escapes and embedded newlines), CRLF line ends and blank lines. O(bytes).
struct CSVRecordParser: Sendable {
    /// Role codes per field: ≥ 0 feature index, `labelRole`, or `ignoredRole`.
    let roles: [Int32]
    let featureCount: Int
    let taxonomy: LabelTaxonomy
    let malformed: IssuePolicy
    let unknownLabels: IssuePolicy
    let hasLabel: Bool
    /// The usual layout: every field a feature in order, then the label (CICIoT2023 v2
    /// files): records take `parse`'s fast path.
    let featuresThenLabel: Bool

    /// Whether `iot_scan_plain_fields` has its vector path on this CPU (AVX2, BMI2, SSE4.1).
    static let vectorScanner = iot_scan_plain_fields_available() != 0

    static let labelRole: Int32 = -1
    static let ignoredRole: Int32 = -2

    init(header: CSVHeader, malformed: IssuePolicy, unknownLabels: IssuePolicy, taxonomy: LabelTaxonomy = .standard) {
        roles = header.roles.map {
            switch $0 {
            case let .feature(index): return Int32(index)
            case .label: return Self.labelRole
            case .ignored: return Self.ignoredRole
            }
        }
        featureCount = header.layout.featureCount
        self.taxonomy = taxonomy
        self.malformed = malformed
        self.unknownLabels = unknownLabels
        hasLabel = header.labelColumn != nil
        featuresThenLabel = roles.count == featureCount + 1 && roles.last == Self.labelRole
            && roles.dropLast().enumerated().allSatisfy { Int($0.element) == $0.offset }
    }

    /// The outcome of parsing one byte range.
    struct Result: Sendable {
        var lines = 0
        var blankLines = 0
        var skippedMalformed = 0
        var skippedUnknownLabel = 0
        /// The first issue that stops reading (policy `.error`), if any.
        var fatal: CSVIssue?
        /// Skipped records, the first few kept for the report.
        var samples: [CSVIssue] = []
        var unknownLabelValues: [String: Int] = [:]
        var anomalies: ValueAnomalyCounts

        static let sampleLimit = 20
    }

    /// Parses `bytes` (which hold whole records only) into `block` (reset first).
    func parse(_ bytes: UnsafeRawBufferPointer, into block: inout RowBlock) -> Result {
        var result = Result(anomalies: ValueAnomalyCounts(featureCount: featureCount))
        // A stored row has `roles.count` fields, so at least `roles.count - 1` bytes (commas, and
        // a newline but for the last); one slot more for a record parsed and then rejected. A
        // bound, not a count: counting newlines first cost a pass over the bytes (4 % of ingest).
        block.reserve(rows: bytes.count / max(1, roles.count - 1) + 2)
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count > 0 else { return result }
        var anomalies = result.anomalies
        var lines = 0
        var rowsParsed = 0
        var blankLines = 0
        let end = base + bytes.count
        let fieldCount = roles.count
        let featureCount = self.featureCount
        let labels = LabelSpellingCache()
        let taxonomy = self.taxonomy
        // Records that start before `fastEnd` end at a newline before it, so the fast path's
        // scans stop at that newline without comparing against `end`.
        let fastEnd = featuresThenLabel ? Self.lastNewline(bytes).map { base + $0 + 1 } ?? base : base
        // Fields that start before `wideLimit` have the 16 bytes `FloatParser.scanFieldWide` reads.
        let wideTables = FloatParser.WideTables.shared
        let wideLimit = bytes.count >= FloatParser.wideReadBytes ? end - (FloatParser.wideReadBytes - 1) : base
        // Fields that start at or before `vectorLimit` have the 64 bytes the vector scanner reads.
        let vectorLimit = Self.vectorScanner && bytes.count >= 64 ? end - 64 : nil

        block.values.withUnsafeMutableBufferPointer { valuesBuffer in
        block.fineLabels.withUnsafeMutableBufferPointer { fineBuffer in
        block.families.withUnsafeMutableBufferPointer { familyBuffer in
        block.hashes.withUnsafeMutableBufferPointer { hashBuffer in
        roles.withUnsafeBufferPointer { roleBuffer in
        anomalies.empty.withUnsafeMutableBufferPointer { emptyCounts in
        anomalies.nan.withUnsafeMutableBufferPointer { nanCounts in
        anomalies.positiveInfinity.withUnsafeMutableBufferPointer { posInfCounts in
        anomalies.negativeInfinity.withUnsafeMutableBufferPointer { negInfCounts in
            guard let values = valuesBuffer.baseAddress, let fines = fineBuffer.baseAddress,
                  let families = familyBuffer.baseAddress, let hashes = hashBuffer.baseAddress,
                  let roleCodes = roleBuffer.baseAddress else { return }
            var p = base
            var line = 0
            var rows = 0

            recordLoop: while p < end {
                let recordLine = line
                // Blank line.
                if p.pointee == 10 { p += 1; line += 1; blankLines += 1; continue }
                if p.pointee == 13, p + 1 < end, p[1] == 10 { p += 2; line += 1; blankLines += 1; continue }

                let row = values + rows * featureCount
                if p < fastEnd {
                    // Fast path: numbers only, then a plain label. Anything else (an empty or
                    // special value, quotes, a wrong field count, an unknown label) leaves it
                    // and the record is parsed again below from its start, which reports it.
                    fast: do {
                        guard var q = Self.numericFields(from: p, count: featureCount, into: row, wideLimit: wideLimit, vectorLimit: vectorLimit,
                                                         end: end, tables: wideTables) else { break fast }
                        let start = q
                        // The label ends at the first of `\n`, `,`, `"` or `\r`: all below "-", which no
                        // label character is but a space; eight bytes at a time to the first such byte.
                        while q < wideLimit {
                            let marks = FloatParser.bytesBelow(UInt64(littleEndian: UnsafeRawPointer(q).loadUnaligned(as: UInt64.self)), 45)
                            if marks != 0 { q += marks.trailingZeroBitCount >> 3; break }
                            q += 8
                        }
                        var c = q.pointee
                        while c != 10, c != 44, c != 34, c != 13 { q += 1; c = q.pointee }
                        let stop = q
                        if c == 13, q[1] == 10 { q += 1; c = 10 }
                        guard c == 10, let code = labels.code(start, stop - start, taxonomy: taxonomy) else { break fast }
                        p = q + 1
                        line += 1
                        fines[rows] = code.fine
                        families[rows] = code.family
                        hashes[rows] = RowHash.hash(row, count: featureCount, label: code)
                        rows += 1
                        continue recordLoop
                    }
                }
                var label = LabelCode.unlabeled
                var issue: CSVIssue.Kind?
                var field = 0
                fieldLoop: while true {
                    let role = field < fieldCount ? roleCodes[field] : Self.ignoredRole
                    let quoted = p < end && p.pointee == 34
                    if role >= 0, !quoted {
                        // Hot path: a plain numeric field, scanned and parsed in one pass.
                        let fieldStart = p
                        let column = Int(role)
                        let (value, kind) = FloatParser.scanField(&p, end, wideLimit: wideLimit, tables: wideTables)
                        row[column] = value
                        if kind != .number {
                            switch kind {
                            case .empty: emptyCounts[column] += 1
                            case .nan: nanCounts[column] += 1
                            case .positiveInfinity: posInfCounts[column] += 1
                            case .negativeInfinity: negInfCounts[column] += 1
                            default:
                                if issue == nil { issue = .notANumber(field: column, value: Self.text(fieldStart, p)) }
                            }
                        }
                        // A lone CR inside a field is not a line end: treat the rest as text.
                        if p < end, p.pointee == 13, p + 1 < end, p[1] != 10 {
                            while p < end, p.pointee != 44, p.pointee != 10 { p += 1 }
                            if issue == nil { issue = .notANumber(field: column, value: Self.text(fieldStart, p)) }
                        }
                    } else {
                        // Locate the field [start, stop) and move p onto its delimiter.
                        var start = p
                        var stop = p
                        if quoted {
                            p += 1
                            start = p
                            var closed = false
                            while p < end {
                                if p.pointee == 34 {
                                    if p + 1 < end, p[1] == 34 { p += 2; continue }
                                    closed = true
                                    break
                                }
                                if p.pointee == 10 { line += 1 }
                                p += 1
                            }
                            if !closed { issue = .unterminatedQuote; break fieldLoop }
                            stop = p
                            p += 1
                            while p < end, p.pointee != 44, p.pointee != 10, p.pointee != 13 { p += 1 }  // text after the closing quote is dropped
                        } else {
                            while p < end {
                                let c = p.pointee
                                if c == 44 || c == 10 { break }
                                if c == 13, p + 1 >= end || p[1] == 10 { break }
                                p += 1
                            }
                            stop = p
                        }
                        if role >= 0 {
                            let (value, kind) = FloatParser.parseFloat(start, stop)
                            let column = Int(role)
                            row[column] = value
                            switch kind {
                            case .number: break
                            case .empty: emptyCounts[column] += 1
                            case .nan: nanCounts[column] += 1
                            case .positiveInfinity: posInfCounts[column] += 1
                            case .negativeInfinity: negInfCounts[column] += 1
                            case .invalid:
                                if issue == nil { issue = .notANumber(field: column, value: Self.text(start, stop)) }
                            }
                        } else if role == Self.labelRole {
                            if let code = labels.code(start, stop - start, taxonomy: taxonomy) {
                                label = code
                            } else if issue == nil {
                                issue = .unknownLabel(value: Self.text(start, stop))
                            }
                        }
                    }
                    field += 1

                    // The delimiter.
                    if p < end, p.pointee == 44 { p += 1; continue fieldLoop }
                    break fieldLoop
                }
                // Skip to the end of the record (consumes a malformed tail too).
                while p < end, p.pointee != 10 { p += 1 }
                if p < end { p += 1 }
                line += 1

                if issue == nil, field != fieldCount {
                    issue = .wrongFieldCount(expected: fieldCount, found: field)
                }
                if let kind = issue {
                    let found = CSVIssue(kind: kind, lineOffset: recordLine)
                    let policy = found.isUnknownLabel ? unknownLabels : malformed
                    if policy == .error {
                        result.fatal = found
                        break recordLoop
                    }
                    if case let .unknownLabel(value) = kind {
                        result.skippedUnknownLabel += 1
                        result.unknownLabelValues[value, default: 0] += 1
                    } else {
                        result.skippedMalformed += 1
                    }
                    if result.samples.count < Result.sampleLimit { result.samples.append(found) }
                    continue recordLoop
                }
                fines[rows] = label.fine
                families[rows] = label.family
                hashes[rows] = RowHash.hash(row, count: featureCount, label: label)
                rows += 1
            }
            lines = line
            rowsParsed = rows
        }}}}}}}}}
        block.rowCount = rowsParsed
        result.lines = lines
        result.blankLines = blankLines
        result.anomalies = anomalies
        return result
    }

    /// The fast path's numeric fields: parses `count` plain numbers, each followed by a comma,
    /// from `start` into `row`, and returns where the field after them starts; `nil` at
    /// anything else (the caller then parses the record the general way, which reports it).
    /// A function of its own so that the field scanner is inlined into a small loop.
    /// `wideLimit`: as in `parse`; `end`: the end of the bytes, past a newline. O(record).
    /// The vector scanner (`iot_scan_plain_fields`) takes the fields first, 64 bytes at a time,
    /// while 64 bytes are readable (`vectorLimit`: `end` − 64, or `nil`); each field it leaves
    /// is parsed here and it is called again for the rest.
    @inline(never)
    static func numericFields(from start: UnsafePointer<UInt8>, count: Int, into row: UnsafeMutablePointer<Float>,
                              wideLimit: UnsafePointer<UInt8>, vectorLimit: UnsafePointer<UInt8>?, end: UnsafePointer<UInt8>,
                              tables: FloatParser.WideTables) -> UnsafePointer<UInt8>? {
        var q = start
        var column = 0
        while column < count {
            if let vectorLimit, q <= vectorLimit {
                var stop: UnsafePointer<UInt8>? = q
                column += iot_scan_plain_fields(q, vectorLimit, count - column, row + column, &stop)
                q = stop ?? q
                if column == count { break }
            }
            let (value, kind) = FloatParser.scanField(&q, end, wideLimit: wideLimit, tables: tables)
            row[column] = value
            guard kind == .number, q.pointee == 44 else { return nil }
            q += 1
            column += 1
        }
        return q
    }

    /// Offset of the last newline in `bytes`, or `nil`.
    static func lastNewline(_ bytes: UnsafeRawBufferPointer) -> Int? {
        // Backwards byte loop (Glibc's memrchr is not exported to Swift): the last newline is
        // normally within one record of the end.
        var i = bytes.count - 1
        while i >= 0 {
            if bytes[i] == 10 { return i }
            i -= 1
        }
        return nil
    }

    /// A bounded `String` copy of a field, for error messages only.
    static func text(_ start: UnsafePointer<UInt8>, _ stop: UnsafePointer<UInt8>) -> String {
        let length = min(stop - start, 64)
        let bytes = UnsafeBufferPointer(start: start, count: length)
        return String(decoding: bytes, as: UTF8.self) + (stop - start > 64 ? "…" : "")
    }
}
