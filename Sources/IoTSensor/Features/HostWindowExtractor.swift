/// Host mode: the CIC v2 features computed over windows keyed by host, so every scored
/// window knows which addresses it describes.
///
/// Each kept packet (IPv4 or ARP) joins two windows: its source's (`role = .source`) and its
/// destination's (`.destination`). A window closes after `windowSize` packets, or when its
/// host has been idle for `idleTimeout` seconds of capture time (so slow attacks are still
/// scored), or at the end. IAT is the time since the host's previous packet in that role.
/// The peer reported with a window is the majority-vote (Boyer–Moore) estimate of the most
/// frequent other address.
///
/// Memory is bounded: at most `maximumHosts` windows are open; when a flood of new
/// addresses fills the table, the least recently seen tenth is evicted (windows of ≥ 2
/// packets are emitted, smaller ones dropped) and counted in `evictions`; `peakOpenWindows`
/// records the high-water mark. Open windows live in a slot array reused after eviction, with
/// a dictionary from (address, role) to slot: one hash lookup per packet and role for a known
/// host, no allocation. O(1) amortised per packet; an eviction costs O(maximumHosts log
/// maximumHosts) and happens at most once per `maximumHosts / 10` new hosts.
public struct HostWindowExtractor: Sendable {
    struct Key: Hashable, Sendable {
        var address: UInt32
        var role: WindowHost.Role
    }

    struct State: Sendable {
        var key: Key
        var aggregator: CICWindowAggregator
        var previousTimestamp: Double?
        var lastSeen: Double
        var peer: UInt32 = 0
        var peerVotes = 0
        var isOpen = true
    }

    public let windowSize: Int
    public let idleTimeout: Double
    public let maximumHosts: Int
    /// Slot of each open window's state in `slots`.
    private var index: [Key: Int] = [:]
    private var slots: [State] = []
    /// Slots whose window was closed, for reuse (their aggregators keep their capacity).
    private var freeSlots: [Int] = []
    private var lastSweep = -Double.infinity
    private var clock = -Double.infinity
    public private(set) var keptPackets = 0
    /// Windows closed early because the state table was full.
    public private(set) var evictions = 0
    /// Windows dropped on eviction (fewer than 2 packets).
    public private(set) var droppedOnEviction = 0
    /// The most windows open at once (never above `maximumHosts`).
    public private(set) var peakOpenWindows = 0

    public init(windowSize: Int = 10, idleTimeout: Double = 5, maximumHosts: Int = 16384) {
        precondition(windowSize > 0 && maximumHosts > 0)
        self.windowSize = windowSize
        self.idleTimeout = idleTimeout
        self.maximumHosts = maximumHosts
    }

    /// Open windows right now.
    public var openWindows: Int { index.count }

    public mutating func add(_ packet: DecodedPacket, timestamp: Double, emit: (CICWindow) -> Void) {
        guard let features = CICPacketFeatures(packet, timestamp: timestamp, strictEthernet: false) else { return }
        keptPackets += 1
        if timestamp > clock { clock = timestamp }
        let source = packet.sourceAddress, destination = packet.destinationAddress
        add(features, key: Key(address: source, role: .source), peer: destination, emit: emit)
        add(features, key: Key(address: destination, role: .destination), peer: source, emit: emit)
        if clock - lastSweep >= min(1, idleTimeout) {
            flushIdle(now: clock, emit: emit)
            lastSweep = clock
        }
    }

