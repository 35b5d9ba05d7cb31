import Foundation
import Hummingbird
import HummingbirdWebSocket

/// `POST /v1/flows` and the WebSocket `/v1/flows/stream` (role `ingest`).
extension IoTShieldService {
    func addIngestRoutes(to router: Router<ServiceRequestContext>) {
        router.post("/v1/flows") { request, context in try await self.ingest(request, context: context) }
        // Reached only when the WebSocket upgrade was not made (after authentication).
        router.get("/v1/flows/stream") { _, _ -> Response in throw ServiceError.upgradeRequired }
    }

    /// Decodes, scores and stores one body of records; answers `IngestResponse`.
    ///
    /// Failures: 429 when `maxInFlight` requests are already in progress, 415 for other
    /// content types, 413 beyond `maxBodyBytes` or `maxRecords`, 400 for bad records
    /// (naming field and record), 503 without a model or when the store write fails.
    func ingest(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        guard limiter.acquire() else {
            metrics.rejectedRequest()
            throw ServiceError.overloaded(limit: limiter.limit)
        }
        metrics.setInFlight(limiter.current)
        defer {
            limiter.release()
            metrics.setInFlight(limiter.current)
        }
        do {
            let format = try FlowRecordDecoder.format(contentType: request.headers[.contentType])
            if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > configuration.maxBodyBytes {
                throw ServiceError.bodyTooLarge(limit: configuration.maxBodyBytes)
            }
            let buffer = try await request.body.collect(upTo: configuration.maxBodyBytes)
            let records = try decoder.decode(Array(buffer.readableBytesView), format: format)
            let answer = try await engine.ingest(records)
            metrics.ingestLatency(ContinuousClock.now - started)
            var headers = HTTPFields()
            headers[.contentType] = "application/json; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: answer.jsonBytes())))
        } catch {
            metrics.ingestError(status: Int(ServiceError.from(error, maxBodyBytes: configuration.maxBodyBytes).status.code))
            throw error
        }
    }

    /// Continuous ingest: each text message is one JSON record or an array (or
    /// `{"records": [...]}`); each is answered with an `IngestResponse` message, or an error
    /// message `{"error": …, "status": n, …}` — a bad message never closes the connection.
    /// Messages larger than `maxBodyBytes` close it (WebSocket error 1009).
    func addIngestStream(to router: Router<ServiceRequestContext>) {
        router.ws("/v1/flows/stream") { inbound, outbound, _ in
            for try await message in inbound.messages(maxSize: self.configuration.maxBodyBytes) {
                let reply: String
                do {
                    guard case .text(let text) = message else { throw ServiceError.unsupportedMediaType("binary WebSocket message") }
                    reply = try await self.ingestMessage(Array(text.utf8))
                } catch {
                    let (status, body) = ServiceError.from(error, maxBodyBytes: self.configuration.maxBodyBytes)
                    reply = (try? JSONResponse.string(StreamError(error: body.error, field: body.field, record: body.record, status: Int(status.code))))
                        ?? #"{"error":"internal error","status":500}"#
                }
                try await outbound.write(.text(reply))
            }
        }
    }

    func ingestMessage(_ bytes: [UInt8]) async throws -> String {
        let started = ContinuousClock.now
        guard limiter.acquire() else {
            metrics.rejectedRequest()
            throw ServiceError.overloaded(limit: limiter.limit)
        }
        defer { limiter.release() }
        let records = try decoder.decodeJSON(bytes)
        let answer = try await engine.ingest(records)
        metrics.ingestLatency(ContinuousClock.now - started)
        return String(decoding: answer.jsonBytes(), as: UTF8.self)
    }
}

/// An error answered on a WebSocket (which has no status line).
struct StreamError: Codable, Sendable {
    var error: String
    var field: String?
    var record: Int?
    var status: Int
}
