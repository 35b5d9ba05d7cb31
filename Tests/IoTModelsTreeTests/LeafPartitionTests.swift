import Testing
@testable import IoTModels

/// The boosting learner's row partition (`LeafWiseTreeGrower.partition`), cut into parts for
/// threads, against a second computation: Swift's `filter` of the same rows, each side in order.
@Suite("Leaf row partition")
struct LeafPartitionTests {
    /// Real binned codes, every feature at its middle bin, row lists of several lengths (every
    /// row, every third row, a handful), 1–7 parts: the rows that go left come first, each
    /// side in its original order, and the count returned is the left side's.
    @Test func partsJoinToTheStablePartition() throws {
        let (binner, binned) = TreeFixtures.familyBinned
        let n = binned.rowCount
        #expect(n > 1000)
        var checked = 0
        try binned.codes.withUnsafeBufferPointer { codes in
            let base = try #require(codes.baseAddress)
            for feature in 0..<binned.featureCount {
                let column = base + feature * n
                let bin = UInt8(binner.binCount(feature: feature) / 2)
                for rows in [Array(0..<Int32(n)), Array(Swift.stride(from: Int32(1), to: Int32(n), by: 3)), [4, 2, 9, 7, 1]] {
                    let left = rows.filter { column[Int($0)] <= bin }, right = rows.filter { column[Int($0)] > bin }
                    for parts in [1, 2, 3, 7] {
                        var list = rows
                        var scratch = [Int32](repeating: -1, count: rows.count)
                        let kept = LeafWiseTreeGrower.partition(&list, count: list.count, column: column, bin: bin,
                                                                scratch: &scratch, parts: parts)
                        #expect(kept == left.count, "feature \(feature), \(rows.count) rows, \(parts) parts")
                        #expect(list == left + right, "feature \(feature), \(rows.count) rows, \(parts) parts")
                        if !left.isEmpty, !right.isEmpty, parts > 1 { checked += 1 }
                    }
                }
            }
        }
        #expect(checked > 0, "some partitions had rows on both sides")
    }
}
