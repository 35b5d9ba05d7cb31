import Dispatch
import Foundation

/// Streams CICIoT2023 CSV files into `RowBlock`s with bounded memory, parsing each read
/// block on all cores.
///
/// Files are read in blocks of `blockBytes` (default 8 MiB). Each block is cut at the last
/// record boundary, split into four parts per thread at line boundaries, and the parts are
/// parsed in parallel while the next block is read; the consumer then receives the parts in
/// file order, so results do not depend on the thread count. Memory, whatever the input
/// size: two byte buffers of `blockBytes` plus two sets of parsed parts, each part sized for
/// the most rows its bytes could hold (about 4.3 bytes of rows per byte of CSV for the v2
/// layout: ~90 MB in all at the defaults). A record longer than `maxRecordBytes` is an error
/// (`CSVError.lineTooLong`).
public struct CSVReader: Sendable {
    public struct Options: Sendable {
        public var malformedLines: IssuePolicy = .error
        public var unknownLabels: IssuePolicy = .error
        public var threads: Int = ProcessInfo.processInfo.activeProcessorCount
        public var blockBytes: Int = 8 << 20
        public var maxRecordBytes: Int = 64 << 20
        public init() {}
    }

    /// Totals for one file, reported once it has been read.
    public struct FileSummary: Sendable, Codable, Equatable {
        public var path: String
        public var layout: FeatureLayout
        public var labelColumn: String?
        public var ignoredColumns: [String]
        public var bytes: Int
        public var lines: Int
        public var rows: Int
        public var blankLines: Int
        public var skippedMalformed: Int
        public var skippedUnknownLabel: Int
        public var unknownLabelValues: [String: Int]
        /// The first skipped records, as `file:line: reason`.
        public var skippedSamples: [String]
        public var anomalies: ValueAnomalyCounts
    }

