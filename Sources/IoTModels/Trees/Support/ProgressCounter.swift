import Foundation

/// Counts finished work items from any thread and reports each to a `TrainingProgress`
/// callback, one call at a time.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private let total: Int
    private let progress: TrainingProgress?
    private let stage: String

    init(total: Int, stage: String = "tree", progress: TrainingProgress?) {
        self.total = total
        self.stage = stage
        self.progress = progress
    }

    func step(loss: Double? = nil) {
        guard let progress else { return }
        lock.lock()
        defer { lock.unlock() }
        done += 1
        progress(stage, done, total, loss)
    }
}
