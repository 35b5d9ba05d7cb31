import ArgumentParser
import IoTSensor

/// `--response-policy FILE` and `--apply-blocks`, shared by `detect` and `serve`.
struct ResponseArguments: ParsableArguments {
    @Option(help: "Respond to incidents by this policy file (JSON: per-family webhook and blocklist; see README, Mitigation).")
    var responsePolicy: String?

    @Flag(help: "Apply the blocklist with 'nft -f' after each change (default: only write the nft commands to the policy's file).")
    var applyBlocks = false

    func validate() throws {
        if applyBlocks && responsePolicy == nil { throw ValidationError("--apply-blocks needs --response-policy FILE") }
    }

    /// The policy, or `nil` without `--response-policy`.
    /// - Throws: `ResponsePolicyError` naming the file and field (exit code 1).
    func load() throws -> ResponsePolicy? {
        try responsePolicy.map { try ResponsePolicy.load(path: $0) }
    }
}
