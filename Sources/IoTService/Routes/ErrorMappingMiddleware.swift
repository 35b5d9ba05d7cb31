import Foundation
import Hummingbird

/// The one place errors become responses: any error a route or middleware throws is answered
/// as `{"error": …, "field": …, "record": …}` with the status `ServiceError` maps it to.
/// Internal details (SQL, file paths) never reach the client; they are logged at `error`.
struct ErrorMappingMiddleware: RouterMiddleware {
    typealias Context = ServiceRequestContext
    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let (status, body) = ServiceError.from(error, maxBodyBytes: maxBodyBytes)
            if status.code >= 500 {
                context.logger.error("request failed", metadata: ["path": .string(request.uri.path), "error": .string(String(describing: error))])
            }
            var headers: HTTPFields = [:]
            if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"iotshield\"" }
            if status == .tooManyRequests { headers[.retryAfter] = "1" }
            return try JSONResponse.response(body, status: status, headers: headers)
        }
    }
}
