import Foundation
import Testing

/// Runs the built `iotshield` binary (it sits beside the test bundle) and checks exit codes and output.
@Suite("iotshield command line")
struct CLITests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let samples = repoRoot.appendingPathComponent("data/ciciot2023").path

    struct Output { var status: Int32; var stdout: String; var stderr: String }

    static func binary() throws -> URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("iotshield")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        let fallback = repoRoot.appendingPathComponent(".build/debug/iotshield")
        guard FileManager.default.isExecutableFile(atPath: fallback.path) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: fallback.path])
        }
        return fallback
    }

    static func run(_ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("iotshield-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test(arguments: [[], ["ingest"], ["inspect"], ["synth"], ["prepare"], ["correlate"], ["balance"], ["train"], ["predict"], ["evaluate"], ["experiment"], ["extract"], ["detect"], ["serve"], ["token"]])
    func helpExitsZero(command: [String]) throws {
        let result = try Self.run(command + ["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE"))
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try Self.run(["ingest"]).status == 2)
        #expect(try Self.run(["ingest", Self.samples]).status == 2, "neither --out nor --dry-run")
        #expect(try Self.run(["synth", "--from", "x", "--rows", "0", "--out", "y"]).status == 2)
        #expect(try Self.run(["no-such-command"]).status == 2)
        #expect(try Self.run(["ingest", "--unknown-labels", "maybe", "--dry-run", Self.samples]).status == 2)
    }

    @Test func runtimeErrorsExitOneAndNameTheFile() throws {
        let directory = try Self.scratch()
        let bad = directory.appendingPathComponent("wrong-header.csv").path
        try Data("a,b\n1,2\n".utf8).write(to: URL(fileURLWithPath: bad))
        let result = try Self.run(["ingest", bad, "--out", directory.appendingPathComponent("s.iotc").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(bad):1:"))
        let missing = try Self.run(["inspect", directory.appendingPathComponent("nope.csv").path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("nope.csv"))
    }

    @Test func ingestThenInspectJSON() throws {
        let directory = try Self.scratch()
        let store = directory.appendingPathComponent("sample.iotc").path
        let ingest = try Self.run(["ingest", Self.samples, "--out", store, "--json"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(ingest.stdout.utf8)) as? [String: Any]
        #expect(summary?["rows_in"] as? Int == 18_642)
        let inspect = try Self.run(["inspect", store, "--json"])
        #expect(inspect.status == 0)
        let profile = try #require(try JSONSerialization.jsonObject(with: Data(inspect.stdout.utf8)) as? [String: Any])
        let rows = try #require(profile["rows"] as? Int)
        let duplicates = try #require(profile["duplicates"] as? Int)
        #expect(rows + duplicates == 18_642)
        let families = try #require(profile["families"] as? [String: Int])
        #expect(families.values.reduce(0, +) == rows)
        #expect(families["DDoS"] ?? 0 > 0 && families["BruteForce"] ?? 0 > 0 && families["Benign"] ?? 0 > 0)
        let text = try Self.run(["inspect", store])
        #expect(text.stdout.contains("near-constant"))
    }

    @Test func badResponsePolicyNamesFileAndField() throws {
        let directory = try Self.scratch()
        let policy = directory.appendingPathComponent("policy.json").path
        try Data(#"{"version": 1, "families": {"DDoS": {"actions": ["block"], "block_seconds": -5}}, "blocklist": {"file": "b.nft"}}"#.utf8)
            .write(to: URL(fileURLWithPath: policy))
        let db = directory.appendingPathComponent("alerts.sqlite").path
        let pcap = Self.repoRoot.appendingPathComponent("data/pcap/sv_telnet.pcap").path
        for arguments in [["serve", "--port", "0", "--db", db, "--model", "builtin:rules", "--response-policy", policy],
                          ["detect", "--model", "/nonexistent.iotm", "--pcap", pcap, "--db", db, "--response-policy", policy]] {
            let result = try Self.run(arguments)
            #expect(result.status == 1, "\(arguments[0]): \(result.stderr)")
            #expect(result.stderr.contains("\(policy): field 'families.DDoS.block_seconds': must be within 1…"), "\(result.stderr)")
        }
        let missing = try Self.run(["serve", "--port", "0", "--db", db, "--response-policy", directory.appendingPathComponent("nope.json").path])
        #expect(missing.status == 1 && missing.stderr.contains("nope.json: cannot read the response policy"))
        // Usage errors: --apply-blocks alone; a policy for detect without the store that keeps the outbox.
        #expect(try Self.run(["serve", "--apply-blocks"]).status == 2)
        #expect(try Self.run(["detect", "--model", "m.iotm", "--pcap", pcap, "--response-policy", policy]).status == 2)
        #expect(try Self.run(["detect", "--model", "m.iotm", "--pcap", pcap, "--db", db, "--postgres", "postgres://u@h/d"]).status == 2)
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// `prepare` writes column stores that `inspect`, `correlate` and `balance` read.
    @Test func prepareWritesStoresTheOtherCommandsRead() throws {
        let directory = try Self.scratch()
        let out = directory.appendingPathComponent("prepared").path
        let prepare = try Self.run(["prepare", "--data", Self.samples, "--task", "family", "--balance", "500", "--out", out])
        #expect(prepare.status == 0, "\(prepare.stderr)")
        #expect(prepare.stdout.contains("wrote \(out)/{train.iotc,test.iotc,prepare.json"))
        let report = try Self.json(String(decoding: try Data(contentsOf: URL(fileURLWithPath: out + "/prepare.json")), as: UTF8.self))
        #expect(report["format"] as? String == "store" && report["train"] as? String == out + "/train.iotc")
        let inspect = try Self.run(["inspect", out + "/train.iotc", "--json"])
        #expect(inspect.status == 0, "\(inspect.stderr)")
        let profile = try Self.json(inspect.stdout)
        #expect(profile["task"] as? String == "family" && profile["layout"] == nil && profile["kind"] as? String == "prepared store")
        let classes = try #require(profile["classes"] as? [String: Int])
        #expect(classes.values.allSatisfy { $0 <= 500 } && classes.values.reduce(0, +) == profile["rows"] as? Int)
        #expect(try Self.run(["inspect", out + "/test.iotc"]).stdout.contains("rows per class (family task)"))

        let correlate = try Self.run(["correlate", out + "/test.iotc", "--json"])
        #expect(correlate.status == 0, "\(correlate.stderr)")
        let matrix = try #require(try Self.json(correlate.stdout)["matrix"] as? [[Any]])
        #expect(matrix.count == (profile["columns"] as? [Any])?.count)

        let balanced = directory.appendingPathComponent("balanced.iotc").path
        let balance = try Self.run(["balance", out + "/train.iotc", "--balance", "300", "--out", balanced, "--json"])
        #expect(balance.status == 0, "\(balance.stderr)")
        let summary = try Self.json(balance.stdout)
        #expect(summary["task"] as? String == "family" && summary["output"] as? String == balanced)
        #expect(try Self.run(["balance", out + "/train.iotc", "--task", "binary", "--out", balanced]).stderr
            .contains("was prepared for the family task"))

        let csv = try Self.run(["prepare", "--data", Self.samples, "--balance", "none", "--format", "csv", "--out", out + "-csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let header = try String(contentsOfFile: out + "-csv/train.csv", encoding: .utf8).prefix { $0 != "\n" }
        #expect(header.hasPrefix("Header_Length,") && header.hasSuffix(",class"))
    }

    /// The hostile inputs of the pipeline, through the command line: each gets a clear message.
    @Test func hostileInputsGetClearMessages() throws {
        let directory = try Self.scratch()
        let sample = try String(contentsOfFile: Self.samples + "/cic-v2-robotumbel-sample.csv", encoding: .utf8)
        var lines = sample.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let header = lines.removeFirst()
        // A class with one row: keep a single row of the Spoofing family.
        func isSpoofing(_ line: String) -> Bool { line.hasSuffix(",DNS_Spoofing") || line.hasSuffix(",MITM-ArpSpoofing") }
        let spoofing = lines.filter(isSpoofing)
        #expect(spoofing.count > 1)
        let oneRow = directory.appendingPathComponent("one-spoofing-row.csv").path
        try ([header] + lines.filter { !isSpoofing($0) } + [spoofing[0]]).joined(separator: "\n")
            .write(toFile: oneRow, atomically: true, encoding: .utf8)
        let single = try Self.run(["prepare", "--data", oneRow, "--balance", "300", "--out", directory.appendingPathComponent("a").path])
        #expect(single.status == 0, "\(single.stderr)")
        #expect(single.stdout.contains("note: stratified split: Spoofing has 1 row(s); none goes to test"), "\(single.stdout)")
        #expect(single.stdout.contains("Spoofing has 1 training row; SMOTE cannot interpolate"))
        #expect(single.stdout.contains("Spoofing: capped at 100 (target 300)"))

        // All-constant columns: nothing to learn from, a typed error and exit 1.
        let constantRow = header.split(separator: ",").dropLast().map { _ in "1" }.joined(separator: ",")
        let constant = directory.appendingPathComponent("constant.csv").path
        try ([header] + (0..<40).map { constantRow + ($0 % 2 == 0 ? ",BenignTraffic" : ",DDoS-SYN_Flood") })
            .joined(separator: "\n").write(toFile: constant, atomically: true, encoding: .utf8)
        let flat = try Self.run(["prepare", "--data", constant, "--out", directory.appendingPathComponent("b").path])
        #expect(flat.status == 1)
        #expect(flat.stderr.contains("variance filter: no feature column left"), "\(flat.stderr)")

        // A NaN-only column: imputed with 0, reported, then dropped as constant.
        let nanColumn = directory.appendingPathComponent("nan-rate.csv").path
        let rateIndex = try #require(header.split(separator: ",").firstIndex(of: "Rate"))
        try ([header] + lines.map { line in
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[rateIndex] = "nan"
            return fields.joined(separator: ",")
        }).joined(separator: "\n").write(toFile: nanColumn, atomically: true, encoding: .utf8)
        let nan = try Self.run(["prepare", "--data", nanColumn, "--balance", "none", "--out", directory.appendingPathComponent("c").path])
        #expect(nan.status == 0, "\(nan.stderr)")
        #expect(nan.stdout.contains("'Rate' has no finite value"), "\(nan.stdout)")
        #expect(nan.stdout.contains("dropped Rate:"))

        // Labels in test that train never saw (grouped split, 34 labels): named, with counts.
        let grouped = try Self.run(["prepare", "--data", Self.samples, "--task", "label", "--split", "grouped", "--balance", "none",
                                    "--out", directory.appendingPathComponent("d").path])
        #expect(grouped.status == 0, "\(grouped.stderr)")
        #expect(grouped.stdout.contains("0 training rows but"))

        // Not a store where one is needed.
        let notStore = try Self.run(["correlate", constant])
        #expect(notStore.status == 1 && notStore.stderr.contains("\(constant): not an IoTShield column store"))
    }
}
