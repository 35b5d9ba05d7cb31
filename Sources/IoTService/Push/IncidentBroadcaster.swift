import Foundation
import IoTSensor

/// One incident change pushed to `/v1/alerts/stream` subscribers.
public struct IncidentEvent: Codable, Sendable, Equatable {
    /// `opened` for a new incident, `updated` when later windows extend it.
    public var event: String
    public var incident: Incident
}

/// Fans incident events out to live subscribers (WebSocket clients, the mitigation worker).
///
/// Each subscriber has its own buffer of the newest 256 events: a slow client loses its
/// oldest undelivered events, never slows ingest. Events are published only after the
/// incidents are stored. Thread-safe.
public final class IncidentBroadcaster: @unchecked Sendable {
    private let lock = NSLock()
    private var subscribers: [UUID: AsyncStream<IncidentEvent>.Continuation] = [:]

    public init() {}

    /// A stream of events from now on; it ends when the caller stops iterating (or is cancelled).
    public func subscribe() -> AsyncStream<IncidentEvent> {
        let id = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: IncidentEvent.self, bufferingPolicy: .bufferingNewest(256))
        continuation.onTermination = { [weak self] _ in self?.remove(id) }
        lock.lock()
        subscribers[id] = continuation
        lock.unlock()
        return stream
    }

    public func publish(_ events: [IncidentEvent]) {
        guard !events.isEmpty else { return }
        lock.lock()
        let targets = Array(subscribers.values)
        lock.unlock()
        for continuation in targets {
            for event in events { continuation.yield(event) }
        }
    }

    public var subscriberCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return subscribers.count
    }

    private func remove(_ id: UUID) {
        lock.lock()
        subscribers.removeValue(forKey: id)
        lock.unlock()
    }
}
