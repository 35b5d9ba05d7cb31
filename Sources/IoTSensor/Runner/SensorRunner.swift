import Foundation

/// Runs the sensor: packets (capture files or a live interface) → decode → windows →
/// detector → incidents → EVE lines, the durable store and (optionally) a features CSV.
///
/// An incident is written to the EVE file and the store when it opens, and again with its
/// final counts when it closes (`event: closed`). Everything runs on the calling thread; a
/// live capture stops when `stop()` is called (e.g. on SIGINT/SIGTERM), after flushing
/// open windows and incidents.
public final class SensorRunner: @unchecked Sendable {
    public let options: SensorOptions
    private var detector: Detector
    private var incidents: IncidentAggregator
    private let store: AlertStore?
    private let response: ResponseEngine?
    /// `false` when the response engine belongs to the caller (not started or stopped here).
    private let ownsResponse: Bool
    private let eve: FileHandle?
    private let features: FeatureCSVWriter?
    private let classIndex: [String: Int]
    private var summary = SensorSummary()
    private var latencies: [Double] = []
    private let stopLock = NSLock()
    private var stopRequested = false
    private var currentSource: PcapSource?
    private var lastStatus = Date.distantPast
    private var lastProgress = Date()
    private let started = Date()

    /// Called on the capture thread after incidents were stored: those opened, then those
    /// closed by this batch of windows. Set before `run`.
    public var onIncidents: (@Sendable (_ opened: [Incident], _ closed: [Incident]) -> Void)?
    /// Called on the capture thread about once a second while packets arrive, and when each
    /// source ends. Set before `run`.
    public var onProgress: (@Sendable (SensorProgress) -> Void)?

