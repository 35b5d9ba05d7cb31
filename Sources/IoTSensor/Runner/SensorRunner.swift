import Foundation

/// Runs the sensor: packets (capture files or a live interface) → decode → windows →
/// detector → incidents → EVE lines, the durable store and (optionally) a features CSV.
///
/// Two threads: the calling thread reads, decodes and builds windows; a scoring thread
/// scores them in batches and does everything after (incidents, store, EVE, features CSV),
/// in capture order. Batches of up to `batchLimit` windows are handed over through a
/// bounded queue, so memory stays bounded when scoring falls behind. A batch is handed over
/// when it is full, before the replay loop sleeps, when it is `batchAge` old (live), and at
/// the end, so alert latency stays at the scale of one batch's scoring time.
///
/// An incident is written to the EVE file and the store when it opens, and again with its
/// final counts when it closes (`event: closed`). A live capture stops when `stop()` is
/// called (e.g. on SIGINT/SIGTERM), after flushing open windows and incidents.
///
/// Alert latency (`SensorSummary.alertLatencyMilliseconds`) runs from when the packet that
/// completed the alerting window was seen to when its incident was in the store and the EVE
/// file: seen = the packet's due time in replay (`--replay-speed`; a loop that falls behind
/// counts its lag), its kernel timestamp live, and the moment it was read otherwise.
public final class SensorRunner: @unchecked Sendable {
    /// Windows per batch handed to the scoring thread: few enough that an alert waits for one
    /// batch's scoring at most (the forest scores them as one block, on one core; the capture
    /// thread has the other), many enough that each tree is walked over a batch while cached.
    static let batchLimit = 512
    /// Live capture: a partial batch older than this (nanoseconds) is handed over.
    static let batchAge: UInt64 = 1_000_000
    /// Batches waiting for the scoring thread at most.
    static let queueCapacity = 4

    public let options: SensorOptions
    /// Scoring-thread state (touched only by the scoring thread while a source runs).
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
    private var lastIncidentSweep = -Double.infinity
    /// Shared between the threads (under `lock`).
    private let lock = NSLock()
    private var stopRequested = false
    private var currentSource: PcapSource?
    private var progress = (alerts: 0, incidents: 0)
    /// Capture-thread state: status line, and what the sources before this one held.
    private var lastStatus = Date.distantPast
    private var lastProgress = Date()
    private var previous = (frames: 0, windows: 0)
    private let started = Date()

