import Foundation
import IoTSensor

/// Scores ingested records with the current scorer, folds alerts into incidents and stores
/// them before answering — so a client that got its response knows its alerts are on disk
/// (the store syncs each transaction; they survive SIGKILL).
///
/// One engine per service: an actor, because `Detector` and `IncidentAggregator` keep state
/// that batches share (an incident spans requests). Scoring happens before the actor is
/// entered and the store write after it is left (grouped across requests), so only the fold
/// is serial. Incident ids are
/// `<run>-g<scorer generation>-<n>`, unique across restarts and hot reloads.
///
/// Failure modes: `ServiceError.noModel` (no scorer loaded), `ServiceError.storeUnavailable`
/// (the write failed: nothing is published and the client gets 503, so it can retry).
public actor DetectionEngine {
    let store: AlertStore
    let response: ResponseEngine?
    let scorers: ScorerProvider
    let broadcaster: IncidentBroadcaster
    let metrics: ServiceMetrics
    let runIdentifier: String
    let threshold: Float
    let incidentGap: Double
    private var detector: Detector?
    private var aggregator: IncidentAggregator?
    private var generation = 0
    private var sensors: [String: SensorHealth] = [:]
    private var totalRecords = 0
    /// Incident writes of requests in flight, committed together (see `IncidentCommitQueue`).
    private let commits: IncidentCommitQueue

    public init(store: AlertStore, response: ResponseEngine? = nil, scorers: ScorerProvider, broadcaster: IncidentBroadcaster, metrics: ServiceMetrics,
                threshold: Float = 0.5, incidentGap: Double = 60, runIdentifier: String = DetectionEngine.newRunIdentifier()) {
        self.store = store
        self.response = response
        self.scorers = scorers
        self.broadcaster = broadcaster
        self.metrics = metrics
        self.threshold = threshold
        self.incidentGap = incidentGap
        self.runIdentifier = runIdentifier
        commits = IncidentCommitQueue { [metrics] batches in
            let started = ContinuousClock.now
            if let response { try response.record(batches) } else { try store.record(batches) }
            metrics.storeWrite(ContinuousClock.now - started)
        }
    }

    /// `svc-<epoch ms>-<4 hex>`.
    public static func newRunIdentifier() -> String {
        "svc-\(Int64(Date().timeIntervalSince1970 * 1000))-\(String(UInt16.random(in: 0...UInt16.max), radix: 16))"
    }

    /// Scores `records`, folds their alerts into incidents and returns once those are on
    /// disk. Scoring runs outside the actor (concurrent requests score on all cores); only the
    /// fold, which incidents span, is serialised; the store write is grouped with the writes
    /// of other requests in flight (`IncidentCommitQueue`).
    public nonisolated func ingest(_ records: [FlowRecord], receivedAt: Double = Date().timeIntervalSince1970) async throws -> IngestResponse {
        let (scorer, scorerGeneration) = await scorers.current()
        guard let scorer else { throw ServiceError.noModel }
        let windows = records.map { record in
            let time = record.timestamp ?? receivedAt
            return CICWindow(values: record.features, packetCount: 0, firstTimestamp: time, lastTimestamp: time)
        }
        var features: [Float] = [], probabilities: [Float] = []
        Detector.score(windows, with: scorer, features: &features, into: &probabilities)
        let (answer, ticket) = try await fold(records, windows: windows, scorer: scorer, generation: scorerGeneration,
                                               probabilities: probabilities, receivedAt: receivedAt)
        do {
            try await commits.wait(ticket)
        } catch {
            throw ServiceError.storeUnavailable("incident write failed")
        }
        return answer
    }

    /// The serialised part of `ingest`: decisions, incidents, tallies, and the queued write.
    /// `probabilities` came from `scorer`; should a newer scorer have been installed since
    /// (a hot reload during the request), the rows are scored again with the detector's.
    private func fold(_ records: [FlowRecord], windows: [CICWindow], scorer: any WindowScorer, generation scorerGeneration: Int,
                      probabilities scored: [Float], receivedAt: Double) throws -> (IngestResponse, Int) {
        if scorerGeneration > generation || detector == nil {
            detector = Detector(scorer: scorer, threshold: threshold)
            aggregator = IncidentAggregator(gap: incidentGap, modelIdentifier: scorer.modelIdentifier,
                                            runIdentifier: "\(runIdentifier)-g\(scorerGeneration)")
            generation = scorerGeneration
        }
        guard var detector, var aggregator else { throw ServiceError.noModel }
        let activeScorer = detector.scorer
        let classNames = detector.classNames, families = detector.families, benignClass = detector.benignClass
        var probabilities = scored
        if scorerGeneration != generation {
            var features: [Float] = []
            Detector.score(windows, with: activeScorer, features: &features, into: &probabilities)
        }
        _ = aggregator.closeIdle(now: receivedAt)

        var predictions: [Prediction] = []
        predictions.reserveCapacity(records.count)
        var predictionsPerClass = [Int](repeating: 0, count: classNames.count)
        var changed: [String: (incident: Incident, opened: Bool, source: String)] = [:]
        var order: [String] = []
        var closed: [Incident] = []
        let protocolNumbers = records.map { Int($0.features[1].rounded()) }
        detector.decide(windows, probabilities: probabilities, protocolNumbers: protocolNumbers) { index, best, probability, raised in
            let record = records[index]
            var incidentID: String?
            if var alert = raised {
                alert.source = record.sourceIP.flatMap(parseIPv4)
                alert.destination = record.destinationIP.flatMap(parseIPv4)
                let change = aggregator.add(alert, closed: &closed)
                let (incident, opened): (Incident, Bool)
                switch change {
                case .opened(let value): (incident, opened) = (value, true)
                case .updated(let value): (incident, opened) = (value, false)
                }
                incidentID = incident.id
                if let previous = changed[incident.id] {
                    changed[incident.id] = (incident, previous.opened || opened, previous.source)
                } else {
                    order.append(incident.id)
                    changed[incident.id] = (incident, opened, record.sensor ?? "ingest")
                }
            }
            predictionsPerClass[best] += 1
            predictions.append(Prediction(
                record: index, class: classNames[best], family: families[best], probability: probability,
                is_attack: best != benignClass, incident_id: incidentID, src_ip: record.sourceIP,
                dest_ip: record.destinationIP, sensor: record.sensor))
        }
        self.detector = detector
        self.aggregator = aggregator
        for (index, count) in predictionsPerClass.enumerated() where count > 0 {
            metrics.prediction(className: classNames[index], count: count)
        }

        let ordered = order.compactMap { changed[$0] }
        var batches: [IncidentBatch] = []
        for source in Set(ordered.map(\.source)).sorted() {
            batches.append(IncidentBatch(incidents: ordered.filter { $0.source == source }.map(\.incident), source: source))
        }
        metrics.ingested(records: records.count)
        totalRecords += records.count
        // Per run of records from the same sensor (a batch is usually one sensor's): one
        // dictionary update per run, not two per record.
        var start = 0
        while start < records.count {
            let sensor = records[start].sensor
            var end = start, attacks = 0
            while end < records.count, records[end].sensor == sensor {
                if predictions[end].is_attack { attacks += 1 }
                end += 1
            }
            let name = sensor ?? "(unnamed)"
            var health = sensors[name] ?? SensorHealth(sensor: name, records: 0, attacks: 0, last_seen: receivedAt)
            health.records += end - start
            health.attacks += attacks
            health.last_seen = receivedAt
            sensors[name] = health
            start = end
        }
        let events = ordered.map { IncidentEvent(event: $0.opened ? "opened" : "updated", incident: $0.incident) }
        let opened = ordered.filter(\.opened).map(\.incident.family)
        let (metrics, broadcaster) = (self.metrics, self.broadcaster)
        let ticket = commits.enqueue(batches) {
            for family in opened { metrics.alert(family: family) }
            broadcaster.publish(events)
        }
        let answer = IngestResponse(
            model_id: activeScorer.modelIdentifier, records: records.count, attacks: predictions.filter(\.is_attack).count,
            incidents: order, predictions: predictions)
        return (answer, ticket)
    }
}