    /// - Parameter store: the alert store to write to; `nil` opens `options.database` (if set).
    /// - Parameter sharedResponse: a response engine owned (started, stopped) by the caller,
    ///   e.g. the service's; used instead of one built from `options.responsePolicy`.
    public init(scorer: any WindowScorer, options: SensorOptions, store: AlertStore? = nil,
                sharedResponse: ResponseEngine? = nil) throws {
        self.options = options
        detector = Detector(scorer: scorer, threshold: options.threshold, familyThresholds: options.familyThresholds)
        // Start time in ms plus a random tag: runs sharing a database never reuse an incident id.
        let run = "\(Int64(Date().timeIntervalSince1970 * 1000))-\(String(UInt16.random(in: 0...UInt16.max), radix: 16))"
        incidents = IncidentAggregator(gap: options.incidentGap, modelIdentifier: scorer.modelIdentifier, runIdentifier: run)
        self.store = try store ?? options.database.map { try AlertStore(path: $0) }
        ownsResponse = sharedResponse == nil
        if let sharedResponse {
            response = sharedResponse
        } else if let policy = options.responsePolicy {
            guard let store = self.store else {
                throw ResponsePolicyError(file: policy.origin, field: "",
                                          reason: "a response policy needs the alert store (--db): the webhook outbox and the blocks live there")
            }
            response = ResponseEngine(policy: policy, store: store, applyBlocks: options.applyBlocks)
        } else {
            response = nil
        }
        if let path = options.eveOutput {
            if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw CaptureError.cannotOpen(source: path, reason: "cannot open the alert output for writing")
            }
            handle.seekToEndOfFile()
            eve = handle
        } else {
            eve = nil
        }
        features = try options.featuresOutput.map { try FeatureCSVWriter(path: $0, hostColumns: options.mode == .host) }
        classIndex = Dictionary(uniqueKeysWithValues: scorer.classNames.enumerated().map { ($1, $0) })
    }

    /// Asks a running capture loop to finish (thread-safe).
    public func stop() {
        stopLock.lock()
        stopRequested = true
        let source = currentSource
        stopLock.unlock()
        source?.breakLoop()
    }

    private var shouldStop: Bool {
        stopLock.lock(); defer { stopLock.unlock() }
        return stopRequested
    }

    /// Processes capture files one after the other (windows restart per file).
    public func run(pcaps: [String]) throws -> SensorSummary {
        if ownsResponse { response?.start() }
        do {
            for path in pcaps where !shouldStop {
                try run(source: try PcapSource.file(path), replay: true)
            }
        } catch {
            if ownsResponse { response?.stop() }
            throw error
        }
        return finish()
    }

    /// Captures from a live interface until `stop()`.
    public func run(interface: String, filter: String?, snapLength: Int32 = 65535, promiscuous: Bool = true) throws -> SensorSummary {
        let source = try PcapSource.live(interface: interface, snapLength: snapLength, promiscuous: promiscuous, filter: filter)
        if ownsResponse { response?.start() }
        do { try run(source: source, replay: false) } catch {
            if ownsResponse { response?.stop() }
            throw error
        }
        summary.kernelDrops = source.droppedByKernel
        return finish()
    }

    private func run(source: PcapSource, replay: Bool) throws {
        stopLock.lock(); currentSource = source; stopLock.unlock()
        defer { stopLock.lock(); currentSource = nil; stopLock.unlock() }
        summary.sources.append(source.name)
        var extractor = FeatureExtraction.extractor(
            mode: options.mode, windowSize: options.windowSize, idleTimeout: options.idleTimeout, maximumHosts: options.maximumHosts)
        var pending: [CICWindow] = []
        var firstCapture: Double?
        let replayStart = Date()
        var capture = CaptureStatistics()
        do {
            try source.forEachPacket(shouldStop: { self.shouldStop }) { packet in
                let timestamp = packet.timestamp
                if replay, let speed = options.replaySpeed, speed > 0 {
                    let origin = firstCapture ?? timestamp
                    firstCapture = origin
                    let due = (timestamp - origin) / speed - Date().timeIntervalSince(replayStart)
                    if due > 0.0005 { Thread.sleep(forTimeInterval: min(due, 1)) }
                }
                let seen = DispatchTime.now().uptimeNanoseconds
                let decoded = PacketDecoder.decode(packet.bytes, linkType: source.linkType)
                capture.count(decoded)
                extractor.add(decoded, timestamp: timestamp) { pending.append($0) }
                if !pending.isEmpty {
                    try handle(pending, seenAt: seen, now: timestamp)
                    pending.removeAll(keepingCapacity: true)
                }
                if options.showStatus { status(capture) }
                if onProgress != nil, capture.frames & 63 == 0 { progress(source, capture, finished: false) }
                return !shouldStop
            }
        } catch let error as CaptureError {
            guard case .truncated = error else { throw error }
            capture.damage = error.description
        }
        extractor.finish { pending.append($0) }
        try handle(pending, seenAt: DispatchTime.now().uptimeNanoseconds, now: .infinity)
        capture.kept = extractor.keptPackets
        capture.evictions = extractor.evictions
        capture.windows = 0
        summary.capture.merge(capture)
        progress(source, CaptureStatistics(), finished: true)
    }

    /// Reports progress through `onProgress` (at most once a second unless `finished`).
    /// `current` holds the counts of the source being read, not yet merged into the summary.
    private func progress(_ source: PcapSource, _ current: CaptureStatistics, finished: Bool) {
        guard let onProgress else { return }
        let now = Date()
        guard finished || now.timeIntervalSince(lastProgress) >= 1 else { return }
        lastProgress = now
        onProgress(SensorProgress(
            source: source.name, packets: summary.capture.frames + current.frames, windows: summary.capture.windows,
            windowAlerts: summary.windowAlerts, incidents: summary.incidents, kernelDrops: source.droppedByKernel,
            seconds: now.timeIntervalSince(started), finished: finished))
    }

    private func handle(_ windows: [CICWindow], seenAt: UInt64, now: Double) throws {
        var opened: [Incident] = []
        var closed: [Incident] = []
        for window in windows {
            summary.capture.windows += 1
            try features?.write(window)
            guard let alert = detector.inspect(window) else { continue }
            summary.windowAlerts += 1
            summary.windowAlertsPerFamily[alert.family, default: 0] += 1
            if case let .opened(incident) = incidents.add(alert, closed: &closed) { opened.append(incident) }
        }
        closed += now.isInfinite ? incidents.closeAll() : incidents.closeIdle(now: now)
        guard !opened.isEmpty || !closed.isEmpty else { return }
        if let response { try response.record(opened + closed) } else { try store?.record(opened + closed) }
        for incident in opened { try writeEVE(incident, event: "opened") }
        for incident in closed { try writeEVE(incident, event: "closed") }
        onIncidents?(opened, closed)
        if !opened.isEmpty {
            summary.incidents += opened.count
            for incident in opened { summary.incidentsPerFamily[incident.family, default: 0] += 1 }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - seenAt) / 1e6
            if latencies.count < 1_000_000 { latencies.append(elapsed) }
        }
    }

    private func writeEVE(_ incident: Incident, event: String) throws {
        guard let eve else { return }
        let line = try EVEAlert(incident: incident, event: event, classIndex: classIndex[incident.className] ?? 0).jsonLine() + "\n"
        try eve.write(contentsOf: Data(line.utf8))
    }

    private func status(_ capture: CaptureStatistics) {
        let now = Date()
        guard now.timeIntervalSince(lastStatus) >= 0.5 else { return }
        lastStatus = now
        let elapsed = max(now.timeIntervalSince(started), 1e-6)
        let line = String(format: "\r%@: %d packets (%.0f/s)  %d windows (%.0f/s)  %d alerts  %d incidents   ",
                          currentSource?.name ?? "", summary.capture.frames + capture.frames,
                          Double(summary.capture.frames + capture.frames) / elapsed, summary.capture.windows,
                          Double(summary.capture.windows) / elapsed, summary.windowAlerts, summary.incidents)
        FileHandle.standardError.write(Data(line.utf8))
    }

    private func finish() -> SensorSummary {
        if options.showStatus { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        try? features?.close()
        try? eve?.synchronize()
        if let response {
            if ownsResponse { response.stop(drainingFor: options.responseDrainSeconds) }
            summary.response = try? response.report()
        }
        summary.windowsScored = detector.windowsScored
        for (index, name) in detector.scorer.classNames.enumerated() where detector.predictionsPerClass[index] > 0 {
            summary.predictionsPerClass[name] = detector.predictionsPerClass[index]
        }
        summary.seconds = Date().timeIntervalSince(started)
        if !latencies.isEmpty {
            let sorted = latencies.sorted()
            func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))] }
            summary.alertLatencyMilliseconds = ["p50": percentile(0.5), "p99": percentile(0.99), "max": sorted.last ?? 0]
        }
        return summary
    }
}

extension CaptureStatistics {
    mutating func merge(_ other: CaptureStatistics) {
        frames += other.frames
        bytes += other.bytes
        ipv4 += other.ipv4
        arp += other.arp
        ipv6 += other.ipv6
        otherNetwork += other.otherNetwork
        vlanTagged += other.vlanTagged
        malformed += other.malformed
        kept += other.kept
        evictions += other.evictions
        if let damage = other.damage { self.damage = [self.damage, damage].compactMap { $0 }.joined(separator: "; ") }
    }
}
