import Foundation
import Testing
@testable import IoTData

@Suite("CSV reader on the real samples")
struct CSVRealSampleTests {
    /// Every data line of both shared files is read, and no line is skipped.
    @Test func everyRowIngests() throws {
        for path in Fixtures.samples {
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count
            let (rows, _, _) = try Fixtures.readAll([path])
            #expect(rows.count == lines - 1, "\(path)")
            #expect(rows.allSatisfy { $0.count == 39 })
        }
    }

    /// Family per row equals an independent mapping of the raw label text (table from the docs).
    @Test func labelsMapToTheRightFamilies() throws {
        let independent: [String: String] = [
            "Benign": "Benign", "Benign_Final": "Benign", "BruteForce": "BruteForce", "DDoS": "DDoS", "DoS": "DoS",
            "Malware": "Web", "Mirai": "Mirai", "Recon": "Recon", "Spoofing": "Spoofing", "Uploading": "Web",
            "WebAttack": "Web", "MITM-ArpSpoofing": "Spoofing", "DNS_Spoofing": "Spoofing", "DDoS-SlowLoris": "DDoS",
            "Recon-PingSweep": "Recon", "VulnerabilityScan": "Recon", "DictionaryBruteForce": "BruteForce",
            "Mirai-udpplain": "Mirai", "DoS-HTTP_Flood": "DoS", "Backdoor_Malware": "Web", "Uploading_Attack": "Web",
        ]
        for path in Fixtures.samples {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            var lines = text.split(separator: "\n").map(String.init)
            let header = lines.removeFirst().split(separator: ",").map(String.init)
            let labelIndex = try #require(header.firstIndex { $0 == "label_multiclass" || $0 == "Label" })
            let (_, labels, _) = try Fixtures.readAll([path])
            var checked = 0
            for (line, code) in zip(lines, labels) {
                let raw = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)[labelIndex]
                if let family = independent[raw] {
                    #expect(code.attackFamily?.name == family, "\(raw)")
                    checked += 1
                } else {
                    // Fine labels not in the spot-check table: the family is the name's prefix.
                    let prefix = raw.split(separator: "-").first.map(String.init) ?? raw
                    #expect(code.attackFamily?.name == prefix, "\(raw)")
                }
            }
            #expect(checked > 500)
        }
    }

    /// Duplicates counted by ingest equal an independent count (stdlib parsing, Set of rows).
    @Test func duplicatesAreCountedExactly() throws {
        var independentSeen = Set<[UInt32]>()
        var independentDuplicates = 0
        for path in Fixtures.samples {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            var lines = text.split(separator: "\n").map(String.init)
            let header = lines.removeFirst().split(separator: ",").map(String.init)
            let labelIndex = try #require(header.firstIndex { $0 == "label_multiclass" || $0 == "Label" })
            let featureIndices = FeatureLayout.v2.featureNames.map { name in header.firstIndex(of: name)! }
            for line in lines {
                let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                let label = try #require(LabelTaxonomy.standard.code(for: fields[labelIndex]))
                var key = featureIndices.map { index -> UInt32 in
                    let value = Float(fields[index])!
                    return value == 0 ? 0 : value.bitPattern
                }
                key.append(UInt32(label.fine) << 8 | UInt32(label.family))
                if !independentSeen.insert(key).inserted { independentDuplicates += 1 }
            }
        }
        let summary = try Ingestor.run(inputs: Fixtures.samples, store: nil, showProgress: false)
        #expect(summary.duplicates == independentDuplicates)
        #expect(summary.rowsOut == independentSeen.count)
        #expect(summary.duplicates > 1000, "robotumbel alone has more than half its rows duplicated")
    }

    /// The result does not depend on block size or thread count.
    @Test(arguments: [1, 2, 3])
    func threadAndBlockInvariance(threads: Int) throws {
        let reference = try Fixtures.readAll(Fixtures.samples)
        var options = CSVReader.Options()
        options.threads = threads
        options.blockBytes = 4096 + 17 * threads
        let (rows, labels, hashes) = try Fixtures.readAll(Fixtures.samples, options: options)
        #expect(hashes == reference.hashes)
        #expect(labels == reference.labels)
        #expect(rows == reference.rows)
    }
}

@Suite("CSV reader on hostile input")
struct CSVHostileInputTests {
    static let header = FeatureLayout.v2.featureNames.joined(separator: ",") + ",Label"
    static let row = (0..<39).map { String($0) }.joined(separator: ",") + ",DDoS-SYN_Flood"

    func expectError(_ text: String, _ check: (CSVError) -> Bool, name: String = "input.csv") throws {
        let path = try Fixtures.write(text, name: name)
        do {
            _ = try Fixtures.readAll([path])
            Issue.record("expected an error for \(name)")
        } catch let error as CSVError {
            #expect(check(error), "\(error)")
            #expect(error.description.contains(path), "the message names the file: \(error)")
        }
    }

