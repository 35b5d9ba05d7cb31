import Hummingbird
import HummingbirdWebSocket

/// The per-request context of every route: Hummingbird's core storage, the WebSocket upgrade
/// slot, and the role the request was authenticated with (`nil` before authentication or
/// with `--no-auth`).
public struct ServiceRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    /// Set by `AuthMiddleware`.
    public var role: Role?
    /// The token's id (never the token itself), for logs.
    public var tokenID: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
    }
}
