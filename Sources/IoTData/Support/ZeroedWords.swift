import Foundation

/// A fixed-size buffer of `UInt64` words that starts all zero, from `calloc`: a large one
/// comes straight from the kernel's zero pages, so nothing is written up front and each page
/// is cleared when first touched (a `[UInt64](repeating: 0, …)` of `RowHashSet`'s 64 MiB
/// table wrote every byte before ingest could start). Reference semantics: `RowHashSet`
/// copies it before writing when it is shared.
final class ZeroedWords: @unchecked Sendable {
    let count: Int
    private let base: UnsafeMutablePointer<UInt64>

    /// - Precondition: `count > 0`; traps if memory is exhausted.
    init(count: Int) {
        self.count = count
        guard let raw = calloc(count, MemoryLayout<UInt64>.stride) else {
            fatalError("out of memory: \(count) words")
        }
        base = raw.bindMemory(to: UInt64.self, capacity: count)
    }

    deinit { free(base) }

    subscript(index: Int) -> UInt64 { base[index] }

    /// The words, for reading and writing in place. O(1).
    func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<UInt64>) throws -> R) rethrows -> R {
        try body(UnsafeMutableBufferPointer(start: base, count: count))
    }

    /// A copy with the same words. O(count).
    func copy() -> ZeroedWords {
        let twin = ZeroedWords(count: count)
        twin.base.update(from: base, count: count)
        return twin
    }
}
