import Foundation
import Testing
@testable import IoTSensor

@Suite("Response policy files and the allowlist")
struct ResponsePolicyTests {
    static let example = CICReferenceTests.root.appendingPathComponent("config/response-policy.example.json").path

    /// Writes `text` to a fresh file and loads it as a policy, returning the error.
    static func error(loading text: String) throws -> (file: String, error: ResponsePolicyError?) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("policy-\(UUID().uuidString).json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        do {
            _ = try ResponsePolicy.load(path: file)
            return (file, nil)
        } catch let error as ResponsePolicyError {
            return (file, error)
        }
    }

    @Test func theShippedExampleLoads() throws {
        let policy = try ResponsePolicy.load(path: Self.example)
        #expect(Set(policy.families.keys) == ["DDoS", "DoS", "Mirai", "Recon", "Spoofing", "Web", "BruteForce"])
        let ddos = try #require(policy.policy(forFamily: "DDoS"))
        #expect(ddos.actions == [.webhook, .block])
        #expect(ddos.minimumProbability == 0.8 && ddos.minimumWindows == 3 && ddos.blockSeconds == 3600)
        #expect(policy.policy(forFamily: "Recon")?.actions == [.webhook])
        #expect(policy.policy(forFamily: "Spoofing")?.blockSeconds == 3600, "default_block_seconds")
        #expect(policy.webhook?.url == (try WebhookURL(parsing: "http://127.0.0.1:9000/iotshield/incidents")))
        #expect(policy.webhook?.headers["Authorization"] == "Bearer change-me")
        #expect(policy.blocklist?.file.hasSuffix("config/iotshield-blocklist.nft") == true, "relative to the policy file")
        #expect(policy.allowlist.ranges.map(\.description) == ["192.168.1.1", "192.168.1.0/28", "10.0.0.0/8", "fd00::/8", "fe80::1"])
    }

    /// Each bad file is refused with its path and the offending field in the message.
    @Test(arguments: [
        ("{\"families\": {\"DDoS\": ", "", "not valid JSON"),
        ("[1, 2]", "", "must be an object"),
        ("{\"version\": 1}", "families", "is required"),
        ("{\"version\": 2, \"families\": {}}", "version", "unsupported version 2"),
        ("{\"families\": {\"DDOS\": {\"actions\": []}}}", "families.DDOS", "unknown attack family"),
        ("{\"families\": {\"DDoS\": {\"actions\": [\"webhook\"], \"min_probability\": 1.5}}, \"webhook\": {\"url\": \"http://h/x\"}}",
         "families.DDoS.min_probability", "within 0…1"),
        ("{\"families\": {\"DDoS\": {\"actions\": [], \"min_probabilty\": 0.5}}}", "families.DDoS.min_probabilty", "unknown field"),
        ("{\"families\": {\"DDoS\": {\"actions\": [\"shout\"]}}}", "families.DDoS.actions[0]", "unknown action 'shout'"),
        ("{\"families\": {\"Mirai\": {\"actions\": [\"block\"]}}}", "families.Mirai.actions", "no 'blocklist' section"),
        ("{\"families\": {\"Web\": {\"actions\": \"webhook\"}}}", "families.Web.actions", "must be an array of strings"),
        ("{\"families\": {\"DoS\": {\"actions\": [], \"min_windows\": 2.5}}}", "families.DoS.min_windows", "whole number"),
        ("{\"families\": {}, \"webhook\": {\"url\": \"https://siem.example/hook\"}}", "webhook.url", "https is not supported"),
        ("{\"families\": {}, \"webhook\": {\"url\": \"http://h:99999/\"}}", "webhook.url", "port must be 1…65535"),
        ("{\"families\": {}, \"webhook\": {\"url\": \"http://h/\", \"headers\": {\"X-Key\": \"a\\r\\nEvil: 1\"}}}", "webhook.headers.X-Key", "line breaks"),
        ("{\"families\": {}, \"webhook\": {\"url\": \"http://h/\", \"timeout_seconds\": true}}", "webhook.timeout_seconds", "must be a number, not a boolean"),
        ("{\"families\": {}, \"blocklist\": {}}", "blocklist.file", "is required"),
        ("{\"families\": {}, \"blocklist\": {\"file\": \"b.nft\", \"set\": \"block list\"}}", "blocklist.set", "not an nftables name"),
        ("{\"families\": {}, \"allowlist\": {\"addresses\": [\"10.0.0.0/8\", \"10.0.0.300\"]}}", "allowlist.addresses[1]", "not an IPv4/IPv6 address"),
        ("{\"families\": {}, \"allowlist\": {\"addresses\": [\"fd00::/129\"]}}", "allowlist.addresses[0]", "CIDR"),
    ])
    func badFilesNameFileAndField(text: String, field: String, reason: String) throws {
        let (file, error) = try Self.error(loading: text)
        let failure = try #require(error, "accepted: \(text)")
        #expect(failure.file == file)
        #expect(failure.field == field, "\(failure)")
        #expect(failure.description.contains(file))
        #expect(failure.description.contains(reason), "\(failure)")
        if !field.isEmpty { #expect(failure.description.contains("'\(field)'")) }
    }

    @Test func aMissingFileIsNamed() {
        #expect(throws: ResponsePolicyError.self) { try ResponsePolicy.load(path: "/nonexistent/policy.json") }
        do { _ = try ResponsePolicy.load(path: "/nonexistent/policy.json") } catch {
            #expect("\(error)".contains("/nonexistent/policy.json: cannot read the response policy"))
        }
    }

    @Test func allowlistMatchesRangesOfBothVersionsAndSpecialAddresses() {
        var allowlist = Allowlist()
        for text in ["192.168.1.1", "10.0.0.0/8", "fd00::/8", "2001:db8::/126"] {
            if let range = AddressRange(text) { allowlist.add(range, origin: "configured") }
        }
        #expect(allowlist.reason(for: "192.168.1.1")?.contains("configured 192.168.1.1") == true)
        #expect(allowlist.reason(for: "192.168.1.2") == nil)
        #expect(allowlist.reason(for: "10.255.0.9") != nil)
        #expect(allowlist.reason(for: "11.0.0.1") == nil)
        #expect(allowlist.reason(for: "fd12:3456::1") != nil)
        #expect(allowlist.reason(for: "2001:db8::3") != nil)
        #expect(allowlist.reason(for: "2001:db8::4") == nil, "outside /126")
        #expect(allowlist.reason(for: "::ffff:10.1.2.3") != nil, "IPv4-mapped IPv6 is IPv4")
        for special in ["0.0.0.0", "127.0.0.1", "255.255.255.255", "224.0.0.251", "::", "::1", "ff02::1"] {
            #expect(allowlist.reason(for: special) != nil, "\(special)")
        }
        #expect(allowlist.reason(for: "not-an-address") == "not an IP address")
        #expect(AddressRange("10.0.0.0/33") == nil && AddressRange("fd00::/129") == nil && AddressRange("1.2.3") == nil)
    }

    @Test func systemAddressesAreAllowlistedByDefault() {
        let allowlist = AllowlistSettings().build()
        #expect(allowlist.reason(for: "127.0.0.1") != nil)
        for (address, _) in Allowlist.ownAddresses() where address.nonUnicastReason == nil {
            #expect(allowlist.reason(for: address.description)?.contains("own address") == true)
        }
        for gateway in Allowlist.defaultGateways() {
            #expect(allowlist.reason(for: gateway.description) != nil)
        }
        let off = AllowlistSettings(ranges: [], includeOwnAddresses: false, includeDefaultGateways: false).build()
        #expect(off.entries.isEmpty)
    }

    @Test func backoffDoublesUpToTheCap() throws {
        let settings = WebhookSettings(url: try WebhookURL(parsing: "http://[::1]:8081/a?b=c"), initialBackoff: 0.5, maximumBackoff: 3)
        #expect((1...5).map(settings.backoff(afterAttempts:)) == [0.5, 1, 2, 3, 3])
        #expect(settings.url.host == "::1" && settings.url.port == 8081 && settings.url.target == "/a?b=c")
    }
}