    private mutating func add(_ features: CICPacketFeatures, key: Key, peer: UInt32, emit: (CICWindow) -> Void) {
        let slot = index[key] ?? open(key, at: features.timestamp, emit: emit)
        let windowSize = self.windowSize
        slots.withUnsafeMutableBufferPointer { slots in
            let iat = slots[slot].previousTimestamp.map { features.timestamp - $0 } ?? 0
            slots[slot].previousTimestamp = features.timestamp
            slots[slot].lastSeen = features.timestamp
            if slots[slot].peerVotes == 0 {
                slots[slot].peer = peer
                slots[slot].peerVotes = 1
            } else if slots[slot].peer == peer {
                slots[slot].peerVotes += 1
            } else {
                slots[slot].peerVotes -= 1
            }
            slots[slot].aggregator.add(features, iat: iat)
            if slots[slot].aggregator.count == windowSize {
                emit(slots[slot].aggregator.finish(host: WindowHost(address: key.address, role: key.role, peer: slots[slot].peer)))
                slots[slot].peerVotes = 0
            }
        }
    }

    /// A slot for a new window of `key` (evicting first when the table is full).
    private mutating func open(_ key: Key, at timestamp: Double, emit: (CICWindow) -> Void) -> Int {
        if index.count >= maximumHosts { evictOldest(emit: emit) }
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            slots[slot].key = key
            slots[slot].previousTimestamp = nil
            slots[slot].lastSeen = timestamp
            slots[slot].peer = 0
            slots[slot].peerVotes = 0
            slots[slot].isOpen = true
        } else {
            slot = slots.count
            slots.append(State(key: key, aggregator: CICWindowAggregator(capacity: windowSize), previousTimestamp: nil, lastSeen: timestamp))
        }
        index[key] = slot
        peakOpenWindows = max(peakOpenWindows, index.count)
        return slot
    }

    /// Closes the window in `slot`: emits it if it holds at least `minimumPackets` packets
    /// (its aggregator is then empty again) and frees the slot. Returns whether it was emitted.
    @discardableResult
    private mutating func close(slot: Int, minimumPackets: Int, emit: (CICWindow) -> Void) -> Bool {
        let key = slots[slot].key
        let host = WindowHost(address: key.address, role: key.role, peer: slots[slot].peer)
        index[key] = nil
        freeSlots.append(slot)
        slots[slot].isOpen = false
        let emitted = slots[slot].aggregator.count >= minimumPackets
        slots.withUnsafeMutableBufferPointer { slots in
            if emitted {
                emit(slots[slot].aggregator.finish(host: host))
            } else if !slots[slot].aggregator.isEmpty {
                _ = slots[slot].aggregator.finish(host: host)  // discard, and empty the aggregator
            }
        }
        return emitted
    }

    /// Slots of the open windows, in the deterministic key order.
    private func openSlots(where include: (State) -> Bool) -> [Int] {
        slots.indices.filter { slots[$0].isOpen && include(slots[$0]) }.sorted { Self.order(slots[$0].key, slots[$1].key) }
    }

    /// Emits the windows of hosts idle for `idleTimeout` seconds at capture time `now`.
    public mutating func flushIdle(now: Double, emit: (CICWindow) -> Void) {
        let idleTimeout = self.idleTimeout
        for slot in openSlots(where: { now - $0.lastSeen >= idleTimeout }) {
            close(slot: slot, minimumPackets: 1, emit: emit)
        }
    }

    private mutating func evictOldest(emit: (CICWindow) -> Void) {
        let victims = slots.indices.filter { slots[$0].isOpen }
            .sorted { a, b in
                slots[a].lastSeen != slots[b].lastSeen ? slots[a].lastSeen < slots[b].lastSeen : Self.order(slots[a].key, slots[b].key)
            }
            .prefix(max(1, maximumHosts / 10))
        for slot in victims {
            evictions += 1
            if !close(slot: slot, minimumPackets: 2, emit: emit) { droppedOnEviction += 1 }
        }
    }

    /// Emits every open window (end of capture), in a deterministic order.
    public mutating func finish(emit: (CICWindow) -> Void) {
        for slot in openSlots(where: { _ in true }) { close(slot: slot, minimumPackets: 1, emit: emit) }
    }

    static func order(_ a: Key, _ b: Key) -> Bool {
        a.address != b.address ? a.address < b.address : a.role == .source && b.role == .destination
    }
}
