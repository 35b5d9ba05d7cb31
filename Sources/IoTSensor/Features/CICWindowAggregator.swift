/// Collects the per-packet rows of one window and turns them into the 39 v2 features
/// exactly as the CIC extractor (pandas) does: means by numpy pairwise summation,
/// `Protocol Type` = mode (smallest on ties), the four `*_count` = sums, `Tot sum/Min/Max`
/// of sizes, `AVG` = `Tot size` = mean size, `Std`/`Variance` sample (ddof = 1; NaN for one
/// packet), `Number`, and `Rate` = Number / (max ts − min ts) (`+inf` for a zero span).
///
/// Reused window after window; holds at most the window's packets (three arrays reserved
/// for `capacity` packets, the counters inline). `add` is O(1) and allocation-free below
/// `capacity`; `finish` is O(N log N) for the mode of N ≤ capacity protocols, and allocates
/// only the window's 39 values.
public struct CICWindowAggregator: Sendable {
    private var headerLengthSum = 0
    private var ttlSum = 0
    /// fin, syn, rst, psh, ack, ece, cwr (lanes 0…6 of 8).
    private var flagCounts = SIMD8<Int32>()
    /// One lane per indicator of `CICPacketFeatures.indicatorNames` (lanes 0…14 of 16).
    private var indicatorCounts = SIMD16<Int32>()
    private var sizes: [Double] = []
    private var iats: [Double] = []
    private var protocols: [Int] = []
    private var minTimestamp = Double.infinity
    private var maxTimestamp = -Double.infinity
    private var firstTimestamp = 0.0
    private var lastTimestamp = 0.0
    private var sizeMin = Int.max
    private var sizeMax = Int.min
    private var sizeSum = 0
    public private(set) var count = 0

    private static let lanes = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)

    public init(capacity: Int = 100) {
        sizes.reserveCapacity(capacity)
        iats.reserveCapacity(capacity)
        protocols.reserveCapacity(capacity)
    }

    public var isEmpty: Bool { count == 0 }

    public mutating func add(_ p: CICPacketFeatures, iat: Double) {
        if count == 0 { firstTimestamp = p.timestamp }
        lastTimestamp = p.timestamp
        count += 1
        headerLengthSum += p.headerLength
        ttlSum += p.timeToLive
        let f = Int32(p.tcpFlags), b = Int32(p.indicators)
        // The CIC flags are bits 0–4, 6 and 7 of the TCP flag byte (URG, bit 5, is not a feature).
        flagCounts &+= SIMD8(f & 1, f >> 1 & 1, f >> 2 & 1, f >> 3 & 1, f >> 4 & 1, f >> 6 & 1, f >> 7 & 1, 0)
        indicatorCounts &+= (SIMD16<Int32>(repeating: b) &>> Self.lanes) & 1
        sizes.append(Double(p.size))
        iats.append(iat)
        protocols.append(p.protocolType)
        if p.timestamp < minTimestamp { minTimestamp = p.timestamp }
        if p.timestamp > maxTimestamp { maxTimestamp = p.timestamp }
        sizeMin = min(sizeMin, p.size)
        sizeMax = max(sizeMax, p.size)
        sizeSum += p.size
    }

    /// The window's features; then the aggregator is empty again.
    public mutating func finish(host: WindowHost? = nil) -> CICWindow {
        let n = Double(count)
        var v = [Double](repeating: 0, count: 39)
        v[0] = Double(headerLengthSum) / n
        v[1] = Double(Self.mode(&protocols))
        v[2] = Double(ttlSum) / n
        let span = maxTimestamp - minTimestamp
        v[3] = span == 0 ? .infinity : n / span
        for i in 0..<7 { v[4 + i] = Double(flagCounts[i]) / n }
        v[11] = Double(flagCounts[4])  // ack_count
        v[12] = Double(flagCounts[1])  // syn_count
        v[13] = Double(flagCounts[0])  // fin_count
        v[14] = Double(flagCounts[2])  // rst_count
        for i in 0..<15 { v[15 + i] = Double(indicatorCounts[i]) / n }
        v[30] = Double(sizeSum)
        v[31] = Double(sizeMin)
        v[32] = Double(sizeMax)
        let meanSize = PairwiseSum.sum(sizes) / n
        v[33] = meanSize
        var variance = Double.nan
        if count > 1 {
            variance = withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { squares in
                for i in 0..<count { squares[i] = (meanSize - sizes[i]) * (meanSize - sizes[i]) }
                return PairwiseSum.sum(UnsafeBufferPointer(squares))
            } / (n - 1)
        }
        v[34] = variance.squareRoot()
        v[35] = meanSize
        v[36] = PairwiseSum.sum(iats) / n
        v[37] = n
        v[38] = variance
        let window = CICWindow(values: v, packetCount: count, firstTimestamp: firstTimestamp, lastTimestamp: lastTimestamp, host: host)
        reset()
        return window
    }

    private mutating func reset() {
        headerLengthSum = 0
        ttlSum = 0
        flagCounts = SIMD8()
        indicatorCounts = SIMD16()
        sizes.removeAll(keepingCapacity: true)
        iats.removeAll(keepingCapacity: true)
        protocols.removeAll(keepingCapacity: true)
        minTimestamp = .infinity
        maxTimestamp = -.infinity
        sizeMin = .max
        sizeMax = .min
        sizeSum = 0
        count = 0
    }

    /// The most frequent value, the smallest on ties (pandas `mode()[0]`).
    static func mode(_ values: inout [Int]) -> Int {
        values.sort()
        var best = values.first ?? 0, bestCount = 0
        var i = 0
        while i < values.count {
            var j = i
            while j < values.count, values[j] == values[i] { j += 1 }
            if j - i > bestCount { bestCount = j - i; best = values[i] }
            i = j
        }
        return best
    }
}
