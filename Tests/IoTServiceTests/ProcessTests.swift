import Foundation
import Hummingbird
import IoTSensor
import NIOCore
import Testing

/// Runs the built `iotshield` binary: tokens from the CLI, and the durability promise —
/// a record whose response was received has its incident on disk, even after SIGKILL.
@Suite("iotshield serve and token, as processes")
struct ProcessTests {
    static func binary() throws -> URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("iotshield")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        let fallback = Samples.repoRoot.appendingPathComponent(".build/debug/iotshield")
        guard FileManager.default.isExecutableFile(atPath: fallback.path) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: fallback.path])
        }
        return fallback
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
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
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    @Test(arguments: ServiceStores.kinds)
    func tokenCommands(store kind: String) throws {
        let store = try ServiceStores.fresh(kind).arguments
        let created = try Self.run(["token", "create", "--role", "read", "--label", "laptop"] + store)
        #expect(created.status == 0, "\(created.stderr)")
        let token = try #require(created.stdout.split(whereSeparator: \.isNewline).last?.split(separator: " ").last.map(String.init))
        #expect(token.hasPrefix("iots_"))
        let id = String(token.split(separator: "_")[1])
        let list = try Self.run(["token", "list"] + store)
        #expect(list.stdout.contains(id) && list.stdout.contains("read") && list.stdout.contains("active"))
        #expect(!list.stdout.contains(token))
        #expect(try Self.run(["token", "revoke", id] + store).status == 0)
        #expect(try Self.run(["token", "list"] + store).stdout.contains("revoked"))
        #expect(try Self.run(["token", "revoke", id] + store).status == 1)
        #expect(try Self.run(["token", "create", "--role", "root"] + store).status == 2)
        #expect(try Self.run(["serve", "--no-auth", "--host", "0.0.0.0"] + store).status == 2)
        #expect(try Self.run(["serve", "--model", "/nonexistent.iotm", "--port", "0"] + store).status == 1)
        #expect(try Self.run(["serve", "--help"]).status == 0)
        // An unreachable PostgreSQL store: exit 1, the reason, the URL without its password.
        let unreachable = try Self.run(["serve", "--port", "0", "--postgres", "postgres://iot:secret@127.0.0.1:1/alerts?sslmode=disable"])
        #expect(unreachable.status == 1)
        #expect(unreachable.stderr.contains("cannot open the alert store") && unreachable.stderr.contains("127.0.0.1:1"), "\(unreachable.stderr)")
        #expect(!unreachable.stderr.contains("secret"))
    }

    /// On either store: the SQLite file, or a PostgreSQL database (`serve --postgres`).
    @Test(arguments: ServiceStores.kinds)
    func acknowledgedIncidentsSurviveSIGKILL(store kind: String) async throws {
        let (storeArguments, openStore) = try ServiceStores.fresh(kind)
        let created = try Self.run(["token", "create", "--role", "ingest"] + storeArguments)
        let token = try #require(created.stdout.split(whereSeparator: \.isNewline).last?.split(separator: " ").last.map(String.init))

        let server = Process()
        server.executableURL = try Self.binary()
        server.arguments = ["serve", "--port", "0", "--model", "builtin:rules"] + storeArguments
        let out = Pipe()
        server.standardOutput = out
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        var printed = ""
        while !printed.contains("\n") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            printed += String(decoding: chunk, as: UTF8.self)
        }
        // "listening on http://127.0.0.1:PORT (model: …)"
        let address = printed.split(separator: " ").first { $0.hasPrefix("http://") } ?? ""
        let portText = try #require(address.split(separator: ":").last)
        let port = try #require(Int(portText), "\(printed)")

        let client = LoopbackHTTPClient(port: port)
        var incidentIDs: [String] = []
        for (index, label) in ["DDoS-SYN_Flood", "DoS-SYN_Flood", "DDoS-SynonymousIP_Flood"].enumerated() {
            let body = Samples.csv(Array(Samples.rows(label: label).prefix(10)), source: "10.9.0.\(index + 1)", destination: "10.9.1.1")
            let response = try await client.execute(uri: "/v1/flows", method: .post, headers: [
                .authorization: "Bearer \(token)", .contentType: "text/csv"], body: ByteBuffer(string: body))
            #expect(response.status == .ok)
            let answer = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
            incidentIDs += answer?["incidents"] as? [String] ?? []
        }
        #expect(incidentIDs.count == 3)

        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
        #expect(server.terminationReason == .uncaughtSignal)

        let store = try openStore()
        for id in incidentIDs {
            let incident = try #require(try store.incident(id: id))
            #expect(incident.family == "DDoS")
            #expect(incident.windows >= 1)
        }
    }
}
