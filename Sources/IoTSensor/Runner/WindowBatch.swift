/// Windows handed from the capture thread to the scoring thread, in capture order.
struct WindowBatch: Sendable {
    var windows: [CICWindow] = []
    /// Per window: when the packet that completed it was seen (`DispatchTime` uptime,
    /// nanoseconds), the start of its alert latency.
    var seenAt: [UInt64] = []
    /// Capture time (seconds) of the last packet read before the batch was handed over: the
    /// clock incidents are closed by.
    var captureTime = -Double.infinity
    /// The source ended: close every open incident after this batch.
    var isLast = false

    init(capacity: Int) {
        windows.reserveCapacity(capacity)
        seenAt.reserveCapacity(capacity)
    }

    var isEmpty: Bool { windows.isEmpty }

    mutating func append(_ window: CICWindow, seenAt time: UInt64) {
        windows.append(window)
        seenAt.append(time)
    }
}
