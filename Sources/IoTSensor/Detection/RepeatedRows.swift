import Foundation

/// Finds the rows of a batch that repeat an earlier row bit for bit, so that each distinct
/// row is scored once. A flood makes thousands of identical windows (the 2,000 host windows of
/// the real DHCP request flood are one feature row), and a model is a function of its input,
/// so the results are exactly those of scoring every row.
///
/// Hand-written rather than a `Dictionary` of row arrays: that would allocate an array per
/// row; this hashes the rows where they lie (open addressing over row indices, rows compared
/// with `memcmp` on a hash match). O(rows × width) expected; no allocation beyond the
/// caller's buffers.
enum RepeatedRows {
    /// Moves the distinct rows of `values` (`rows × width` floats, row-major) to the front in
    /// first-seen order and sets `source[r]` to the distinct row that row `r` is. `table`
    /// is scratch of at least `tableSize(rows:)` slots. Returns the number of distinct rows.
    static func compact(_ values: UnsafeMutablePointer<Float>, rows: Int, width: Int,
                        source: UnsafeMutablePointer<Int32>, table: UnsafeMutablePointer<Int32>) -> Int {
        let size = tableSize(rows: rows), mask = size - 1
        table.update(repeating: -1, count: size)
        var distinct = 0
        let bytes = width * MemoryLayout<Float>.stride
        for row in 0..<rows {
            let here = values + row * width
            var slot = Int(truncatingIfNeeded: hash(here, width: width)) & mask
            while true {
                let known = Int(table[slot])
                if known < 0 {
                    // New: move it to the next distinct position (never after itself).
                    if distinct != row { (values + distinct * width).update(from: here, count: width) }
                    table[slot] = Int32(truncatingIfNeeded: distinct)
                    source[row] = Int32(truncatingIfNeeded: distinct)
                    distinct += 1
                    break
                }
                if memcmp(values + known * width, here, bytes) == 0 {
                    source[row] = Int32(truncatingIfNeeded: known)
                    break
                }
                slot = (slot + 1) & mask
            }
        }
        return distinct
    }

    /// Spreads per-distinct-row results (`width` floats each, at the front of `results`) to
    /// every row, in place: backwards, as a row's distinct index is never after the row.
    static func expand(_ results: UnsafeMutablePointer<Float>, rows: Int, width: Int, source: UnsafePointer<Int32>) {
        for row in stride(from: rows - 1, through: 0, by: -1) {
            let from = Int(source[row])
            if from != row { (results + row * width).update(from: results + from * width, count: width) }
        }
    }

    /// Slots of the hash table for `rows` rows: a power of two at least twice `rows`.
    static func tableSize(rows: Int) -> Int {
        var size = 16
        while size < 2 * rows { size <<= 1 }
        return size
    }

    /// FNV-1a over the row's 32-bit words in four interleaved lanes (four short multiply
    /// chains instead of one long one), joined, then a 64-bit finaliser (splitmix's).
    @inline(__always)
    static func hash(_ row: UnsafePointer<Float>, width: Int) -> UInt64 {
        let prime: UInt64 = 0x100_0000_01b3
        var (a, b, c, d): (UInt64, UInt64, UInt64, UInt64) = (0xcbf2_9ce4_8422_2325, 1, 2, 3)
        var i = 0
        while i + 4 <= width {
            a = (a ^ UInt64(row[i].bitPattern)) &* prime
            b = (b ^ UInt64(row[i + 1].bitPattern)) &* prime
            c = (c ^ UInt64(row[i + 2].bitPattern)) &* prime
            d = (d ^ UInt64(row[i + 3].bitPattern)) &* prime
            i += 4
        }
        while i < width {
            a = (a ^ UInt64(row[i].bitPattern)) &* prime
            i += 1
        }
        var h = ((a &* prime ^ b) &* prime ^ c) &* prime ^ d
        h = (h ^ (h >> 30)) &* 0xbf58_476d_1ce4_e5b9
        h = (h ^ (h >> 27)) &* 0x94d0_49bb_1331_11eb
        return h ^ (h >> 31)
    }
}
