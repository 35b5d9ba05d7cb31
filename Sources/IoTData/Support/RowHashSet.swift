/// A set of 64-bit row hashes: open addressing, linear probing, load ≤ 0.85.
///
/// Written by hand rather than using `Set<UInt64>` because the keys are already
/// uniformly mixed hashes: `Set` would hash them again with SipHash and store a bitmap plus
/// buckets, costing ~2× the time and more memory. Memory: 8 bytes × the next power of two
/// ≥ count / 0.85 (46.7 M rows → 512 MiB; 26 M rows → 256 MiB). Insert and lookup O(1) expected.
public struct RowHashSet: Sendable {
    private var slots: [UInt64]
    private var mask: Int
    public private(set) var count = 0
    private var containsZero = false
    /// The highest fill before the table doubles.
    static let maximumLoad = 0.85

    public init(minimumCapacity: Int = 1 << 16) {
        var size = 1 << 10
        while Double(size) * Self.maximumLoad < Double(minimumCapacity) { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    /// Bytes held by the table.
    public var memoryBytes: Int { slots.count * 8 }

    /// Inserts `hash`; returns `false` when it was already present (a duplicate).
    @inline(__always)
    public mutating func insert(_ hash: UInt64) -> Bool {
        if hash == 0 {
            if containsZero { return false }
            containsZero = true
            count += 1
            return true
        }
        if Double(count + 1) > Double(slots.count) * Self.maximumLoad { grow() }
        let inserted = slots.withUnsafeMutableBufferPointer { table -> Bool in
            var index = Int(truncatingIfNeeded: hash) & mask
            while true {
                let current = table[index]
                if current == hash { return false }
                if current == 0 { table[index] = hash; return true }
                index = (index + 1) & mask
            }
        }
        if inserted { count += 1 }
        return inserted
    }

    public func contains(_ hash: UInt64) -> Bool {
        if hash == 0 { return containsZero }
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let current = slots[index]
            if current == hash { return true }
            if current == 0 { return false }
            index = (index + 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        mask = slots.count - 1
        slots.withUnsafeMutableBufferPointer { table in
            for hash in old where hash != 0 {
                var index = Int(truncatingIfNeeded: hash) & mask
                while table[index] != 0 { index = (index + 1) & mask }
                table[index] = hash
            }
        }
    }
}
