/// L-BFGS memory: the last `capacity` correction pairs `(s, y)` (step, gradient change) with
/// `ρ = 1 / yᵀs`, oldest first, and the two-loop product with the inverse-Hessian estimate.
/// O(capacity · dimension) memory and per product.
struct CorrectionHistory: Sendable {
    let capacity: Int
    let dimension: Int
    private var s: [[Double]] = []
    private var y: [[Double]] = []
    private var rho: [Double] = []
    private var alpha: [Double]

    init(capacity: Int, dimension: Int) {
        self.capacity = max(1, capacity)
        self.dimension = dimension
        alpha = [Double](repeating: 0, count: self.capacity)
    }

    var isEmpty: Bool { s.isEmpty }

    mutating func removeAll() {
        s.removeAll(keepingCapacity: true)
        y.removeAll(keepingCapacity: true)
        rho.removeAll(keepingCapacity: true)
    }

    /// Keeps the pair only when the curvature condition `yᵀs > 0` holds clearly (else the
    /// approximation would lose positive definiteness).
    mutating func append(s newS: [Double], y newY: [Double]) {
        let ys = LBFGSMinimizer.dot(newY, newS)
        let yy = LBFGSMinimizer.dot(newY, newY)
        guard ys > 1e-10 * yy, ys.isFinite, yy > 0 else { return }
        if s.count == capacity {
            s.removeFirst()
            y.removeFirst()
            rho.removeFirst()
        }
        s.append(newS)
        y.append(newY)
        rho.append(1 / ys)
    }

    /// `H·v` by the two-loop recursion, with `H₀ = γI`, `γ = sᵀy / yᵀy` of the newest pair.
    mutating func applyInverseHessian(to v: [Double], into result: inout [Double]) {
        result = v
        let count = s.count
        guard count > 0 else { return }
        for j in stride(from: count - 1, through: 0, by: -1) {
            let a = rho[j] * LBFGSMinimizer.dot(s[j], result)
            alpha[j] = a
            let yj = y[j]
            for i in 0..<dimension { result[i] -= a * yj[i] }
        }
        let newest = count - 1
        let gamma = 1 / (rho[newest] * LBFGSMinimizer.dot(y[newest], y[newest]))
        for i in 0..<dimension { result[i] *= gamma }
        for j in 0..<count {
            let b = rho[j] * LBFGSMinimizer.dot(y[j], result)
            let sj = s[j]
            let coefficient = alpha[j] - b
            for i in 0..<dimension { result[i] += coefficient * sj[i] }
        }
    }
}
