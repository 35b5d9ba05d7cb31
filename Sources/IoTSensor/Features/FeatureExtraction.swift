/// Runs a capture file through decoding and window features: the `iotshield extract` job.
public enum FeatureExtraction {
    /// Extracts CIC-exact windows (global, `windowSize` packets, 10 MB chunk resets) from a
    /// capture file, calling `emit` with each window in order.
    ///
    /// A damaged capture is processed up to the damage, which is reported in
    /// `CaptureStatistics.damage` (not thrown).
    /// - Throws: `CaptureError` when the file cannot be opened, or what `emit` throws.
    public static func cic(pcap path: String, windowSize: Int, emit: (CICWindow) throws -> Void) throws -> CaptureStatistics {
        let source = try PcapSource.file(path)
        var statistics = CaptureStatistics()
        var extractor = CICFeatureExtractor(windowSize: windowSize)
        var pending: [CICWindow] = []
        do {
            try source.forEachPacket { packet in
                let decoded = PacketDecoder.decode(packet.bytes, linkType: source.linkType)
                statistics.count(decoded)
                extractor.add(decoded, timestamp: packet.timestamp) { pending.append($0) }
                for window in pending { try emit(window) }
                statistics.windows += pending.count
                pending.removeAll(keepingCapacity: true)
                return true
            }
        } catch let error as CaptureError {
            guard case .truncated = error else { throw error }
            statistics.damage = error.description
        }
        extractor.finish { pending.append($0) }
        for window in pending { try emit(window) }
        statistics.windows += pending.count
        statistics.kept = extractor.keptPackets
        return statistics
    }
}
