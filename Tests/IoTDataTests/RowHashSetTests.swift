import Testing
@testable import IoTData

@Suite("Row hash set")
struct RowHashSetTests {
    /// Property: the batch insert answers exactly as one `insert` per hash (a second
    /// implementation), across table growth, repeats within a batch and the zero hash — on
    /// the real samples' row hashes plus random repeats.
    @Test func batchInsertMatchesOneAtATime() throws {
        let (_, _, realHashes) = try Fixtures.readAll(Fixtures.samples)
        var generator = SplitMix64(seed: 5)
        var hashes = realHashes
        for _ in 0..<50_000 {
            // Repeats (some inside the same batch), fresh random values and zeros.
            switch UInt8.random(in: 0..<4, using: &generator) {
            case 0: hashes.append(hashes[Int.random(in: 0..<hashes.count, using: &generator)])
            case 1: hashes.append(0)
            default: hashes.append(UInt64.random(in: 1...UInt64.max, using: &generator))
            }
        }
        var single = RowHashSet(minimumCapacity: 16)
        let expected = hashes.map { single.insert($0) }

        var batched = RowHashSet(minimumCapacity: 16)
        var answers = [Bool](repeating: false, count: hashes.count)
        var start = 0
        for size in [1, 7, 100, 4_096, 30_000, hashes.count] where start < hashes.count {
            let count = min(size, hashes.count - start)
            hashes.withUnsafeBufferPointer { h in
                answers.withUnsafeMutableBufferPointer { a in
                    batched.insert(h.baseAddress! + start, count: count, inserted: a.baseAddress! + start)
                }
            }
            start += count
        }
        #expect(answers == expected)
        #expect(batched.count == single.count)
        #expect(batched.count == Set(hashes).count)
        #expect(hashes.allSatisfy { batched.contains($0) })
    }

    /// Value semantics over the shared zero-filled table: a copy is unchanged by inserts into
    /// the original (both single and batched) and the other way round.
    @Test func copiesAreIndependent() {
        var original = RowHashSet(minimumCapacity: 16)
        for hash in 1...100 as ClosedRange<UInt64> { _ = original.insert(hash &* 0x9E37_79B9_7F4A_7C15) }
        var copy = original
        let insertedSeven = original.insert(7)
        #expect(insertedSeven)
        var more: [UInt64] = [11, 12, 13]
        var answers = [Bool](repeating: false, count: 3)
        more.withUnsafeMutableBufferPointer { h in
            answers.withUnsafeMutableBufferPointer { copy.insert(h.baseAddress!, count: 3, inserted: $0.baseAddress!) }
        }
        #expect(answers == [true, true, true])
        #expect(original.contains(7) && !copy.contains(7))
        #expect(copy.contains(12) && !original.contains(12))
        #expect(original.count == 101 && copy.count == 103)
    }

    /// The array form answers as one `insert` per hash and grows its answer array; it stops at
    /// the array's end when `count` overshoots.
    @Test func arrayInsertMatchesOneAtATime() {
        let hashes: [UInt64] = [5, 0, 9, 5, 0, 12, 9, 7]
        var single = RowHashSet(minimumCapacity: 16)
        let expected = hashes.map { single.insert($0) }
        var batched = RowHashSet(minimumCapacity: 16)
        var answers: [Bool] = []
        batched.insert(contentsOf: hashes, count: 5, inserted: &answers)
        #expect(answers == Array(expected.prefix(5)))
        batched.insert(contentsOf: Array(hashes.dropFirst(5)), count: 10, inserted: &answers)
        #expect(Array(answers.prefix(3)) == Array(expected.suffix(3)))
        #expect(batched.count == single.count)
    }
}
