import Foundation
import IoTSensor

/// Packet sensors running inside the service (`iotshield serve --interface IF --pcap FILE`):
/// one `SensorRunner` per source on a thread of its own, writing incidents to the service's
/// alert store and publishing them to the live push (dashboard, WebSocket subscribers) and
/// the metrics; their progress (packets, packets/s, kernel drops) becomes sensor health on the
/// dashboard and `/v1/stats`.
///
/// Sources are opened by `start` — an interface that cannot be captured from (no such device,
/// no privileges) or an unreadable capture is an error there, before any thread starts. A
/// source that fails later is logged on stderr and stops on its own; the others go on.
/// The sensors use the model they were started with (a hot reload through `POST /v1/model`
/// changes the ingest path only).
public final class CaptureSensors: Sendable {
    /// Where packets come from.
    public enum Source: Sendable, Equatable, CustomStringConvertible {
        case interface(String)
        case pcap(String)

        public var description: String {
            switch self {
            case let .interface(name): return name
            case let .pcap(path): return path
            }
        }
    }

    private let runners: [SensorRunner]
    private let done = DispatchGroup()

    private init(runners: [SensorRunner]) {
        self.runners = runners
    }

    /// Checks every source, then starts one runner thread per source.
    /// - Parameters:
    ///   - filter: BPF filter for live interfaces.
    ///   - options: window mode/size, thresholds, replay speed (`database` is ignored: the
    ///     service's store is used).
    /// - Throws: `CaptureError` naming the source that cannot be opened.
    public static func start(_ sources: [Source], filter: String?, scorer: any WindowScorer, options: SensorOptions,
                             service: IoTShieldService) throws -> CaptureSensors {
        for source in sources {
            switch source {
            case let .interface(name): _ = try PcapSource.live(interface: name, filter: filter)
            case let .pcap(path): _ = try PcapSource.file(path)
            }
        }
        var runners: [SensorRunner] = []
        for _ in sources {
            var sourceOptions = options
            sourceOptions.database = nil
            sourceOptions.eveOutput = nil
            sourceOptions.featuresOutput = nil
            sourceOptions.showStatus = false
            // Incidents go through the service's response engine (webhooks, blocks), if any.
            runners.append(try SensorRunner(scorer: scorer, options: sourceOptions, store: service.store,
                                            sharedResponse: service.response))
        }
        let sensors = CaptureSensors(runners: runners)
        for (source, runner) in zip(sources, runners) {
            runner.onIncidents = { [broadcaster = service.broadcaster, metrics = service.metrics] opened, closed in
                for incident in opened { metrics.alert(family: incident.family) }
                broadcaster.publish(opened.map { IncidentEvent(event: "opened", incident: $0) }
                                    + closed.map { IncidentEvent(event: "closed", incident: $0) })
            }
            // One ordered stream per runner: reports reach the engine in the order they were made.
            let (reports, reporter) = AsyncStream.makeStream(of: SensorProgress.self, bufferingPolicy: .bufferingNewest(16))
            runner.onProgress = { reporter.yield($0) }
            Task { [engine = service.engine] in
                for await progress in reports { await engine.recordCapture(progress) }
            }
            sensors.done.enter()
            let thread = Thread { [done = sensors.done] in
                defer {
                    reporter.finish()
                    done.leave()
                }
                do {
                    switch source {
                    case let .interface(name): _ = try runner.run(interface: name, filter: filter)
                    case let .pcap(path): _ = try runner.run(pcaps: [path])
                    }
                } catch {
                    FileHandle.standardError.write(Data("iotshield serve: sensor on \(source) stopped: \(error)\n".utf8))
                }
            }
            thread.name = "iotshield-sensor-\(source)"
            thread.start()
        }
        return sensors
    }

    /// Stops every live capture (replays stop at their next packet), flushes open windows and
    /// incidents, and waits up to `timeout` for the threads to end (without blocking a thread
    /// of the concurrency pool).
    /// - Returns: `false` if some thread was still running at the deadline.
    @discardableResult
    public func stop(timeout: Duration = .seconds(10)) async -> Bool {
        for runner in runners { runner.stop() }
        let deadline = ContinuousClock.now + timeout
        while done.wait(timeout: .now()) == .timedOut {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// Waits until every source has ended (capture files: end of file), without blocking a
    /// thread of the concurrency pool.
    public func waitUntilFinished() async {
        while done.wait(timeout: .now()) == .timedOut {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
