import IoTData

/// Rows gathered into contiguous buffers for one mini-batch step, plus the epoch order.
/// Owns its memory: call `deallocate()` when done (fits use `defer`). Capacity is fixed at
/// creation; `fill` copies O(rows·features).
struct MiniBatch {
    let capacity: Int
    let featureCount: Int
    /// `capacity × featureCount` row-major; the first `count` rows are valid.
    let features: UnsafeMutablePointer<Float>
    let labels: UnsafeMutablePointer<Int32>
    /// Row weights (1 when the data is unweighted).
    let weights: UnsafeMutablePointer<Float>
    private(set) var count = 0
    private(set) var weightSum = 0.0

    init(capacity: Int, featureCount: Int) {
        self.capacity = max(1, capacity)
        self.featureCount = featureCount
        features = .allocate(capacity: self.capacity * featureCount)
        features.initialize(repeating: 0, count: self.capacity * featureCount)
        labels = .allocate(capacity: self.capacity)
        labels.initialize(repeating: 0, count: self.capacity)
        weights = .allocate(capacity: self.capacity)
        weights.initialize(repeating: 1, count: self.capacity)
    }

    func deallocate() {
        features.deallocate()
        labels.deallocate()
        weights.deallocate()
    }

    /// Copies the rows `order[range]` of `data` (at most `capacity` of them).
    mutating func fill(from data: TrainingData, order: UnsafeBufferPointer<Int>, range: Range<Int>) {
        precondition(range.count <= capacity, "MiniBatch: \(range.count) rows for capacity \(capacity)")
        let d = featureCount
        count = range.count
        weightSum = 0
        data.features.values.withUnsafeBufferPointer { x in
            guard let xBase = x.baseAddress else { return }
            for (slot, position) in range.enumerated() {
                let row = order[position]
                (features + slot * d).update(from: xBase + row * d, count: d)
                labels[slot] = data.labels[row]
                let w = data.weights?[row] ?? 1
                weights[slot] = w
                weightSum += Double(w)
            }
        }
    }
}