    public let options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Expands directories to the `.csv` files below them (sorted by path); files stay in the
    /// order given.
    public static func expandInputs(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CSVError.cannotOpen(file: path, reason: "no such file or directory")
            }
            if isDirectory.boolValue {
                guard let enumerator = manager.enumerator(atPath: path) else {
                    throw CSVError.cannotOpen(file: path, reason: "cannot list directory")
                }
                let found = enumerator.compactMap { $0 as? String }
                    .filter { $0.lowercased().hasSuffix(".csv") }
                    .map { (path as NSString).appendingPathComponent($0) }
                    .sorted()
                files.append(contentsOf: found)
            } else {
                files.append(path)
            }
        }
        return files
    }

    /// Reads the header line of a file.
    public static func readHeader(path: String) throws -> CSVHeader {
        let file = try OpenFile(path: path)
        defer { file.close() }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var filled = 0
        while true {
            if filled == buffer.count {
                guard buffer.count < 64 << 20 else { throw CSVError.lineTooLong(file: path, line: 1, limit: 64 << 20) }
                buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count))
            }
            let n = try file.read(into: &buffer, at: filled)
            filled += n
            if n == 0 || buffer[..<filled].contains(10) { break }
        }
        let end = buffer[..<filled].firstIndex(of: 10) ?? filled
        guard end > 0 || filled > 0 else { throw CSVError.emptyFile(file: path) }
        return try parseHeader(Array(buffer[..<end]), file: path)
    }

    static func parseHeader(_ line: [UInt8], file: String) throws -> CSVHeader {
        var bytes = line
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if bytes.last == 13 { bytes.removeLast() }
        guard !bytes.isEmpty else { throw CSVError.emptyFile(file: file) }
        var fields: [String] = []
        var current: [UInt8] = []
        var quoted = false
        for byte in bytes {
            if byte == 34 { quoted.toggle(); current.append(byte) } else if byte == 44, !quoted {
                fields.append(String(decoding: current, as: UTF8.self)); current = []
            } else { current.append(byte) }
        }
        fields.append(String(decoding: current, as: UTF8.self))
        return try CSVHeader(fields: fields, file: file)
    }

    /// Reads every file in order, calling `consume` with each parsed block and the index of
    /// its file. `fileDone` receives each file's summary.
    ///
    /// Reading and parsing run on a producer thread (parsing itself on `threads` workers)
    /// while the calling thread runs `consume`, so a slow consumer (deduplication,
    /// compression) overlaps with parsing. At most two blocks are in flight. All callbacks run
    /// on the calling thread, in file order.
    /// - Throws: the first `CSVError` met (with file and line), or whatever a callback throws.
    public func read(
        files: [String],
        progress: ((_ bytesDone: Int) -> Void)? = nil,
        fileDone: ((FileSummary) throws -> Void)? = nil,
        consume: (_ block: RowBlock, _ fileIndex: Int, _ header: CSVHeader) throws -> Void
    ) throws {
        let pipeline = BlockPipeline(depth: 2)
        let reader = self
        let producer = Thread { reader.produce(files: files, into: pipeline) }
        producer.stackSize = 1 << 20
        producer.start()
        defer { pipeline.finishConsuming() }
        while let item = pipeline.next() {
            switch item {
            case let .parts(slots, count, fileIndex, header, bytesDone):
                defer { pipeline.recycle(slots) }
                for part in 0..<count { try consume(slots.blocks[part], fileIndex, header) }
                progress?(bytesDone)
            case let .fileDone(summary):
                try fileDone?(summary)
            case let .failed(error):
                throw error
            }
        }
    }

    /// The producer side of `read`: every file's blocks, then the end.
    private func produce(files: [String], into pipeline: BlockPipeline) {
        do {
            var firstLayout: FeatureLayout?
            var bytesBefore = 0
            for (index, path) in files.enumerated() {
                let header = try Self.readHeader(path: path)
                if let expected = firstLayout, expected != header.layout {
                    throw CSVError.layoutMismatch(file: path, expected: expected, found: header.layout)
                }
                firstLayout = header.layout
                guard let summary = try readFile(path: path, index: index, header: header, bytesBefore: bytesBefore, pipeline: pipeline) else {
                    break  // the consumer stopped
                }
                bytesBefore += summary.bytes
                guard pipeline.push(.fileDone(summary)) else { break }
            }
        } catch {
            _ = pipeline.push(.failed(error))
        }
        pipeline.finishProducing()
    }

    /// Reads one file into the pipeline; `nil` if the consumer stopped early.
    private func readFile(path: String, index: Int, header: CSVHeader, bytesBefore: Int, pipeline: BlockPipeline) throws -> FileSummary? {
        let parser = CSVRecordParser(header: header, malformed: options.malformedLines, unknownLabels: options.unknownLabels)
        let featureNames = header.layout.featureNames
        let threads = max(1, options.threads)
        // Several parts per thread: the consumer thread shares the cores, so equal parts per
        // thread would finish unevenly and leave a core idle at each block's end.
        let partCount = threads > 1 ? threads * 4 : 1
        var summary = FileSummary(
            path: path, layout: header.layout, labelColumn: header.labelColumn, ignoredColumns: header.ignoredColumns,
            bytes: 0, lines: 0, rows: 0, blankLines: 0, skippedMalformed: 0, skippedUnknownLabel: 0,
            unknownLabelValues: [:], skippedSamples: [], anomalies: ValueAnomalyCounts(featureCount: header.layout.featureCount))

        let file = try OpenFile(path: path)
        defer { file.close() }
        var buffer = [UInt8](repeating: 0, count: options.blockBytes)
        // The next block is read into `spare` (behind the current block's unfinished record)
        // while the current one is parsed, so reading never leaves a core idle.
        var spare = [UInt8](repeating: 0, count: options.blockBytes)
        var prefetched: Int?       // bytes read into `buffer` behind `filled` while the last block parsed
        var tailHasQuote = false   // a quote among the bytes carried over in front of `prefetched`
        var knownQuotes: Bool?     // whether `buffer[..<filled]` holds a quote, when already known
        let readAhead = ReadAhead()
        var filled = 0
        var nextLine = 1           // physical line number of the record at `start`
        var headerPending = true
        var atEOF = false

        while true {
            if let n = prefetched {
                prefetched = nil
                if n == 0 { atEOF = true }
                filled += n
                summary.bytes += n
                knownQuotes = tailHasQuote || readAhead.sawQuote
            } else if !atEOF {
                knownQuotes = nil
                if filled == buffer.count {
                    guard buffer.count < options.maxRecordBytes else {
                        throw CSVError.lineTooLong(file: path, line: nextLine, limit: options.maxRecordBytes)
                    }
                    buffer.append(contentsOf: repeatElement(0, count: min(buffer.count, options.maxRecordBytes - buffer.count)))
                }
                let n = try file.read(into: &buffer, at: filled)
                if n == 0 { atEOF = true }
                filled += n
                summary.bytes += n
            }
            var start = 0
            if headerPending {
                guard let newline = Self.find(10, in: buffer, 0..<filled) else {
                    if atEOF { break }  // a header without data rows
                    continue
                }
                headerPending = false
                start = newline + 1
                nextLine = 2
            }
            if atEOF, start == filled { break }
            // Records end at the last newline outside quotes, or at end of file.
            let hasQuotes = knownQuotes ?? (Self.find(34, in: buffer, start..<filled) != nil)
            let recordEnd: Int
            if atEOF {
                recordEnd = filled
            } else if let last = Self.lastRecordEnd(buffer, from: start, to: filled, quoteAware: hasQuotes) {
                recordEnd = last
            } else {
                Self.moveToFront(&buffer, start..<filled)  // a partial record: read more behind it
                filled -= start
                continue
            }

            // Split [start, recordEnd) into parts at newlines and parse them in parallel.
            guard let slots = pipeline.acquire(featureCount: header.layout.featureCount, parts: partCount) else { return nil }
            let parts = hasQuotes ? [start..<recordEnd] : Self.split(buffer, start..<recordEnd, into: partCount)
            // The unfinished record goes to the front of `spare`; the next read lands behind it.
            let tail = filled - recordEnd
            if spare.count < buffer.count { spare = [UInt8](repeating: 0, count: buffer.count) }
            let prefetch = !atEOF && spare.count > tail
            tailHasQuote = hasQuotes && Self.find(34, in: buffer, recordEnd..<filled) != nil
            spare.withUnsafeMutableBytes { spareRaw in
                buffer.withUnsafeBytes { raw in
                    guard let spareBase = spareRaw.baseAddress, let base = raw.baseAddress else { return }
                    if tail > 0 { spareBase.copyMemory(from: base + recordEnd, byteCount: tail) }
                    let spareAddress = UInt(bitPattern: spareBase), spareCount = spareRaw.count
                    let rawBase = UInt(bitPattern: base)
                    let tasks = parts.count + (prefetch ? 1 : 0)
                    DispatchQueue.concurrentPerform(iterations: tasks) { task in
                        if prefetch, task == 0 {
                            guard let target = UnsafeMutableRawPointer(bitPattern: spareAddress) else { return }
                            readAhead.result = Result { try file.read(into: target + tail, count: spareCount - tail) }
                            // The quote scan of those bytes, here off the producer's serial path.
                            if case let .success(n) = readAhead.result {
                                readAhead.sawQuote = n > 0 && memchr(target + tail, 34, n) != nil
                            }
                            return
                        }
                        guard let base = UnsafeRawPointer(bitPattern: rawBase) else { return }
                        let part = prefetch ? task - 1 : task
                        let range = parts[part]
                        let bytes = UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)
                        slots.results[part] = parser.parse(bytes, into: &slots.blocks[part])
                    }
                }
            }
            var ready = 0
            var fatal: CSVError?
            for part in 0..<parts.count {
                guard let result = slots.results[part] else { continue }
                slots.results[part] = nil
                summary.anomalies.add(result.anomalies)
                summary.blankLines += result.blankLines
                summary.skippedMalformed += result.skippedMalformed
                summary.skippedUnknownLabel += result.skippedUnknownLabel
                for (value, count) in result.unknownLabelValues { summary.unknownLabelValues[value, default: 0] += count }
                for sample in result.samples where summary.skippedSamples.count < CSVRecordParser.Result.sampleLimit {
                    summary.skippedSamples.append(sample.error(file: path, firstLine: nextLine, featureNames: featureNames).description)
                }
                slots.blocks[part].source = UInt16(truncatingIfNeeded: index)
                summary.rows += slots.blocks[part].rowCount
                ready += 1
                if let issue = result.fatal {
                    fatal = issue.error(file: path, firstLine: nextLine, featureNames: featureNames)
                    break
                }
                nextLine += result.lines
            }
            summary.lines = nextLine - 1
            if prefetch {
                swap(&buffer, &spare)
                filled = tail
                prefetched = try readAhead.take()
            } else {
                Self.moveToFront(&buffer, recordEnd..<filled)
                filled -= recordEnd
            }
            guard pipeline.push(.parts(slots, ready, index, header, bytesBefore + summary.bytes - filled)) else { return nil }
            if let fatal { throw fatal }
            if atEOF { break }
        }
        return summary
    }

    /// Index of the first `byte` in `buffer[range]` (memchr), or `nil`.
    static func find(_ byte: UInt8, in buffer: [UInt8], _ range: Range<Int>) -> Int? {
        guard !range.isEmpty else { return nil }
        return buffer.withUnsafeBytes { raw -> Int? in
            guard let base = raw.baseAddress, let hit = memchr(base + range.lowerBound, Int32(byte), range.count) else { return nil }
            return base.distance(to: UnsafeRawPointer(hit))
        }
    }

    /// Moves `buffer[range]` to the front of the buffer (memmove; no allocation).
    static func moveToFront(_ buffer: inout [UInt8], _ range: Range<Int>) {
        guard range.lowerBound > 0, !range.isEmpty else { return }
        buffer.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            memmove(base, base + range.lowerBound, range.count)
        }
    }

    /// Index just past the last record-ending newline in `buffer[from..<to]`, or `nil`.
    static func lastRecordEnd(_ buffer: [UInt8], from: Int, to: Int, quoteAware: Bool) -> Int? {
        if !quoteAware {
            guard to > from else { return nil }
            return buffer.withUnsafeBytes { bytes in
                CSVRecordParser.lastNewline(UnsafeRawBufferPointer(rebasing: bytes[from..<to])).map { from + $0 + 1 }
            }
        }
        var inQuotes = false
        var last: Int?
        for i in from..<to {
            let c = buffer[i]
            if c == 34 { inQuotes.toggle() } else if c == 10, !inQuotes { last = i + 1 }
        }
        return last
    }

    /// Cuts `range` into up to `parts` pieces, each ending just after a newline.
    static func split(_ buffer: [UInt8], _ range: Range<Int>, into parts: Int) -> [Range<Int>] {
        guard parts > 1, range.count > 1 << 16 else { return [range] }
        var pieces: [Range<Int>] = []
        var start = range.lowerBound
        for part in 1..<parts {
            let target = range.lowerBound + range.count * part / parts
            guard target > start, let newline = find(10, in: buffer, target..<range.upperBound) else { continue }
            pieces.append(start..<(newline + 1))
            start = newline + 1
        }
        if start < range.upperBound { pieces.append(start..<range.upperBound) }
        return pieces
    }
}

/// The outcome of the read that runs beside a block's parsing in `CSVReader.readFile`, set by
/// one concurrent task and read after `concurrentPerform` returns (which orders the two).
private final class ReadAhead: @unchecked Sendable {
    var result: Result<Int, Error>?
    /// Whether the bytes read hold a quote (`"`).
    var sawQuote = false

    /// The bytes read (0 at end of file), or the read's error.
    func take() throws -> Int {
        defer { result = nil }
        return try result?.get() ?? 0
    }
}
