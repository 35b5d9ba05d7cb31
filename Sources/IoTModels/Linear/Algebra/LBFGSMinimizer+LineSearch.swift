/// Strong-Wolfe line search (Nocedal & Wright, Alg. 3.5 with `zoom`, Alg. 3.6) with
/// `c₁ = 1e-4`, `c₂ = 0.9` and safeguarded cubic interpolation, which also accepts Hager &
/// Zhang's *approximate Wolfe* points (2005): `(2c₁ − 1)·φ′(0) ≥ φ′(α) ≥ c₂·φ′(0)` and
/// `φ(α) ≤ φ(0) + ε·|φ(0)|`. Near the optimum the decrease `c₁·α·φ′(0)` falls below the
/// rounding noise of an objective evaluated in `Float` (≈ 1e-8 relative), so the sufficient-
/// decrease test fails at every step although the slopes, which stay accurate, show a good
/// step; the approximate test lets the iteration go on until the gradient itself is small.
extension LBFGSMinimizer {
    struct LinePoint {
        var step: Double
        var x: [Double]
        var value: Double
        var gradient: [Double]
        var slope: Double
    }

    /// A point along `x + step·direction` with sufficient decrease and (usually) the curvature
    /// condition; `nil` when no evaluated point lowered the objective.
    func lineSearch(
        x: [Double], value: Double, gradient: [Double], direction: [Double], slope: Double,
        initialStep: Double, objective: Objective, evaluations: inout Int
    ) -> LinePoint? {
        let c1 = 1e-4
        let c2 = 0.9
        var budget = maxLineSearchEvaluations
        var best: LinePoint?

        func evaluate(_ step: Double) -> LinePoint {
            var point = x
            for i in 0..<point.count { point[i] += step * direction[i] }
            var g = [Double](repeating: 0, count: point.count)
            var f = objective(point, &g)
            evaluations += 1
            budget -= 1
            if !f.isFinite { f = .infinity }
            let candidate = LinePoint(step: step, x: point, value: f, gradient: g, slope: LBFGSMinimizer.dot(g, direction))
            if f < value + c1 * step * slope, f < (best?.value ?? .infinity) { best = candidate }
            return candidate
        }

        func isStrongWolfe(_ p: LinePoint) -> Bool {
            p.value <= value + c1 * p.step * slope && abs(p.slope) <= -c2 * slope
        }

        func isApproximateWolfe(_ p: LinePoint) -> Bool {
            (2 * c1 - 1) * slope >= p.slope && p.slope >= c2 * slope && p.value <= value + approximateWolfeTolerance * abs(value)
        }

        func zoom(_ lowIn: LinePoint, _ highIn: LinePoint) -> LinePoint? {
            var low = lowIn
            var high = highIn
            while budget > 0 {
                let trial = Self.cubicMinimiser(low, high)
                let p = evaluate(trial)
                if isApproximateWolfe(p) { return p }
                if p.value > value + c1 * p.step * slope || p.value >= low.value {
                    high = p
                } else {
                    if abs(p.slope) <= -c2 * slope { return p }
                    if p.slope * (high.step - low.step) >= 0 { high = low }
                    low = p
                }
                if abs(high.step - low.step) <= 1e-12 * max(1, abs(low.step)) { break }
            }
            return best
        }

        let origin = LinePoint(step: 0, x: x, value: value, gradient: gradient, slope: slope)
        var previous = origin
        var step = initialStep
        var first = true
        while budget > 0 {
            let p = evaluate(step)
            if isStrongWolfe(p) || isApproximateWolfe(p) { return p }
            if p.value > value + c1 * step * slope || (!first && p.value >= previous.value) {
                return zoom(previous, p)
            }
            if p.slope >= 0 { return zoom(p, previous) }
            previous = p
            first = false
            step *= 2
        }
        return best
    }

    /// The minimiser of the cubic through two points' values and slopes, kept inside the
    /// middle 80% of the interval (bisection when the cubic has no usable minimum).
    static func cubicMinimiser(_ a: LinePoint, _ b: LinePoint) -> Double {
        let lo = min(a.step, b.step)
        let hi = max(a.step, b.step)
        let width = hi - lo
        let d1 = a.slope + b.slope - 3 * (a.value - b.value) / (a.step - b.step)
        let radicand = d1 * d1 - a.slope * b.slope
        var trial = (lo + hi) / 2
        if radicand >= 0, a.value.isFinite, b.value.isFinite {
            let d2 = (b.step > a.step ? 1.0 : -1.0) * radicand.squareRoot()
            let candidate = b.step - (b.step - a.step) * (b.slope + d2 - d1) / (b.slope - a.slope + 2 * d2)
            if candidate.isFinite { trial = candidate }
        }
        return min(max(trial, lo + 0.1 * width), hi - 0.1 * width)
    }
}
