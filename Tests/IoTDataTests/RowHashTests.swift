import Testing
@testable import IoTData

@Suite("Row hash")
struct RowHashTests {
    /// The hash as first written: one value at a time, `canonicalBits` on each, pairs folded
    /// in order. A second implementation for the vectorised `RowHash.hash`.
    func scalarHash(_ values: [Float], label: LabelCode) -> UInt64 {
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(values.count)
        var i = 0
        while i + 1 < values.count {
            h = RowHash.combine(h, RowHash.canonicalBits(values[i]) | (RowHash.canonicalBits(values[i + 1]) << 32))
            i += 2
        }
        if i < values.count { h = RowHash.combine(h, RowHash.canonicalBits(values[i])) }
        h = RowHash.combine(h, UInt64(label.fine) | (UInt64(label.family) << 8) | (1 << 16))
        return RowHash.finalize(h)
    }

    func hash(_ values: [Float], label: LabelCode) -> UInt64 {
        values.withUnsafeBufferPointer { RowHash.hash($0.baseAddress ?? UnsafePointer(bitPattern: 8)!, count: values.count, label: label) }
    }

    /// Property: the same value as the scalar fold for every row length 0…50 and values drawn
    /// from zeros of both signs, NaNs of several payloads, infinities and ordinary numbers; rows
    /// equal as numbers (±0, any NaN) hash alike, and a changed value or label changes it.
    @Test func vectorisedHashMatchesTheScalarFold() {
        var generator = SplitMix64(seed: 31)
        let specials: [Float] = [0, -0.0, .nan, Float(bitPattern: 0x7FC0_0001), -.nan, .infinity, -.infinity, 1, -1, 1e-30]
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...50, using: &generator)
            let values = (0..<count).map { _ in
                Bool.random(using: &generator) ? specials.randomElement(using: &generator) ?? 0
                    : Float.random(in: -1e6...1e6, using: &generator)
            }
            let label = LabelCode(fine: UInt8.random(in: 0...33, using: &generator), family: UInt8.random(in: 0...7, using: &generator))
            let expected = scalarHash(values, label: label)
            #expect(hash(values, label: label) == expected)
            // ±0 and NaN payloads are the same row.
            let twin = values.map { $0 == 0 ? -$0 : ($0.isNaN ? Float.nan : $0) }
            #expect(hash(twin, label: label) == expected)
            if count > 0 {
                var changed = values
                let index = Int.random(in: 0..<count, using: &generator)
                changed[index] = changed[index] == 5 ? 6 : 5
                #expect(hash(changed, label: label) != expected)
            }
        }
    }
}
