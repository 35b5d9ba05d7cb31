/// A set of 64-bit row hashes: open addressing, linear probing, load ≤ 0.85.
///
/// Written by hand rather than using `Set<UInt64>` because the keys are already
/// uniformly mixed hashes: `Set` would hash them again with SipHash and store a bitmap plus
/// buckets, costing ~2× the time and more memory. Memory: 8 bytes × the next power of two
/// ≥ count / 0.85 (46.7 M rows → 512 MiB; 26 M rows → 256 MiB). Insert and lookup O(1) expected.
public struct RowHashSet: Sendable {
    private var slots: ZeroedWords
    private var mask: Int
    public private(set) var count = 0
    private var containsZero = false
    /// The highest fill before the table doubles.
    static let maximumLoad = 0.85

    public init(minimumCapacity: Int = 1 << 16) {
        var size = 1 << 10
        while Double(size) * Self.maximumLoad < Double(minimumCapacity) { size <<= 1 }
        slots = ZeroedWords(count: size)
        mask = size - 1
    }

    /// Bytes held by the table.
    public var memoryBytes: Int { slots.count * 8 }

    /// Inserts `hash`; returns `false` when it was already present (a duplicate).
    @inline(__always)
    public mutating func insert(_ hash: UInt64) -> Bool {
        makeUnique()
        if Double(count + 1) > Double(slots.count) * Self.maximumLoad { grow() }
        let mask = self.mask
        var zeroSeen = containsZero
        let inserted = slots.withUnsafeMutableBufferPointer { table in
            table.baseAddress.map { Self.place(hash, in: $0, mask: mask, zeroSeen: &zeroSeen) } ?? false
        }
        containsZero = zeroSeen
        if inserted { count += 1 }
        return inserted
    }

    /// Puts `hash` into `table`, or, for the zero hash (the empty-slot marker), into
    /// `zeroSeen`: `false` when it was already there. O(1) expected.
    @inline(__always)
    private static func place(_ hash: UInt64, in table: UnsafeMutablePointer<UInt64>, mask: Int, zeroSeen: inout Bool) -> Bool {
        if hash == 0 {
            defer { zeroSeen = true }
            return !zeroSeen
        }
        return place(hash, in: table, mask: mask)
    }

    /// Puts the non-zero `hash` into `table` (linear probing from its low bits; the table has
    /// room): `false` when it was already there. O(1) expected.
    @inline(__always)
    private static func place(_ hash: UInt64, in table: UnsafeMutablePointer<UInt64>, mask: Int) -> Bool {
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let current = table[index]
            if current == hash { return false }
            if current == 0 { table[index] = hash; return true }
            index = (index + 1) & mask
        }
    }

    /// Inserts `count` hashes in order, setting `inserted[i]` to whether `hashes[i]` was new
    /// (so a hash repeated within the batch is new only the first time), exactly as `count`
    /// calls of `insert(_:)` would.
    ///
    /// A table beyond the cache costs a memory round trip per insert; here the slot of the
    /// hash `lookahead` places ahead is loaded before each probe, so the misses overlap
    /// instead of queueing (the consumer's dedup loop in `Ingestor`: 64 % of its samples sat
    /// on the one probe load). O(count) expected.
    @inline(never)  // inlined, the caller's copy of `probeSink` is dead and the loads with it
    public mutating func insert(_ hashes: UnsafePointer<UInt64>, count: Int, inserted: UnsafeMutablePointer<Bool>) {
        makeUnique()
        let lookahead = 16
        var touched: UInt64 = 0
        var i = 0
        while i < count {
            // Grow only between hashes, never with a load in flight for the old table.
            let room = Int(Double(slots.count) * Self.maximumLoad) - self.count - 1
            if room < 1 { grow(); continue }
            let batchEnd = min(count, i + room)
            let start = i
            let mask = self.mask
            var added = 0
            var zeroSeen = containsZero
            slots.withUnsafeMutableBufferPointer { table in
                guard let base = table.baseAddress else { return }
                for j in start..<batchEnd {
                    if j + lookahead < batchEnd { touched ^= base[Int(truncatingIfNeeded: hashes[j + lookahead]) & mask] }
                    inserted[j] = Self.place(hashes[j], in: base, mask: mask, zeroSeen: &zeroSeen)
                    if inserted[j] { added += 1 }
                }
            }
            containsZero = zeroSeen
            self.count += added
            i = batchEnd
        }
        probeSink = touched
    }

    /// `insert(_:count:inserted:)` over the first `count` hashes of an array (a `RowBlock`'s),
    /// answering into `inserted`, which grows to `count` when shorter. O(count) expected.
    /// (Labelled `contentsOf:`: unlabelled, a call with arrays would silently pick the pointer
    /// form through Swift's implicit array-to-pointer conversion, without the growth.)
    public mutating func insert(contentsOf hashes: [UInt64], count: Int, inserted: inout [Bool]) {
        let count = min(count, hashes.count)
        if inserted.count < count { inserted = [Bool](repeating: false, count: count) }
        hashes.withUnsafeBufferPointer { source in
            inserted.withUnsafeMutableBufferPointer { answers in
                guard let source = source.baseAddress, let answers = answers.baseAddress else { return }
                insert(source, count: count, inserted: answers)
            }
        }
    }

    /// The look-ahead loads of `insert(_:count:inserted:)`, folded, so the optimiser keeps
    /// them. No meaning.
    private(set) var probeSink: UInt64 = 0

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

    /// Copies the table if another `RowHashSet` shares it (value semantics).
    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&slots) { slots = slots.copy() }
    }

    private mutating func grow() {
        let old = slots
        slots = ZeroedWords(count: old.count * 2)
        mask = slots.count - 1
        let mask = self.mask
        slots.withUnsafeMutableBufferPointer { table in
            guard let base = table.baseAddress else { return }
            for slot in 0..<old.count where old[slot] != 0 { _ = Self.place(old[slot], in: base, mask: mask) }
        }
    }
}