    @Test func truncatedLastLine() throws {
        let text = [Self.header, Self.row, Self.row, "1,2,3"].joined(separator: "\n")
        try expectError(text) { if case .wrongFieldCount(_, 4, 40, 3) = $0 { return true }; return false }
    }

    @Test func tooManyFields() throws {
        let text = [Self.header, Self.row + ",extra", Self.row].joined(separator: "\n") + "\n"
        try expectError(text) { if case .wrongFieldCount(_, 2, 40, 41) = $0 { return true }; return false }
    }

    @Test func textInANumericColumn() throws {
        var fields = Self.row.split(separator: ",").map(String.init)
        fields[3] = "fast"
        let text = [Self.header, Self.row, fields.joined(separator: ",")].joined(separator: "\n") + "\n"
        try expectError(text) { if case .notANumber(_, 3, "Rate", "fast") = $0 { return true }; return false }
    }

    @Test func tenMegabyteField() throws {
        var fields = Self.row.split(separator: ",").map(String.init)
        fields[0] = String(repeating: "9", count: 5_000_000) + "x" + String(repeating: "1", count: 5_000_000)
        let text = [Self.header, Self.row, fields.joined(separator: ",")].joined(separator: "\n") + "\n"
        try expectError(text) {
            if case let .notANumber(_, 3, field, value) = $0 { return field == "Header_Length" && value.count < 100 }
            return false
        }
    }

