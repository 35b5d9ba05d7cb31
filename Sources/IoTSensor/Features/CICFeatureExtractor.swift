/// The CIC-exact extractor: global, non-overlapping windows of `windowSize` kept packets over
/// all traffic, restarting every 10,000,000 bytes of capture as the CIC pipeline's
/// `tcpdump -C 10` split does, so rows reproduce the CIC's own extractor.
///
/// Feed every frame (kept or not: dropped frames still count toward the 10 MB chunk size)
/// with `add`, then call `finish`. Deliberate deviations, all outside the published data's
/// conditions: chunks are emitted in capture order (the CIC tool merges them in file-system
/// order); an IPv4 frame with an unparsable header is skipped and counted (the CIC tool loses
/// the whole 10 MB chunk); non-Ethernet link types are decoded properly (the CIC tool reads
/// every frame as Ethernet). O(1) amortised per packet.
public struct CICFeatureExtractor: Sendable {
    public static let chunkBytes = 10_000_000
    public let windowSize: Int
    public let chunkBytes: Int
    private var aggregator: CICWindowAggregator
    private var chunkFileSize = 24
    private var previousTimestamp: Double?
    public private(set) var chunks = 1
    public private(set) var keptPackets = 0

    public init(windowSize: Int = 10, chunkBytes: Int = CICFeatureExtractor.chunkBytes) {
        precondition(windowSize > 0)
        self.windowSize = windowSize
        self.chunkBytes = chunkBytes
        aggregator = CICWindowAggregator(capacity: windowSize)
    }

    /// Adds one frame; returns a finished window when this packet completes one, or when a
    /// new chunk starts and the previous chunk's partial window is flushed (then the packet
    /// itself starts the new chunk).
    public mutating func add(_ packet: DecodedPacket, timestamp: Double, emit: (CICWindow) -> Void) {
        if chunkFileSize > chunkBytes {
            if !aggregator.isEmpty { emit(aggregator.finish()) }
            chunkFileSize = 24
            previousTimestamp = nil
            chunks += 1
        }
        chunkFileSize += 16 + packet.capturedLength
        guard let features = CICPacketFeatures(packet, timestamp: timestamp) else { return }
        keptPackets += 1
        let iat = previousTimestamp.map { timestamp - $0 } ?? 0
        previousTimestamp = timestamp
        aggregator.add(features, iat: iat)
        if aggregator.count == windowSize { emit(aggregator.finish()) }
    }

    /// Emits the last, possibly partial, window.
    public mutating func finish(emit: (CICWindow) -> Void) {
        if !aggregator.isEmpty { emit(aggregator.finish()) }
    }
}
