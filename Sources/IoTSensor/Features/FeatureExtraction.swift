/// Runs a capture file through decoding and window features: the `iotshield extract` job.
public enum FeatureExtraction {
    /// The extractor for `mode`.
    public static func extractor(mode: WindowMode, windowSize: Int, idleTimeout: Double = 5, maximumHosts: Int = 16384) -> any WindowExtractor {
        switch mode {
        case .cic: return CICFeatureExtractor(windowSize: windowSize)
        case .host: return HostWindowExtractor(windowSize: windowSize, idleTimeout: idleTimeout, maximumHosts: maximumHosts)
        }
    }

    /// Extracts CIC-exact windows (global, `windowSize` packets, 10 MB chunk resets).
    public static func cic(pcap path: String, windowSize: Int, emit: (CICWindow) throws -> Void) throws -> CaptureStatistics {
        var extractor = CICFeatureExtractor(windowSize: windowSize)
        return try run(pcap: path, extractor: &extractor, emit: emit)
    }

    /// Extracts host-keyed windows (see `HostWindowExtractor`).
    public static func host(pcap path: String, windowSize: Int, idleTimeout: Double = 5, maximumHosts: Int = 16384,
                            emit: (CICWindow) throws -> Void) throws -> CaptureStatistics {
        var extractor = HostWindowExtractor(windowSize: windowSize, idleTimeout: idleTimeout, maximumHosts: maximumHosts)
        return try run(pcap: path, extractor: &extractor, emit: emit)
    }

    /// Feeds every frame of a capture file to `extractor`, calling `emit` with each window in
    /// order. A damaged capture is processed up to the damage, which is reported in
    /// `CaptureStatistics.damage` (not thrown).
    /// - Throws: `CaptureError` when the file cannot be opened, or what `emit` throws.
    public static func run<E: WindowExtractor>(pcap path: String, extractor: inout E, emit: (CICWindow) throws -> Void) throws -> CaptureStatistics {
        let source = try PcapSource.file(path)
        var statistics = CaptureStatistics()
        var pending: [CICWindow] = []
        func drain() throws {
            for window in pending { try emit(window) }
            statistics.windows += pending.count
            pending.removeAll(keepingCapacity: true)
        }
        do {
            try source.forEachPacket { packet in
                let decoded = PacketDecoder.decode(packet.bytes, linkType: source.linkType)
                statistics.count(decoded)
                extractor.add(decoded, timestamp: packet.timestamp) { pending.append($0) }
                try drain()
                return true
            }
        } catch let error as CaptureError {
            guard case .truncated = error else { throw error }
            statistics.damage = error.description
        }
        extractor.finish { pending.append($0) }
        try drain()
        statistics.record(extractor)
        return statistics
    }
}