    /// Called on the scoring thread after incidents were stored: those opened, then those
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
        lock.lock()
        stopRequested = true
        let source = currentSource
        lock.unlock()
        source?.breakLoop()
    }

    private var shouldStop: Bool {
        lock.lock(); defer { lock.unlock() }
        return stopRequested
    }

    /// Processes capture files one after the other (windows restart per file).
    public func run(pcaps: [String]) throws -> SensorSummary {
        if ownsResponse { response?.start() }
        do {
            for path in pcaps where !shouldStop {
                try run(source: try PcapSource.file(path), live: false)
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
        do { try run(source: source, live: true) } catch {
            if ownsResponse { response?.stop() }
            throw error
        }
        summary.kernelDrops = source.droppedByKernel
        return finish()
    }

    /// One source: this thread captures and builds windows, a scoring thread does the rest.
    /// - Throws: what opening or reading the source throws (a damaged file is reported in the
    ///   summary instead), or the first error of the scoring thread (e.g. the store failing).
    private func run(source: PcapSource, live: Bool) throws {
        lock.lock(); currentSource = source; lock.unlock()
        defer { lock.lock(); currentSource = nil; lock.unlock() }
        summary.sources.append(source.name)
        let queue = WindowBatchQueue(capacity: Self.queueCapacity)
        let scoring = ScoringThread(runner: self, queue: queue)
        scoring.start()
        var capture = CaptureStatistics()
        var captureError: Error?
        do {
            capture = try readPackets(source, live: live, into: queue)
        } catch {
            captureError = error
        }
        queue.close()
        let scoringError = scoring.join()
        if let captureError { throw captureError }
        if let scoringError { throw scoringError }
        summary.capture.merge(capture)
        progress(source, CaptureStatistics(), finished: true)
    }

    /// The capture loop: read → decode → windows, handing batches to `queue`.
    private func readPackets(_ source: PcapSource, live: Bool, into queue: WindowBatchQueue) throws -> CaptureStatistics {
        var extractor = FeatureExtraction.extractor(
            mode: options.mode, windowSize: options.windowSize, idleTimeout: options.idleTimeout, maximumHosts: options.maximumHosts)
        var batch = WindowBatch(capacity: Self.batchLimit)
        var batchStarted: UInt64 = 0
        var captureTime = -Double.infinity
        var windows = 0
        func handOver() {
            batch.captureTime = captureTime
            windows += batch.windows.count
            queue.put(batch)
            batch = WindowBatch(capacity: Self.batchLimit)
        }
        let replaySpeed = live ? nil : options.replaySpeed.flatMap { $0 > 0 ? $0 : nil }
        var origin: Double?
        let replayStart = DispatchTime.now().uptimeNanoseconds
        var capture = CaptureStatistics()
        var polls = 0
        do {
            try source.forEachPacket(shouldStop: {
                // Called before every read (live: also after each read time-out).
                if live {
                    if !batch.isEmpty, DispatchTime.now().uptimeNanoseconds &- batchStarted >= Self.batchAge { handOver() }
                } else {
                    polls &+= 1
                    if polls & 1023 != 0 { return false }  // a file: look at the stop flag every 1,024 packets
                }
                return self.shouldStop
            }) { packet in
                let timestamp = packet.timestamp
                var seen = DispatchTime.now().uptimeNanoseconds
                if let speed = replaySpeed {
                    let first = origin ?? timestamp
                    origin = first
                    let due = replayStart &+ UInt64(max(0, (timestamp - first) / speed * 1e9))
                    if due > seen {
                        if !batch.isEmpty { handOver() }
                        if due - seen > 500_000 { Thread.sleep(forTimeInterval: min(Double(due - seen) / 1e9, 1)) }
                    }
                    seen = min(DispatchTime.now().uptimeNanoseconds, due)
                } else if live {
                    let lag = Date().timeIntervalSince1970 - timestamp
                    if lag > 0, lag < 60 { seen -= UInt64(lag * 1e9) }
                }
                captureTime = max(captureTime, timestamp)
                let decoded = PacketDecoder.decode(packet.bytes, linkType: source.linkType)
                capture.count(decoded)
                extractor.add(decoded, timestamp: timestamp) { window in
                    if batch.isEmpty { batchStarted = seen }
                    batch.append(window, seenAt: seen)
                }
                if batch.windows.count >= Self.batchLimit { handOver() }
                if options.showStatus { status(capture, windows: windows + batch.windows.count, source: source.name) }
                if onProgress != nil, capture.frames & 63 == 0 { progress(source, capture, finished: false) }
                return true
            }
        } catch let error as CaptureError {
            guard case .truncated = error else { throw error }
            capture.damage = error.description
        }
        let seen = DispatchTime.now().uptimeNanoseconds
        extractor.finish { batch.append($0, seenAt: seen) }
        batch.isLast = true
        handOver()
        capture.record(extractor)
        capture.windows = 0  // counted by the scoring thread
        previous.frames += capture.frames
        previous.windows += windows
        return capture
    }

    /// Reports progress through `onProgress` (at most once a second unless `finished`), from the
    /// capture thread. `current` holds the counts of the source being read, not yet in `previous`.
    private func progress(_ source: PcapSource, _ current: CaptureStatistics, finished: Bool) {
        guard let onProgress else { return }
        let now = Date()
        guard finished || now.timeIntervalSince(lastProgress) >= 1 else { return }
        lastProgress = now
        lock.lock()
        let (alerts, incidents) = progress
        lock.unlock()
        onProgress(SensorProgress(
            source: source.name, packets: previous.frames + current.frames, windows: previous.windows,
            windowAlerts: alerts, incidents: incidents, kernelDrops: source.droppedByKernel,
            seconds: now.timeIntervalSince(started), finished: finished))
    }

    /// Scoring thread: one batch — score, alert, fold into incidents, write.
    fileprivate func score(_ batch: WindowBatch) throws {
        var opened: [(incident: Incident, window: Int)] = []
        var closed: [Incident] = []
        summary.capture.windows += batch.windows.count
        if let features { for window in batch.windows { try features.write(window) } }
        detector.inspect(batch.windows) { index, alert in
            summary.windowAlerts += 1
            summary.windowAlertsPerFamily[alert.family, default: 0] += 1
            if case let .opened(incident) = incidents.add(alert, closed: &closed) { opened.append((incident, index)) }
        }
        if batch.isLast {
            closed += incidents.closeAll()
        } else if batch.captureTime - lastIncidentSweep >= min(1, options.incidentGap) {
            closed += incidents.closeIdle(now: batch.captureTime)
            lastIncidentSweep = batch.captureTime
        }
        lock.lock()
        progress.alerts = summary.windowAlerts
        progress.incidents = summary.incidents + opened.count
        lock.unlock()
        guard !opened.isEmpty || !closed.isEmpty else { return }
        let all = opened.map(\.incident) + closed
        if let response { try response.record(all) } else { try store?.record(all) }
        for (incident, _) in opened { try writeEVE(incident, event: "opened") }
        for incident in closed { try writeEVE(incident, event: "closed") }
        let written = DispatchTime.now().uptimeNanoseconds
        onIncidents?(opened.map(\.incident), closed)
        summary.incidents += opened.count
        for (incident, window) in opened {
            summary.incidentsPerFamily[incident.family, default: 0] += 1
            if latencies.count < 1_000_000 { latencies.append(Double(written &- batch.seenAt[window]) / 1e6) }
        }
    }

    private func writeEVE(_ incident: Incident, event: String) throws {
        guard let eve else { return }
        let line = try EVEAlert(incident: incident, event: event, classIndex: classIndex[incident.className] ?? 0).jsonLine() + "\n"
        try eve.write(contentsOf: Data(line.utf8))
    }

    private func status(_ capture: CaptureStatistics, windows: Int, source: String) {
        let now = Date()
        guard now.timeIntervalSince(lastStatus) >= 0.5 else { return }
        lastStatus = now
        lock.lock()
        let (alerts, incidents) = progress
        lock.unlock()
        let elapsed = max(now.timeIntervalSince(started), 1e-6)
        let packets = previous.frames + capture.frames, windows = previous.windows + windows
        let line = String(format: "\r%@: %d packets (%.0f/s)  %d windows (%.0f/s)  %d alerts  %d incidents   ",
                          source, packets, Double(packets) / elapsed, windows, Double(windows) / elapsed, alerts, incidents)
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
        summary.incidentsClosedForRoom = incidents.closedForRoom
        for (index, name) in detector.scorer.classNames.enumerated() where detector.predictionsPerClass[index] > 0 {
            summary.predictionsPerClass[name] = detector.predictionsPerClass[index]
        }
        summary.seconds = Date().timeIntervalSince(started)
        if !latencies.isEmpty {
            let sorted = latencies.sorted()
            func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)] }
            summary.alertLatencyMilliseconds = ["p50": percentile(0.5), "p99": percentile(0.99), "max": sorted.last ?? 0]
        }
        return summary
    }

    /// The scoring thread of one source: takes batches until the queue closes; on an error it
    /// stops the capture, closes the queue and keeps the error for `join`.
    private final class ScoringThread: @unchecked Sendable {
        private unowned let runner: SensorRunner
        private let queue: WindowBatchQueue
        private let done = DispatchSemaphore(value: 0)
        private var error: Error?

        init(runner: SensorRunner, queue: WindowBatchQueue) {
            self.runner = runner
            self.queue = queue
        }

        func start() {
            let thread = Thread { [self] in
                while let batch = queue.take() {
                    do {
                        try runner.score(batch)
                    } catch {
                        self.error = error
                        runner.stop()
                        queue.close()
                        break
                    }
                }
                done.signal()
            }
            thread.name = "iotshield-scoring"
            thread.stackSize = 1 << 22
            thread.start()
        }

        /// Waits for the thread to finish; its error, if any.
        func join() -> Error? {
            done.wait()
            return error
        }
    }
}
