import Foundation

/// Turns stored incidents into responses by a `ResponsePolicy`: webhook deliveries through
/// a durable outbox, and nftables blocks of attacking addresses (never an allowlisted one).
///
/// `record` stores incidents and decides their actions in one store transaction, then
/// returns: it never waits on the network, the blocklist file or `nft`. A background worker
/// (`start`/`stop`) drains the outbox, lifts expired blocks and rewrites (and, with
/// `applyBlocks`, applies) the blocklist. Deliveries survive a restart: a new engine on the
/// same database sends what the old one had not. Every action lands in `response_action`
/// with its incident (`AlertStore.actions(incidentID:)`).
///
/// Thread-safe. Times are wall-clock epoch seconds from `clock` (injectable for tests).
public final class ResponseEngine: @unchecked Sendable {
    public let policy: ResponsePolicy
    public let store: AlertStore
    public let allowlist: Allowlist
    let clock: @Sendable () -> Double
    let writer: NFTablesWriter?
    let deliverer: WebhookDeliverer?
    private let payloadEncoder: JSONEncoder

    // Worker state (ResponseEngine+Worker.swift), guarded by `condition`.
    let condition = NSCondition()
    var worker: Thread?
    var stopRequested = false
    var drainDeadline = 0.0
    var wakeRequested = false
    /// The blocklist file must be rewritten (true at start when there is one: it is rebuilt from the store).
    var blocksDirty = true
    /// Incidents whose blocks were added since the last write (they get `applied`/`apply_failed`).
    var blockIncidents: [String] = []
    let finished = DispatchSemaphore(value: 0)
    /// Serialises passes (the worker's and direct `runPass` calls).
    let passLock = NSLock()
    var tallies = ResponseTallies()
    public internal(set) var lastError: String?

    /// - Parameters:
    ///   - allowlist: the addresses never blocked; default: the policy's (configured ranges,
    ///     plus the default gateways and this machine's addresses unless the policy turns them off).
    ///   - applyBlocks: run `nft -f` after each blocklist change (`--apply-blocks`).
    public init(policy: ResponsePolicy, store: AlertStore, applyBlocks: Bool = false, allowlist: Allowlist? = nil,
                clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.policy = policy
        self.store = store
        self.allowlist = allowlist ?? policy.allowlist.build()
        self.clock = clock
        writer = policy.blocklist.map { NFTablesWriter(settings: $0, applies: applyBlocks) }
        deliverer = policy.webhook.map { WebhookDeliverer(settings: $0, store: store) }
        blocksDirty = writer != nil
        payloadEncoder = JSONEncoder()
        payloadEncoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        payloadEncoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    }

    /// Stores `incidents` (new or updated) and, in the same transaction, queues the webhook
    /// delivery and makes the block decision of each incident that now meets its family's
    /// policy for the first time. O(incidents) store statements; wakes the worker.
    /// - Throws: the store's error; then nothing was written.
    public func record(_ incidents: [Incident], source: String = "sensor") throws {
        try record([IncidentBatch(incidents: incidents, source: source)])
    }

    /// `record(_:source:)` for several batches in one transaction, in order.
    public func record(_ batches: [IncidentBatch]) throws {
        guard batches.contains(where: { !$0.incidents.isEmpty }) else { return }
        let now = clock()
        var decided = ResponseTallies()
        var blocked: [String] = []
        try store.record(batches) { db in
            decided = ResponseTallies()
            blocked = []
            for incident in batches.lazy.flatMap(\.incidents) {
                guard let family = policy.policy(forFamily: incident.family), family.applies(to: incident) else { continue }
                if family.actions.contains(.webhook), try queueWebhook(incident, family: family, now: now, in: db) { decided.webhooksQueued += 1 }
                if family.actions.contains(.block), let added = try decideBlock(incident, family: family, now: now, in: db) {
                    if added { decided.blocksAdded += 1; blocked.append(incident.id) } else { decided.blocksSkipped += 1 }
                }
            }
        }
        guard decided != ResponseTallies() else { return }
        condition.lock()
        tallies.add(decided)
        if !blocked.isEmpty { blocksDirty = true; blockIncidents += blocked }
        wakeRequested = true
        condition.signal()
        condition.unlock()
    }

    /// What `record` decided since this engine started (deliveries are counted in the store:
    /// `AlertStore.outboxCounts()`).
    public var decisions: ResponseTallies {
        condition.lock(); defer { condition.unlock() }
        return tallies
    }

    private func queueWebhook(_ incident: Incident, family: FamilyPolicy, now: Double, in db: any StoreConnection) throws -> Bool {
        guard let webhook = policy.webhook else { return false }
        let payload = String(decoding: try payloadEncoder.encode(incident), as: UTF8.self)
        guard try AlertStore.enqueueDelivery(incidentID: incident.id, url: webhook.url.description, payload: payload, now: now, in: db) else {
            return false
        }
        let detail = "\(incident.family) policy (p ≥ \(family.minimumProbability), windows ≥ \(family.minimumWindows)); queued for delivery"
        try AlertStore.append(ResponseAction(kind: .webhook, status: .queued, target: webhook.url.description, detail: detail, at: now),
                              incidentID: incident.id, in: db)
        return true
    }

    /// `true` if the source was blocked (or its block extended), `false` if skipped, `nil`
    /// if the incident already had its block decision.
    private func decideBlock(_ incident: Incident, family: FamilyPolicy, now: Double, in db: any StoreConnection) throws -> Bool? {
        guard policy.blocklist != nil, !(try AlertStore.hasBlockDecision(incidentID: incident.id, in: db)) else { return nil }
        guard let source = incident.sourceIP else {
            try AlertStore.append(ResponseAction(kind: .block, status: .skipped, target: nil,
                                                 detail: "the incident names no source address (host windows name hosts; cic windows do not)", at: now),
                                  incidentID: incident.id, in: db)
            return false
        }
        if let reason = allowlist.reason(for: source) {
            try AlertStore.append(ResponseAction(kind: .block, status: .skipped, target: source, detail: "never blocked: \(reason)", at: now),
                                  incidentID: incident.id, in: db)
            return false
        }
        let address = IPAddress(source)?.description ?? source
        let expires = now + Double(family.blockSeconds)
        let extended = try AlertStore.upsertBlock(address: address, incidentID: incident.id, family: incident.family, now: now,
                                                  expiresAt: expires, in: db)
        let detail = "\(incident.family) policy: blocked for \(family.blockSeconds) s, until \(EVEAlert.format(expires))"
            + (extended ? " (already blocked; expiry extended)" : "")
        try AlertStore.append(ResponseAction(kind: .block, status: extended ? .extended : .added, target: address, detail: detail, at: now),
                              incidentID: incident.id, in: db)
        return true
    }
}

/// Counts of response decisions.
public struct ResponseTallies: Sendable, Equatable, Codable {
    public var webhooksQueued = 0
    public var blocksAdded = 0
    public var blocksSkipped = 0

    public init() {}

    mutating func add(_ other: ResponseTallies) {
        webhooksQueued += other.webhooksQueued
        blocksAdded += other.blocksAdded
        blocksSkipped += other.blocksSkipped
    }

    enum CodingKeys: String, CodingKey {
        case webhooksQueued = "webhooks_queued", blocksAdded = "blocks_added", blocksSkipped = "blocks_skipped"
    }
}
