import Foundation

extension ResponsePolicy {
    /// Builds a policy from parsed JSON, checking every field (see `load(path:)`).
    static func read(_ root: JSONValue, file: String, baseDirectory: String) throws -> ResponsePolicy {
        let top = try PolicyReader(file: file, path: "", value: root,
                                   allowed: ["version", "families", "webhook", "blocklist", "allowlist", "comment"])
        if let version = try top.integer("version", in: 1...Int.max), version != 1 {
            throw top.fail("version", "unsupported version \(version) (this IoTShield reads version 1)")
        }
        let webhook = try top.object("webhook", allowed: ["url", "headers", "timeout_seconds", "initial_backoff_seconds",
                                                          "max_backoff_seconds", "give_up_after_seconds"]).map(readWebhook)
        let blocklist = try top.object("blocklist", allowed: ["file", "table", "set", "nft_command", "default_block_seconds"])
            .map { try readBlocklist($0, baseDirectory: baseDirectory) }
        let allowlist = try top.object("allowlist", allowed: ["addresses", "include_own_addresses", "include_default_gateways"])
            .map(readAllowlist) ?? AllowlistSettings()
        guard let familiesReader = try top.object("families") else {
            throw top.fail("families", "is required: an object from family name (\(knownFamilies.joined(separator: ", "))) to its policy")
        }
        var families: [String: FamilyPolicy] = [:]
        for name in familiesReader.fields.keys.sorted() {
            guard knownFamilies.contains(name) else {
                throw familiesReader.fail(name, "unknown attack family (known: \(knownFamilies.joined(separator: ", ")); names are case-sensitive)")
            }
            let reader = try familiesReader.object(name, allowed: ["actions", "min_probability", "min_windows", "block_seconds"])
            guard let reader else { continue }
            let policy = try readFamily(reader, defaultBlockSeconds: blocklist?.defaultBlockSeconds ?? 3600)
            if policy.actions.contains(.webhook) && webhook == nil {
                throw reader.fail("actions", "asks for 'webhook' but the policy has no 'webhook' section")
            }
            if policy.actions.contains(.block) && blocklist == nil {
                throw reader.fail("actions", "asks for 'block' but the policy has no 'blocklist' section")
            }
            families[name] = policy
        }
        return ResponsePolicy(families: families, webhook: webhook, blocklist: blocklist, allowlist: allowlist, origin: file)
    }

    static func readFamily(_ reader: PolicyReader, defaultBlockSeconds: Int) throws -> FamilyPolicy {
        guard let names = try reader.strings("actions") else {
            throw reader.fail("actions", "is required: a list of \(ResponseActionKind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))")
        }
        var actions = Set<ResponseActionKind>()
        for (index, name) in names.enumerated() {
            guard let kind = ResponseActionKind(rawValue: name) else {
                throw reader.fail("actions[\(index)]", "unknown action '\(name)' (known: \(ResponseActionKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            actions.insert(kind)
        }
        return FamilyPolicy(
            actions: actions,
            minimumProbability: try reader.number("min_probability", in: 0...1) ?? 0,
            minimumWindows: try reader.integer("min_windows", in: 1...Int(Int32.max)) ?? 1,
            blockSeconds: try reader.integer("block_seconds", in: 1...maximumBlockSeconds) ?? defaultBlockSeconds)
    }

    /// nftables timeouts are stored in milliseconds in 32 bits on some kernels; keep blocks under 24 days.
    static let maximumBlockSeconds = 2_000_000

    static func readWebhook(_ reader: PolicyReader) throws -> WebhookSettings {
        guard let text = try reader.string("url") else { throw reader.fail("url", "is required (http://HOST:PORT/PATH)") }
        let url: WebhookURL
        do { url = try WebhookURL(parsing: text) } catch { throw reader.fail("url", "'\(text)' \(error)") }
        let headers = try reader.stringMap("headers") ?? [:]
        for (name, value) in headers {
            let token = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) }
            guard token, !name.isEmpty else { throw reader.fail("headers.\(name)", "is not a valid header name") }
            guard !value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
                throw reader.fail("headers.\(name)", "must not contain line breaks")
            }
            let reserved = ["host", "content-length", "content-type", "connection", "idempotency-key", "transfer-encoding"]
            guard !reserved.contains(name.lowercased()) else { throw reader.fail("headers.\(name)", "is set by IoTShield itself") }
        }
        var settings = WebhookSettings(url: url, headers: headers)
        settings.timeout = try reader.number("timeout_seconds", in: 0.05...600) ?? settings.timeout
        settings.initialBackoff = try reader.number("initial_backoff_seconds", in: 0.01...86_400) ?? settings.initialBackoff
        settings.maximumBackoff = try reader.number("max_backoff_seconds", in: 0.01...86_400) ?? settings.maximumBackoff
        settings.giveUpAfter = try reader.number("give_up_after_seconds", in: 1...(86_400 * 365)) ?? settings.giveUpAfter
        if settings.maximumBackoff < settings.initialBackoff {
            throw reader.fail("max_backoff_seconds", "must not be below initial_backoff_seconds (\(PolicyReader.format(settings.initialBackoff)))")
        }
        return settings
    }

    static func readBlocklist(_ reader: PolicyReader, baseDirectory: String) throws -> BlocklistSettings {
        guard let file = try reader.string("file"), !file.isEmpty else {
            throw reader.fail("file", "is required: where the nft commands are written")
        }
        let resolved = file.hasPrefix("/") ? file : URL(fileURLWithPath: baseDirectory).appendingPathComponent(file).path
        var settings = BlocklistSettings(file: resolved)
        for key in ["table", "set"] {
            guard let name = try reader.string(key) else { continue }
            let valid = name.first?.isLetter == true && name.count <= 60
                && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            guard valid else { throw reader.fail(key, "'\(name)' is not an nftables name (a letter, then letters, digits or _)") }
            if key == "table" { settings.table = name } else { settings.set = name }
        }
        if let command = try reader.string("nft_command") {
            guard !command.isEmpty else { throw reader.fail("nft_command", "must not be empty") }
            settings.nftCommand = command
        }
        settings.defaultBlockSeconds = try reader.integer("default_block_seconds", in: 1...maximumBlockSeconds) ?? settings.defaultBlockSeconds
        return settings
    }

    static func readAllowlist(_ reader: PolicyReader) throws -> AllowlistSettings {
        var settings = AllowlistSettings()
        for (index, text) in (try reader.strings("addresses") ?? []).enumerated() {
            guard let range = AddressRange(text) else {
                throw reader.fail("addresses[\(index)]", "'\(text)' is not an IPv4/IPv6 address or CIDR range (e.g. 192.168.1.1, 10.0.0.0/8, fd00::/8)")
            }
            settings.ranges.append(range)
        }
        settings.includeOwnAddresses = try reader.bool("include_own_addresses") ?? true
        settings.includeDefaultGateways = try reader.bool("include_default_gateways") ?? true
        return settings
    }
}