    @Test func lineLongerThanTheLimit() throws {
        let path = try Fixtures.write([Self.header, String(repeating: "1", count: 300_000)].joined(separator: "\n"))
        var options = CSVReader.Options()
        options.blockBytes = 1 << 16
        options.maxRecordBytes = 1 << 17
        #expect(throws: CSVError.lineTooLong(file: path, line: 2, limit: 1 << 17)) {
            _ = try Fixtures.readAll([path], options: options)
        }
    }

    @Test func binaryGarbage() throws {
        var generator = SplitMix64(seed: 3)
        let garbage = (0..<100_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let path = try Fixtures.write(garbage)
        #expect(throws: CSVError.self) { _ = try Fixtures.readAll([path]) }
        // Garbage after a valid header: an error with a line number, not a crash.
        let mixed = Array((Self.header + "\n" + Self.row + "\n").utf8) + garbage
        let second = try Fixtures.write(mixed)
        do {
            _ = try Fixtures.readAll([second])
            Issue.record("garbage was accepted")
        } catch let error as CSVError {
            #expect(error.description.contains(":3:"), "\(error)")
        }
    }

    @Test func byteOrderMarkAndCRLF() throws {
        let lf = try Fixtures.lines(of: Fixtures.robotumbel, count: 50).joined(separator: "\n")
        let crlf = try "\u{FEFF}" + Fixtures.lines(of: Fixtures.robotumbel, count: 50).joined(separator: "\r\n") + "\r\n"
        let a = try Fixtures.readAll([try Fixtures.write(lf)])
        let b = try Fixtures.readAll([try Fixtures.write(crlf)])
        #expect(a.rows.count == 49)
        #expect(a.rows == b.rows)
        #expect(a.labels == b.labels)
    }

    @Test func wrongHeader() throws {
        let text = "a,b,c\n1,2,3\n"
        try expectError(text) { if case let .unrecognizedHeader(_, missing) = $0 { return missing.contains("Rate") }; return false }
        let dropped = Self.header.replacingOccurrences(of: "Time_To_Live,", with: "")
        try expectError(dropped + "\n") { if case let .unrecognizedHeader(_, missing) = $0 { return missing == ["Time_To_Live"] }; return false }
    }

    @Test func emptyFile() throws {
        try expectError("") { if case .emptyFile = $0 { return true }; return false }
    }

    @Test func headerOnlyHasNoRows() throws {
        let (rows, _, _) = try Fixtures.readAll([try Fixtures.write(Self.header)])
        #expect(rows.isEmpty)
    }

    @Test func unknownLabelIsAnErrorOrACountedSkip() throws {
        let bad = Self.row.replacingOccurrences(of: "DDoS-SYN_Flood", with: "Teleportation")
        let text = [Self.header, Self.row, bad, Self.row].joined(separator: "\n") + "\n"
        try expectError(text) { if case .unknownLabel(_, 3, "Teleportation") = $0 { return true }; return false }
        var options = Ingestor.Options()
        options.csv.unknownLabels = .skip
        let summary = try Ingestor.run(inputs: [try Fixtures.write(text)], store: nil, options: options, showProgress: false)
        #expect(summary.skippedUnknownLabel == 1)
        #expect(summary.rowsIn == 2)
        #expect(summary.files[0].unknownLabelValues == ["Teleportation": 1])
        #expect(summary.files[0].skippedSamples.first?.contains(":3:") == true)
    }

    @Test func malformedSkipIsCountedAndReported() throws {
        let text = [Self.header, Self.row, "1,2", Self.row, "x" + Self.row].joined(separator: "\n") + "\n"
        var options = Ingestor.Options()
        options.csv.malformedLines = .skip
        let summary = try Ingestor.run(inputs: [try Fixtures.write(text)], store: nil, options: options, showProgress: false)
        #expect(summary.skippedMalformed == 2)
        #expect(summary.rowsIn == 2)
        #expect(summary.duplicates == 1)
        #expect(summary.files[0].skippedSamples.count == 2)
        #expect(summary.files[0].skippedSamples[0].contains(":3:"))
        #expect(summary.files[0].skippedSamples[1].contains(":5:"))
    }

    @Test func quotedFieldsBlankLinesAndSpecialValues() throws {
        var fields = Self.row.split(separator: ",").map(String.init)
        fields[0] = "\"12.5\""
        fields[1] = ""
        fields[2] = "inf"
        fields[3] = "-inf"
        fields[4] = "nan"
        fields[39] = "\"DDoS-SYN_Flood\""
        let text = [Self.header, "", fields.joined(separator: ","), "", Self.row].joined(separator: "\n") + "\n"
        let path = try Fixtures.write(text)
        let (rows, labels, _) = try Fixtures.readAll([path])
        #expect(rows.count == 2)
        #expect(rows[0][0] == 12.5)
        #expect(rows[0][1].isNaN)
        #expect(rows[0][2] == .infinity)
        #expect(rows[0][3] == -.infinity)
        #expect(rows[0][4].isNaN)
        #expect(labels[0] == LabelCode(.ddosSYNFlood))
        let summary = try Ingestor.run(inputs: [path], store: nil, showProgress: false)
        #expect(summary.missingPerColumn == ["Protocol Type": 1, "fin_flag_number": 1])
        #expect(summary.infinitePerColumn == ["Time_To_Live": 1, "Rate": 1])
        #expect(summary.files[0].blankLines == 2)
    }

    @Test func quotedNewlineKeepsLineNumbers() throws {
        // An ignored `note` column holds a quoted newline: line numbers stay physical.
        let text = [Self.header + ",note", Self.row + ",\"two\nlines\"", Self.row + ",x", "1,2"].joined(separator: "\n") + "\n"
        try expectError(text) { if case .wrongFieldCount(_, 5, 41, 2) = $0 { return true }; return false }
        let valid = [Self.header + ",note", Self.row + ",\"two\nlines, and a \"\"quote\"\"\"", Self.row + ",x"].joined(separator: "\n")
        let (rows, _, _) = try Fixtures.readAll([try Fixtures.write(valid)])
        #expect(rows.count == 2)
    }

    @Test func unterminatedQuote() throws {
        let text = [Self.header, Self.row, "\"1," + Self.row.dropFirst(2)].joined(separator: "\n")
        try expectError(text) { if case .unterminatedQuote(_, 3) = $0 { return true }; return false }
    }

    @Test func v1LayoutAndLabelColumnNames() throws {
        let names = FeatureLayout.v1.featureNames
        let row = names.indices.map { String(Double($0) / 2) }.joined(separator: ",")
        let text = (names + ["label"]).joined(separator: ",") + "\n" + row + ",DDOS-ICMP_FLOOD\n" + row + ",BenignTraffic\n"
        let path = try Fixtures.write(text)
        #expect(try CSVReader.readHeader(path: path).layout == .v1)
        let (rows, labels, _) = try Fixtures.readAll([path])
        #expect(rows.count == 2 && rows[0].count == 46)
        #expect(rows[0][45] == 22.5)
        #expect(labels == [LabelCode(.ddosICMPFlood), LabelCode(.benignTraffic)])
        let v2 = try Fixtures.write(Self.header + "\n")
        let mixed = CSVReader()
        #expect(throws: CSVError.layoutMismatch(file: v2, expected: .v1, found: .v2)) {
            try mixed.read(files: [path, v2]) { _, _, _ in }
        }
    }

    @Test func columnsMatchedByNameInAnyOrder() throws {
        var names = FeatureLayout.v2.featureNames + ["Label"]
        var values = (0..<39).map { String($0) } + ["Recon-OSScan"]
        names.swapAt(0, 39); values.swapAt(0, 39)
        names.insert("label_binary", at: 5); values.insert("1", at: 5)
        let path = try Fixtures.write(names.joined(separator: ",") + "\n" + values.joined(separator: ",") + "\n")
        let header = try CSVReader.readHeader(path: path)
        #expect(header.ignoredColumns == ["label_binary"])
        let (rows, labels, _) = try Fixtures.readAll([path])
        #expect(rows[0] == (0..<39).map { Float($0) })
        #expect(labels[0] == LabelCode(.reconOSScan))
    }
}
