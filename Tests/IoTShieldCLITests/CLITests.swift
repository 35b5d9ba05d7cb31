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

    @Test(arguments: [[], ["ingest"], ["inspect"], ["synth"], ["prepare"], ["train"], ["predict"], ["evaluate"], ["experiment"], ["extract"], ["detect"], ["serve"], ["token"]])
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
    }
}
