import Foundation

/// Copies of large read-mostly arrays (a forest's nodes) whose storage the kernel is asked to
/// back with 2 MiB pages (`madvise(MADV_HUGEPAGE)`, honoured when transparent huge pages are
/// in `madvise` or `always` mode).
///
/// Scoring walks nodes at random over hundreds of MB; with 4 KiB pages nearly every step is a
/// TLB miss, with 2 MiB pages the whole forest fits the TLB. The advice is given before the
/// copy touches the fresh allocation, so its pages fault in huge. Arrays under 4 MiB are
/// returned as they are. Failure mode: none (without huge pages it is an ordinary copy).
enum HugePageCopy {
    static let hugePage = 2 << 20

    static func copy<Element>(_ array: [Element]) -> [Element] {
        let bytes = array.count * MemoryLayout<Element>.stride
        guard bytes >= 2 * hugePage else { return array }
        return array.withUnsafeBufferPointer { source in
            [Element](unsafeUninitializedCapacity: array.count) { buffer, count in
                if let base = buffer.baseAddress {
                    let start = (UInt(bitPattern: base) + UInt(hugePage - 1)) & ~UInt(hugePage - 1)
                    let end = (UInt(bitPattern: base) + UInt(bytes)) & ~UInt(hugePage - 1)
                    if end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) {
                        _ = madvise(pointer, Int(end - start), MADV_HUGEPAGE)
                    }
                    if let from = source.baseAddress { base.initialize(from: from, count: array.count) }
                }
                count = array.count
            }
        }
    }
}
