import Foundation
import Hummingbird
import HummingbirdWebSocket
import IoTSensor

/// `GET /v1/alerts`, `GET /v1/alerts/{id}` (with its response actions), `GET /v1/stats` (role `read`),
/// `POST /v1/alerts/{id}/ack` (role `admin`) and the WebSocket `/v1/alerts/stream`.
extension IoTShieldService {
    func addAlertRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/v1/alerts") { request, _ -> Response in
            let query = try AlertQueryParser.parse(request)
            let incidents = try self.readStore { try self.store.incidents(query) }
            return try JSONResponse.response(AlertList(incidents: incidents, count: incidents.count, limit: query.limit, offset: query.offset))
        }
        router.get("/v1/alerts/stream") { _, _ -> Response in throw ServiceError.upgradeRequired }
        router.get("/v1/alerts/{id}") { _, context -> Response in
            let id = try context.parameters.require("id")
            guard let incident = try self.readStore({ try self.store.incident(id: id) }) else { throw ServiceError.notFound("incident '\(id)'") }
            let actions = try self.readStore { try self.store.actions(incidentID: id) }
            return try JSONResponse.response(IncidentDetail(incident: incident, actions: actions))
        }
        router.post("/v1/alerts/{id}/ack") { _, context -> Response in
            let id = try context.parameters.require("id")
            let now = Date().timeIntervalSince1970
            guard try self.readStore({ try self.store.acknowledge(id: id, at: now) }) else { throw ServiceError.notFound("incident '\(id)'") }
            return try JSONResponse.response(Acknowledgement(id: id, acknowledged_at: now))
        }
        router.get("/v1/stats") { _, _ -> Response in
            let summary = try self.readStore { try self.statistics.summary() }
            let (records, sensors) = await self.engine.snapshot()
            let model = await self.scorers.description()
            return try JSONResponse.response(ServiceStats(
                started_at: self.startedAt, records_ingested: records, in_flight: self.limiter.current, sensors: sensors,
                model: model, store: StoreDescription(backend: self.store.database.dialect.rawValue, location: self.store.location),
                incidents: summary))
        }
    }

    /// Live incidents: after subscribing the server sends `{"event":"subscribed"}`, then one
    /// `IncidentEvent` JSON message per opened or updated incident, until the client closes.
    func addAlertStream(to router: Router<ServiceRequestContext>) {
        router.ws("/v1/alerts/stream") { inbound, outbound, _ in
            let events = self.broadcaster.subscribe()
            try await outbound.write(.text(#"{"event":"subscribed"}"#))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for try await _ in inbound {}
                }
                group.addTask {
                    for await event in events {
                        try await outbound.write(.text(try JSONResponse.string(event)))
                    }
                }
                _ = try await group.next()
                group.cancelAll()
            }
        }
    }

    /// Runs a store call, turning its failures into 503.
    func readStore<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as ServiceError { throw error } catch {
            throw ServiceError.storeUnavailable("query failed")
        }
    }
}

struct AlertList: Codable, Sendable {
    var incidents: [Incident]
    var count: Int
    var limit: Int
    var offset: Int
}

struct Acknowledgement: Codable, Sendable {
    var id: String
    var acknowledged_at: Double
}

struct ServiceStats: Codable, Sendable {
    var started_at: Double
    var records_ingested: Int
    var in_flight: Int
    var sensors: [SensorHealth]
    var model: ModelDescription
    var store: StoreDescription
    var incidents: IncidentStatistics.Summary
}

/// Where incidents are kept: `sqlite` and the file, or `postgres` and the URL (password hidden).
struct StoreDescription: Codable, Sendable {
    var backend: String
    var location: String
}
