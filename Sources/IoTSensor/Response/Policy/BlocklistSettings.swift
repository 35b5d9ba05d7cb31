/// Where the nftables blocklist goes and what it is called.
public struct BlocklistSettings: Sendable, Equatable {
    /// The nft script, rewritten (atomically) whenever the set of blocks changes.
    public var file: String
    /// nftables table (family `inet`) and set names: `<set>` holds IPv4 addresses, `<set>6` IPv6.
    public var table: String
    public var set: String
    /// The program run as `nft -f FILE` when blocks are applied (`--apply-blocks`).
    public var nftCommand: String
    public var defaultBlockSeconds: Int

    public init(file: String, table: String = "iotshield", set: String = "blocklist", nftCommand: String = "nft",
                defaultBlockSeconds: Int = 3600) {
        self.file = file
        self.table = table
        self.set = set
        self.nftCommand = nftCommand
        self.defaultBlockSeconds = defaultBlockSeconds
    }
}
