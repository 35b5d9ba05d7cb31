import Foundation

/// Where and how incidents are POSTed.
///
/// Retries: after the n-th failed attempt the next one waits
/// `min(initialBackoff × 2^(n−1), maximumBackoff)` seconds; a delivery still failing
/// `giveUpAfter` seconds after it was queued is marked failed.
public struct WebhookSettings: Sendable, Equatable {
    public var url: WebhookURL
    /// Extra request headers (e.g. `Authorization`), sent with every delivery.
    public var headers: [String: String]
    /// Seconds allowed for connect, send and the response status line, each.
    public var timeout: Double
    public var initialBackoff: Double
    public var maximumBackoff: Double
    public var giveUpAfter: Double

    public init(url: WebhookURL, headers: [String: String] = [:], timeout: Double = 5, initialBackoff: Double = 1,
                maximumBackoff: Double = 300, giveUpAfter: Double = 86_400) {
        self.url = url
        self.headers = headers
        self.timeout = timeout
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        self.giveUpAfter = giveUpAfter
    }

    /// Seconds to wait after `attempts` failed attempts (≥ 1).
    public func backoff(afterAttempts attempts: Int) -> Double {
        min(initialBackoff * pow(2, Double(max(0, min(attempts - 1, 60)))), maximumBackoff)
    }
}
