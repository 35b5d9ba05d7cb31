import Foundation
import IoTData

/// Per-family responses to incidents, read from a JSON file (format in the README,
/// example in `config/response-policy.example.json`).
///
/// Families without an entry get no response. `Attack` (the family of a binary model's
/// attack class) may have an entry like any other family.
public struct ResponsePolicy: Sendable, Equatable {
    public var families: [String: FamilyPolicy]
    public var webhook: WebhookSettings?
    public var blocklist: BlocklistSettings?
    public var allowlist: AllowlistSettings
    /// The file it was read from (for messages), or a description for policies built in code.
    public var origin: String

    public init(families: [String: FamilyPolicy], webhook: WebhookSettings? = nil, blocklist: BlocklistSettings? = nil,
                allowlist: AllowlistSettings = AllowlistSettings(), origin: String = "(in code)") {
        self.families = families
        self.webhook = webhook
        self.blocklist = blocklist
        self.allowlist = allowlist
        self.origin = origin
    }

    /// Family names a policy may name: the CICIoT2023 attack families and `Attack`.
    public static let knownFamilies: [String] = AttackFamily.allCases.filter(\.isAttack).map(\.name) + ["Attack"]

    /// The policy for `family`, if any.
    public func policy(forFamily family: String) -> FamilyPolicy? { families[family] }

    /// Reads and checks a policy file. Relative `blocklist.file` paths are resolved against
    /// the policy file's directory.
    ///
    /// - Throws: `ResponsePolicyError` naming the file and the field for an unreadable file,
    ///   invalid JSON, unknown or misspelt fields, wrong types, values out of range, unknown
    ///   families, an `http` URL that cannot be used, or an action without its section.
    public static func load(path: String) throws -> ResponsePolicy {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ResponsePolicyError(file: path, field: "", reason: "cannot read the response policy (\(Self.reason(error)))")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try ResponsePolicy(json: data, file: path, baseDirectory: directory)
    }

    /// Parses policy JSON; `file` names it in errors.
    public init(json: Data, file: String, baseDirectory: String) throws {
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: json)
        } catch {
            throw ResponsePolicyError(file: file, field: "", reason: "not valid JSON (\(Self.reason(error)))")
        }
        self = try Self.read(root, file: file, baseDirectory: baseDirectory)
    }

    static func reason(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            let underlying = context.underlyingError.flatMap { ($0 as NSError).userInfo[NSDebugDescriptionErrorKey] as? String }
            return underlying ?? context.debugDescription
        }
        return (error as NSError).localizedDescription
    }
}
