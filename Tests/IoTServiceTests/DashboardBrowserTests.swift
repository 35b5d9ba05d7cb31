import Foundation
@testable import IoTService
import Logging
import Testing

/// The dashboard in a real browser: headless Chromium (Debian's `chromium`, installed by
/// `make test` through `scripts/deps.sh chromium`) signs in with a read token, waits for the
/// live WebSocket, and must show an incident pushed after an ingest. The screenshot is written
/// to `$IOTSHIELD_DASHBOARD_SCREENSHOT` when set (`docs/dashboard.png` is the richer one
/// `make demo` takes with a trained model). Without Chromium the test is skipped, with the
/// reason shown.
@Suite("dashboard in headless Chromium")
struct DashboardBrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: chromium != nil, "needs Chromium: scripts/deps.sh chromium"), .timeLimit(.minutes(2)))
    func anIncidentIngestedAfterTheDashboardOpenedAppearsLive() async throws {
        let executable = try #require(Self.chromium)
        try await withService { h in
            let browser = try HeadlessBrowser(executable: executable)
            do {
                try await Self.watchAnIngest(in: browser, harness: h)
            } catch {
                await browser.stop()
                throw error
            }
            await browser.stop()
        }
    }

    static func watchAnIngest(in browser: HeadlessBrowser, harness h: Harness) async throws {
        let debugger = try await browser.debuggerURL()
        let socket = try await LoopbackWebSocket.connect(url: debugger)
        do {
            var devtools = DevToolsConnection(socket: socket)
            let target = try await devtools.call("Target.createTarget", ["url": "about:blank"])
            let targetID = try #require(target["targetId"] as? String)
            let attached = try await devtools.call("Target.attachToTarget", ["targetId": targetID, "flatten": true])
            let session = try #require(attached["sessionId"] as? String)
            _ = try await devtools.call("Emulation.setDeviceMetricsOverride",
                                        ["width": 1440, "height": 900, "deviceScaleFactor": 1, "mobile": false], session: session)
            // `?token=` is exchanged for a cookie, then the page itself loads.
            _ = try await devtools.call("Page.navigate", ["url": "http://127.0.0.1:\(h.port)/?token=\(h.readToken)"], session: session)
            let live = try await devtools.waitFor("document.getElementById('live')?.textContent", session: session) { ($0 as? String) == "connected" }
            #expect(live as? String == "connected", "the live WebSocket connects")
            let before = try await devtools.evaluate("document.querySelectorAll('#rows tr').length", session: session)
            #expect(before as? Int == 0, "a fresh store shows no incidents")

            let syn = Array(Samples.rows(label: "DDoS-SYN_Flood").prefix(12))
            let response = try await h.request("/v1/flows", method: .post, token: h.ingestToken, contentType: "text/csv",
                                               body: Samples.csv(syn, source: "10.0.0.66", destination: "10.0.0.5"))
            #expect(response.status == .ok)

            // Pushed rows carry class "new" (rows loaded at start-up do not).
            let row = try await devtools.waitFor("document.querySelector('#rows tr.new')?.innerText", session: session) { $0 != nil }
            let text = try #require(row as? String)
            #expect(text.contains("DDoS"))
            #expect(text.contains("10.0.0.66"))
            #expect(text.contains("10.0.0.5"))
            let attackers = try await devtools.waitFor("document.getElementById('sources')?.innerText", session: session) {
                ($0 as? String)?.contains("10.0.0.66") == true
            }
            #expect((attackers as? String)?.contains("10.0.0.66") == true, "top attacking hosts list the source")

            let shot = try await devtools.call("Page.captureScreenshot", ["format": "png"], session: session)
            let png = try #require((shot["data"] as? String).flatMap { Data(base64Encoded: $0) })
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            #expect(png.count > 20_000, "a rendered page, not a blank one")
            if let path = ProcessInfo.processInfo.environment["IOTSHIELD_DASHBOARD_SCREENSHOT"] {
                try png.write(to: URL(fileURLWithPath: path))
            }
            await socket.close()
        } catch {
            await socket.close()
            throw error
        }
    }
}

/// A headless Chromium process with remote debugging on a port of its own choosing.
final class HeadlessBrowser: Sendable {
    let process: Process
    let profile: URL

    init(executable: String) throws {
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("iotshield-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                             "--user-data-dir=\(profile.path)", "--remote-debugging-port=0",
                             // DevTools refuses WebSocket origins not listed (the loopback client sends none).
                             "--remote-allow-origins=ws://127.0.0.1", "about:blank"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// The browser-level DevTools WebSocket URL, from `DevToolsActivePort` (port, then path).
    func debuggerURL(timeout: Duration = .seconds(30)) async throws -> String {
        let file = profile.appendingPathComponent("DevToolsActivePort")
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOf: file, encoding: .utf8) {
                let lines = text.split(separator: "\n")
                if lines.count >= 2 { return "ws://127.0.0.1:\(lines[0])\(lines[1])" }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw DevToolsError("Chromium wrote no DevToolsActivePort within \(timeout)")
    }

    /// Ends the browser (SIGTERM, then waits without blocking a pool thread) and removes its profile.
    func stop() async {
        if process.isRunning { process.terminate() }
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        try? FileManager.default.removeItem(at: profile)
    }
}

struct DevToolsError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Chrome DevTools Protocol calls over one WebSocket: JSON requests with ids; events and
/// other replies in between are skipped.
struct DevToolsConnection {
    let socket: LoopbackWebSocket
    var nextID = 1

    mutating func call(_ method: String, _ parameters: [String: Any] = [:], session: String? = nil) async throws -> [String: Any] {
        let id = nextID
        nextID += 1
        var message: [String: Any] = ["id": id, "method": method, "params": parameters]
        if let session { message["sessionId"] = session }
        try await socket.send(text: Samples.json(message))
        while let frame = try await socket.receive() {
            guard case .text(let text) = frame,
                  let reply = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                  reply["id"] as? Int == id else { continue }
            if let error = reply["error"] { throw DevToolsError("\(method): \(error)") }
            return reply["result"] as? [String: Any] ?? [:]
        }
        throw DevToolsError("\(method): the browser closed the connection")
    }

    /// The value of a JavaScript expression in the page (`nil` for undefined/null).
    mutating func evaluate(_ expression: String, session: String) async throws -> Any? {
        let result = try await call("Runtime.evaluate", ["expression": expression, "returnByValue": true], session: session)
        return (result["result"] as? [String: Any])?["value"]
    }

    /// Evaluates `expression` every 100 ms until `accept` holds (or 30 s pass); the last value.
    mutating func waitFor(_ expression: String, session: String, timeout: Duration = .seconds(30),
                          until accept: (Any?) -> Bool) async throws -> Any? {
        let deadline = ContinuousClock.now + timeout
        var value = try await evaluate(expression, session: session)
        while !accept(value), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            value = try await evaluate(expression, session: session)
        }
        return value
    }
}
