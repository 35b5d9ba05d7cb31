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
/// packets are emitted, smaller ones dropped) and counted in `evictions`. O(1) amortised per
/// packet.
public struct HostWindowExtractor: Sendable {
    struct Key: Hashable, Sendable {
        var address: UInt32
        var role: WindowHost.Role
    }

    struct State: Sendable {
        var aggregator: CICWindowAggregator
        var previousTimestamp: Double?
        var lastSeen: Double
        var peer: UInt32 = 0
        var peerVotes = 0
    }

    public let windowSize: Int
    public let idleTimeout: Double
    public let maximumHosts: Int
    private var states: [Key: State] = [:]
    private var lastSweep = -Double.infinity
    private var clock = -Double.infinity
    public private(set) var keptPackets = 0
    /// Windows closed early because the state table was full.
    public private(set) var evictions = 0
    /// Windows dropped on eviction (fewer than 2 packets).
    public private(set) var droppedOnEviction = 0

    public init(windowSize: Int = 10, idleTimeout: Double = 5, maximumHosts: Int = 16384) {
        precondition(windowSize > 0 && maximumHosts > 0)
        self.windowSize = windowSize
        self.idleTimeout = idleTimeout
        self.maximumHosts = maximumHosts
    }

    /// Open windows right now.
    public var openWindows: Int { states.count }

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
        if states[key] == nil, states.count >= maximumHosts { evictOldest(emit: emit) }
        var state = states.removeValue(forKey: key)
            ?? State(aggregator: CICWindowAggregator(capacity: windowSize), previousTimestamp: nil, lastSeen: features.timestamp)
        let iat = state.previousTimestamp.map { features.timestamp - $0 } ?? 0
        state.previousTimestamp = features.timestamp
        state.lastSeen = features.timestamp
        if state.peerVotes == 0 { state.peer = peer; state.peerVotes = 1 } else if state.peer == peer { state.peerVotes += 1 } else { state.peerVotes -= 1 }
        state.aggregator.add(features, iat: iat)
        if state.aggregator.count == windowSize {
            emit(state.aggregator.finish(host: WindowHost(address: key.address, role: key.role, peer: state.peer)))
            state.peerVotes = 0
        }
        states[key] = state
    }

    /// Emits the windows of hosts idle for `idleTimeout` seconds at capture time `now`.
    public mutating func flushIdle(now: Double, emit: (CICWindow) -> Void) {
        let idle = states.filter { now - $0.value.lastSeen >= idleTimeout }.map(\.key)
        for key in idle.sorted(by: Self.order) {
            guard var state = states.removeValue(forKey: key) else { continue }
            if !state.aggregator.isEmpty {
                emit(state.aggregator.finish(host: WindowHost(address: key.address, role: key.role, peer: state.peer)))
            }
        }
    }

    private mutating func evictOldest(emit: (CICWindow) -> Void) {
        let victims = states.sorted { $0.value.lastSeen < $1.value.lastSeen || ($0.value.lastSeen == $1.value.lastSeen && Self.order($0.key, $1.key)) }
            .prefix(max(1, maximumHosts / 10))
        for (key, _) in victims {
            guard var state = states.removeValue(forKey: key) else { continue }
            evictions += 1
            if state.aggregator.count >= 2 {
                emit(state.aggregator.finish(host: WindowHost(address: key.address, role: key.role, peer: state.peer)))
            } else {
                droppedOnEviction += 1
            }
        }
    }

    /// Emits every open window (end of capture), in a deterministic order.
    public mutating func finish(emit: (CICWindow) -> Void) {
        for key in states.keys.sorted(by: Self.order) {
            guard var state = states.removeValue(forKey: key) else { continue }
            if !state.aggregator.isEmpty {
                emit(state.aggregator.finish(host: WindowHost(address: key.address, role: key.role, peer: state.peer)))
            }
        }
    }

    static func order(_ a: Key, _ b: Key) -> Bool {
        a.address != b.address ? a.address < b.address : a.role == .source && b.role == .destination
    }
}
