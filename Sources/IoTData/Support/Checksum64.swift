/// A fast 64-bit checksum of a byte range (8 bytes a step, multiply-rotate mixing, then an
/// avalanche), used to detect corrupted column-store blobs and footers.
///
/// Hand-written because zstd does not export its XXH64 symbols and a full cryptographic
/// hash (swift-crypto) costs a package for what is an integrity check, not a security one.
/// O(n), ~4 GB/s.
public enum Checksum64 {
    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> UInt64 {
        var h = seed ^ (UInt64(bytes.count) &* 0xff51_afd7_ed55_8ccd)
        guard let base = bytes.baseAddress else { return RowHash.finalize(h) }
        let words = bytes.count / 8
        var i = 0
        while i < words {
            let w = base.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
            h = RowHash.combine(h, w)
            i += 1
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        for j in (words * 8)..<bytes.count {
            tail |= UInt64(bytes[j]) << shift
            shift += 8
        }
        h = RowHash.combine(h, tail)
        return RowHash.finalize(h)
    }

    public static func hash(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { hash($0) }
    }
}