extension DetectionEngine {
    /// Records ingested since start and the per-sensor tallies, for the dashboard.
    public func snapshot() -> (records: Int, sensors: [SensorHealth]) {
        (totalRecords, sensors.values.sorted { $0.sensor < $1.sensor })
    }
}

extension DetectionEngine {
    /// Folds the progress of a packet sensor running inside the service into its health entry
    /// (named `capture:<source>`): packets, packets/s since the previous report, windows,
    /// attack windows, kernel drops.
    public func recordCapture(_ progress: SensorProgress, at time: Double = Date().timeIntervalSince1970) {
        let name = "capture:" + progress.source
        var health = sensors[name] ?? SensorHealth(sensor: name, records: 0, attacks: 0, last_seen: time)
        let previousPackets = health.packets ?? 0
        let previousTime = health.last_seen
        metrics.capture(source: progress.source, packets: progress.packets - previousPackets,
                        windows: progress.windows - health.records, kernelDrops: progress.kernelDrops)
        health.packets = progress.packets
        health.records = progress.windows
        health.attacks = progress.windowAlerts
        health.kernel_drops = progress.kernelDrops
        if progress.finished {
            health.packets_per_second = 0
        } else if time > previousTime {
            health.packets_per_second = Double(progress.packets - previousPackets) / (time - previousTime)
        }
        health.finished = progress.finished
        health.last_seen = time
        sensors[name] = health
    }
}

/// Health of one sensor: a remote collector (the `sensor` field of its records; `records` =
/// records ingested) or a packet sensor inside the service (`capture:<interface or file>`;
/// `records` = windows scored, plus packets, packets/s and kernel drops).
public struct SensorHealth: Codable, Sendable, Equatable {
    public var sensor: String
    public var records: Int
    public var attacks: Int
    public var last_seen: Double
    public var packets: Int?
    public var packets_per_second: Double?
    public var kernel_drops: Int?
    /// Capture sensors: the source has ended (a replayed file, or a stopped interface).
    public var finished: Bool?
}

/// Host-order IPv4 from dotted-quad text; `nil` for anything else (IPv6 is not attributed).
func parseIPv4(_ text: String) -> UInt32? {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 4 else { return nil }
    var value: UInt32 = 0
    for part in parts {
        guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let octet = UInt32(part), octet <= 255 else { return nil }
        value = value << 8 | octet
    }
    return value
}
