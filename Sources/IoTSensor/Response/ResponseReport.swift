/// Where responses stand, for run summaries: decisions of this run, deliveries by state in
/// the store (all runs), blocks in force.
public struct ResponseReport: Sendable, Codable, Equatable {
    public var decisions: ResponseTallies
    /// Outbox rows by state: `pending`, `delivered`, `failed`.
    public var deliveries: [String: Int]
    public var activeBlocks: Int
    public var blocklistFile: String?
    public var lastError: String?

    enum CodingKeys: String, CodingKey {
        case decisions, deliveries
        case activeBlocks = "active_blocks", blocklistFile = "blocklist_file", lastError = "last_error"
    }
}

extension ResponseEngine {
    /// The current report (two small store queries).
    public func report() throws -> ResponseReport {
        ResponseReport(decisions: decisions, deliveries: try store.outboxCounts(),
                       activeBlocks: try store.activeBlocks(now: clock()).count, blocklistFile: writer?.settings.file,
                       lastError: currentError)
    }

    private var currentError: String? {
        condition.lock()
        defer { condition.unlock() }
        return lastError
    }
}
