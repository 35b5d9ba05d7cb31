import Foundation

/// The blocklist as an `nft -f` script: one `inet` table holding a timeout set per IP
/// version (`<set>` for IPv4, `<set>6` for IPv6) and input/forward chains that drop their
/// sources, then one `add element … { ADDRESS timeout Ns }` per active block.
///
/// The script starts by creating and deleting the table, so applying it again replaces
/// the previous state instead of adding rules twice; blocks that expired are simply absent
/// (and the kernel drops each element itself when its timeout runs out). O(blocks).
public struct NFTablesScript: Sendable {
    public var table: String
    public var set: String

    public init(table: String, set: String) {
        self.table = table
        self.set = set
    }

    public init(settings: BlocklistSettings) {
        self.init(table: settings.table, set: settings.set)
    }

    /// The script for `blocks` as of `now` (epoch seconds); remaining lifetimes are rounded up
    /// to whole seconds, at least 1. Blocks whose address does not parse are left out.
    public func render(_ blocks: [BlockEntry], now: Double) -> String {
        let v4 = set, v6 = set + "6"
        var lines = [
            "#!/usr/sbin/nft -f",
            "# IoTShield blocklist, written \(EVEAlert.format(now)): \(blocks.count) active block(s).",
            "# Apply with: nft -f THIS_FILE (iotshield does it with --apply-blocks). Re-applying replaces the table.",
            "add table inet \(table)",
            "delete table inet \(table)",
            "table inet \(table) {",
            "\tset \(v4) {", "\t\ttype ipv4_addr", "\t\tflags timeout", "\t}",
            "\tset \(v6) {", "\t\ttype ipv6_addr", "\t\tflags timeout", "\t}",
        ]
        for hook in ["input", "forward"] {
            lines += [
                "\tchain \(hook) {",
                "\t\ttype filter hook \(hook) priority filter - 10; policy accept;",
                "\t\tip saddr @\(v4) drop",
                "\t\tip6 saddr @\(v6) drop",
                "\t}",
            ]
        }
        lines.append("}")
        for block in blocks {
            guard let address = IPAddress(block.address) else { continue }
            let seconds = max(1, Int((block.expiresAt - now).rounded(.up)))
            lines.append("# incident \(block.incidentID) (\(block.family)), until \(EVEAlert.format(block.expiresAt))")
            lines.append("add element inet \(table) \(address.version == .v4 ? v4 : v6) { \(address) timeout \(seconds)s }")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
