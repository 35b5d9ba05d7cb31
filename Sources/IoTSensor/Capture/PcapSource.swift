import CPcap
import Foundation

/// Reads packets from a capture file (pcap or pcapng, any link type libpcap reads) or a
/// live interface, through libpcap.
///
/// Timestamps are always microseconds (nanosecond captures are scaled down, as the CIC
/// pipeline's `tcpdump` rewrite does). A damaged file yields every packet before the damage
/// and then `CaptureError.truncated` naming how many were read.
public final class PcapSource {
    public let name: String
    public let linkType: LinkType
    private let handle: OpaquePointer
    /// A capture file's stdio buffer (freed after `pcap_close` has closed the file).
    private let readBuffer: UnsafeMutablePointer<CChar>?
    public private(set) var packetsRead = 0

    /// Bytes per `read` of a capture file. libpcap reads a file through stdio, whose default
    /// buffer is one 4 KiB page: a `read` system call per page, which took a third of the
    /// sensor's CPU time on this VM (kernel copy per call); 1 MiB makes them 256 times fewer.
    static let fileBufferBytes = 1 << 20

    private init(name: String, handle: OpaquePointer, readBuffer: UnsafeMutablePointer<CChar>? = nil) throws {
        self.name = name
        self.handle = handle
        self.readBuffer = readBuffer
        let dlt = pcap_datalink(handle)
        guard let linkType = LinkType(dlt: dlt) else {
            pcap_close(handle)
            readBuffer?.deallocate()
            throw CaptureError.unsupportedLinkType(source: name, linkType: dlt)
        }
        self.linkType = linkType
    }

    /// Opens a capture file (read through a `fileBufferBytes` stdio buffer).
    public static func file(_ path: String, filter: String? = nil) throws -> PcapSource {
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        guard let file = fopen(path, "rb") else {
            throw CaptureError.cannotOpen(source: path, reason: String(cString: strerror(errno)))
        }
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: fileBufferBytes)
        setvbuf(file, buffer, _IOFBF, fileBufferBytes)
        guard let handle = pcap_fopen_offline_with_tstamp_precision(file, UInt32(PCAP_TSTAMP_PRECISION_MICRO), &errorBuffer) else {
            fclose(file)
            buffer.deallocate()
            throw CaptureError.cannotOpen(source: path, reason: Self.text(errorBuffer))
        }
        let source = try PcapSource(name: path, handle: handle, readBuffer: buffer)
        if let filter { try source.apply(filter: filter) }
        return source
    }

    /// Opens a live interface.
    ///
    /// - Parameters:
    ///   - snapLength: bytes captured per packet (the CIC features need headers only, but
    ///     `Tot size` is the captured length, so the default keeps whole frames).
    ///   - promiscuous: capture traffic not addressed to this host.
    /// - Throws: `CaptureError.permissionDenied` without capture privileges.
    public static func live(interface: String, snapLength: Int32 = 65535, promiscuous: Bool = true,
                            timeoutMilliseconds: Int32 = 100, filter: String? = nil) throws -> PcapSource {
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        guard let handle = pcap_create(interface, &errorBuffer) else {
            throw CaptureError.cannotOpen(source: interface, reason: Self.text(errorBuffer))
        }
        pcap_set_snaplen(handle, snapLength)
        pcap_set_promisc(handle, promiscuous ? 1 : 0)
        pcap_set_timeout(handle, timeoutMilliseconds)
        pcap_set_tstamp_precision(handle, Int32(PCAP_TSTAMP_PRECISION_MICRO))
        let status = pcap_activate(handle)
        if status < 0 {
            let reason = String(cString: pcap_geterr(handle))
            pcap_close(handle)
            if status == PCAP_ERROR_PERM_DENIED || status == PCAP_ERROR_PROMISC_PERM_DENIED {
                throw CaptureError.permissionDenied(interface: interface, reason: reason)
            }
            throw CaptureError.cannotOpen(source: interface, reason: reason.isEmpty ? "pcap_activate failed (\(status))" : reason)
        }
        let source = try PcapSource(name: interface, handle: handle)
        if let filter { try source.apply(filter: filter) }
        return source
    }

    private func apply(filter: String) throws {
        var program = bpf_program()
        guard pcap_compile(handle, &program, filter, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
            throw CaptureError.badFilter(filter: filter, reason: String(cString: pcap_geterr(handle)))
        }
        defer { pcap_freecode(&program) }
        guard pcap_setfilter(handle, &program) == 0 else {
            throw CaptureError.badFilter(filter: filter, reason: String(cString: pcap_geterr(handle)))
        }
    }

    /// Calls `body` for each packet until the end of the capture, `body` returns `false`, or
    /// (live) `shouldStop()` says so. Returns normally at the end of a file.
    /// - Throws: `CaptureError.truncated` when the file is damaged (after delivering every good packet).
    public func forEachPacket(shouldStop: () -> Bool = { false }, _ body: (CapturedPacket) throws -> Bool) throws {
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        while !shouldStop() {
            let status = pcap_next_ex(handle, &header, &data)
            if status == 1, let header, let data {
                let h = header.pointee
                let captured = Int(h.caplen)
                let packet = CapturedPacket(
                    seconds: Int(h.ts.tv_sec), microseconds: Int(h.ts.tv_usec), capturedLength: captured,
                    wireLength: Int(h.len), bytes: UnsafeRawBufferPointer(start: data, count: captured))
                packetsRead += 1
                if try !body(packet) { return }
            } else if status == 0 {
                continue  // live timeout with no packet
            } else if status == PCAP_ERROR_BREAK || status == -2 {
                return  // end of file
            } else {
                throw CaptureError.truncated(source: name, packets: packetsRead, reason: String(cString: pcap_geterr(handle)))
            }
        }
    }

    /// Packets the kernel dropped on a live capture (`nil` for files).
    public var droppedByKernel: Int? {
        var stats = pcap_stat()
        return pcap_stats(handle, &stats) == 0 ? Int(stats.ps_drop) : nil
    }

    /// The NUL-terminated message libpcap wrote into `buffer`.
    static func text(_ buffer: [CChar]) -> String {
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Stops a running `forEachPacket` from another thread (live capture).
    public func breakLoop() { pcap_breakloop(handle) }

    deinit {
        pcap_close(handle)  // closes a capture file too
        readBuffer?.deallocate()
    }
}
