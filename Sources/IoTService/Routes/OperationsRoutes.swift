import Foundation
import Hummingbird
import IoTSensor

/// `/healthz`, `/readyz` (public), `/metrics` (role `read`), `GET /v1/model` (`read`) and
/// `POST /v1/model` (`admin`, hot reload).
extension IoTShieldService {
    func addOperationsRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/healthz") { _, _ in try JSONResponse.response(["status": "ok"]) }
        router.get("/readyz") { _, _ -> Response in
            let storeReachable = (try? self.store.count()) != nil
            let model = await self.scorers.description()
            let ready = storeReachable && model.model_id != nil
            return try JSONResponse.response(
                Readiness(ready: ready, store: storeReachable ? "ok" : "unreachable", model: model.model_id),
                status: ready ? .ok : .serviceUnavailable)
        }
        router.get("/metrics") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: self.metrics.render())))
        }
        router.get("/v1/model") { _, _ in try JSONResponse.response(await self.scorers.description()) }
        router.post("/v1/model") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 64 * 1024)
            guard let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] else {
                throw ServiceError.malformedJSON("expected {\"path\": \"MODEL.iotm\"}")
            }
            guard let path = object["path"] as? String, !path.isEmpty else {
                throw ServiceError.badParameter("'path' (a model file path) is required", field: "path")
            }
            // Loaded before the swap: requests in flight keep the old scorer, the next batch gets the new one.
            let scorer: any WindowScorer
            do {
                scorer = try loadScorer(path: path)
            } catch {
                throw ServiceError.modelLoadFailed(String(describing: error))
            }
            await self.scorers.replace(with: scorer, origin: path)
            return try JSONResponse.response(await self.scorers.description())
        }
    }
}

struct Readiness: Codable, Sendable {
    var ready: Bool
    var store: String
    var model: String?
}
