import Foundation

/// The label spellings one parser has already resolved, by their raw bytes: a file uses a
/// handful of spellings millions of times, so most rows resolve with one hash of at most 16
/// bytes and one byte comparison instead of `LabelTaxonomy`'s normalising lookup.
///
/// A fixed open-addressed table of `slotCount` slots, spellings of up to `maximumLength`
/// bytes (longer ones always take the taxonomy path). Unknown spellings are not cached. One
/// per parsing thread (not thread-safe); about 3 KB. Lookup: O(length).
struct LabelSpellingCache: ~Copyable {
    static let slotCount = 64
    static let maximumLength = 40

    /// `slotCount` × `maximumLength` bytes of spellings.
    private let bytes: UnsafeMutablePointer<UInt8>
    /// Length of each slot's spelling; 0 = empty.
    private let lengths: UnsafeMutablePointer<Int32>
    private let codes: UnsafeMutablePointer<LabelCode>

    init() {
        bytes = .allocate(capacity: Self.slotCount * Self.maximumLength)
        lengths = .allocate(capacity: Self.slotCount)
        lengths.initialize(repeating: 0, count: Self.slotCount)
        codes = .allocate(capacity: Self.slotCount)
        codes.initialize(repeating: .unlabeled, count: Self.slotCount)
    }

    deinit {
        bytes.deallocate()
        lengths.deallocate()
        codes.deallocate()
    }

    @inline(__always)
    private static func slot(_ start: UnsafePointer<UInt8>, _ length: Int) -> Int {
        // Length, first and last byte, and the byte in the middle: distinct for every
        // CICIoT2023 spelling met so far; a collision only costs a taxonomy lookup.
        var h = UInt32(truncatingIfNeeded: length) &* 0x9E37_79B1
        h ^= UInt32(start[0]) &* 0x85EB_CA6B
        h ^= UInt32(start[length - 1]) &* 0xC2B2_AE35
        h ^= UInt32(start[length >> 1]) &* 0x27D4_EB2F
        return Int(h >> 26)  // 64 slots
    }

    /// The code for the spelling `[start, start + length)`, through the cache.
    @inline(__always)
    func code(_ start: UnsafePointer<UInt8>, _ length: Int, taxonomy: LabelTaxonomy) -> LabelCode? {
        guard length > 0, length <= Self.maximumLength else {
            return taxonomy.code(for: UnsafeRawBufferPointer(start: start, count: length))
        }
        let slot = Self.slot(start, length)
        let stored = bytes + slot * Self.maximumLength
        if Int(lengths[slot]) == length, memcmp(stored, start, length) == 0 { return codes[slot] }
        guard let code = taxonomy.code(for: UnsafeRawBufferPointer(start: start, count: length)) else { return nil }
        stored.update(from: start, count: length)
        lengths[slot] = Int32(length)
        codes[slot] = code
        return code
    }
}
