/// One packet as handed over by a capture: timestamp, lengths and the captured bytes.
///
/// `bytes` points into the capture library's buffer and is valid only during the callback.
public struct CapturedPacket {
    /// Seconds and microseconds since the epoch, as the capture stores them.
    public var seconds: Int
    public var microseconds: Int
    /// Bytes captured (what `bytes` holds) and the packet's length on the wire.
    public var capturedLength: Int
    public var wireLength: Int
    public var bytes: UnsafeRawBufferPointer

    /// The timestamp as the CIC extractor (dpkt) builds it: `Double(sec) + Double(usec) / 1e6`.
    @inline(__always)
    public var timestamp: Double { Double(seconds) + Double(microseconds) / 1e6 }
}

/// The link-layer framing of a capture.
public enum LinkType: Sendable, Equatable {
    case ethernet
    case linuxCooked
    case linuxCooked2
    case rawIP

    init?(dlt: Int32) {
        switch dlt {
        case 1: self = .ethernet
        case 113: self = .linuxCooked
        case 276: self = .linuxCooked2
        case 12, 14, 101: self = .rawIP
        default: return nil
        }
    }
}
