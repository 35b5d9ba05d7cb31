import ArgumentParser
import Foundation
import IoTSensor
import IoTService
import Logging

/// `iotshield serve`: the detection service (HTTP + WebSocket), a thin shell over `IoTShieldService`.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the detection service: flow ingest, alerts, live push, metrics and the dashboard.",
        discussion: """
            Listens on 127.0.0.1:8080 by default and prints 'listening on http://HOST:PORT' once
            bound (--port 0 picks a free port). Every /v1 route needs 'Authorization: Bearer TOKEN'
            (iotshield token create) unless --no-auth, which is refused off loopback.
            --model builtin:rules selects a fixed SYN-flood rule (no trained model needed).
            --interface/--pcap also run the packet sensor in this process: its incidents go to the
            same store, the live push and the dashboard, which shows its packets/s and drops.
            --postgres URL keeps incidents, tokens and mitigation state in PostgreSQL instead of the
            SQLite file, so several servers share one store (and one webhook outbox).
            --response-policy FILE posts incidents to a webhook and writes attacking addresses as
            nft commands to a file (--apply-blocks also runs 'nft -f'); see README, Mitigation.
            """)

    @OptionGroup var store: StoreArguments

    @Option(help: "Address to bind.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to bind (0 = any free port).")
    var port: Int = 8080

    @Option(help: "Model to load at start-up: a .iotm file, or builtin:rules.")
    var model: String?

    @Flag(help: "Serve without authentication (loopback only).")
    var noAuth = false

    @Option(help: "Largest accepted request body in bytes.")
    var maxBodyBytes: Int = 8 * 1024 * 1024

    @Option(help: "Most records accepted in one request.")
    var maxRecords: Int = 10_000

    @Option(help: "Ingest requests processed at once; more get 429.")
    var maxInFlight: Int = 64

    @Option(help: "Probability an attack class needs to raise an alert.")
    var threshold: Float = 0.5

    @Option(name: .customLong("interface"), help: "Also run the packet sensor on this interface (repeat for several; needs capture privileges).")
    var interfaces: [String] = []

    @Option(name: .customLong("pcap"), help: "Also replay this capture file through the packet sensor (repeat for several).")
    var pcaps: [String] = []

    @Option(help: "Packet sensor: BPF filter for --interface (e.g. 'not port 8080').")
    var filter: String?

    @Option(help: "Packet sensor windows: host (names attacker and victim) or cic (global, as the dataset).")
    var mode: WindowMode = .host

    @Option(help: "Packet sensor: packets per window.")
    var window: Int = 10

    @Option(help: "Packet sensor: replay --pcap files at this multiple of their recorded pace (default: as fast as possible).")
    var replaySpeed: Double?

    @OptionGroup var response: ResponseArguments

    func validate() throws {
        do { try settings().validate() } catch let error as ConfigurationError { throw ValidationError(error.description) }
        if !(interfaces.isEmpty && pcaps.isEmpty), model == nil {
            throw ValidationError("--interface and --pcap need --model (the packet sensor scores windows with it)")
        }
        guard window > 0 else { throw ValidationError("--window must be at least 1") }
    }

    /// The packet sensor's settings (windows, thresholds, replay pace).
    func sensorOptions() -> SensorOptions {
        var options = SensorOptions()
        options.mode = mode
        options.windowSize = window
        options.threshold = threshold
        options.replaySpeed = replaySpeed
        return options
    }

    func settings() -> ServiceConfiguration {
        var settings = ServiceConfiguration()
        settings.host = host
        settings.port = port
        store.apply(to: &settings)
        settings.authenticationEnabled = !noAuth
        settings.maxBodyBytes = maxBodyBytes
        settings.maxRecords = maxRecords
        settings.maxInFlight = maxInFlight
        settings.alertThreshold = threshold
        return settings
    }

    func run() async throws {
        var configuration = settings()
        configuration.responsePolicy = try response.load()
        configuration.applyBlocks = response.applyBlocks
        var scorer: (any WindowScorer)?
        if let model {
            do { scorer = try loadScorer(path: model) } catch { throw RuntimeError(String(describing: error)) }
        }
        let service: IoTShieldService
        do {
            service = try IoTShieldService(configuration: configuration, scorer: scorer, scorerOrigin: model)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        } catch {
            throw RuntimeError("cannot open the alert store: \(error)")
        }
        var logger = Logger(label: "iotshield.serve")
        logger.logLevel = .warning
        let host = self.host
        let modelText = scorer?.modelIdentifier ?? "none (POST /v1/model to load one)"
        let sources = interfaces.map(CaptureSensors.Source.interface) + pcaps.map(CaptureSensors.Source.pcap)
        var sensors: CaptureSensors?
        if let scorer, !sources.isEmpty {
            do {
                sensors = try CaptureSensors.start(sources, filter: filter, scorer: scorer, options: sensorOptions(), service: service)
            } catch {
                throw RuntimeError(String(describing: error))
            }
        }
        let sensorText = sources.isEmpty ? "" : "; sensor on \(sources.map(\.description).joined(separator: ", "))"
        do {
            try await service.run(logger: logger) { port in
                // Written unbuffered: a parent process waits for this line to learn the port.
                let line = "listening on http://\(host):\(port) (model: \(modelText); store: \(service.store.location)\(sensorText))\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            }
        } catch {
            await sensors?.stop()
            throw error
        }
        await sensors?.stop()  // flushes open windows and incidents into the store
    }
}
