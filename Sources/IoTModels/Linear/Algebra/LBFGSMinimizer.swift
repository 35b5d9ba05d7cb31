/// Limited-memory BFGS (Nocedal & Wright, *Numerical Optimization*, Alg. 7.4–7.5) for a
/// smooth objective `f: ℝⁿ → ℝ`, in `Double`, with a strong-Wolfe line search
/// (`LBFGSMinimizer+LineSearch.swift`).
///
/// Stops when the largest gradient component is `≤ gradientTolerance` (scikit-learn's and
/// SciPy's `pgtol` test), when one iteration lowers `f` by a relative amount in
/// `[0, functionTolerance]` (SciPy's `factr·eps` test), when the line search finds no
/// acceptable step (reported as not converged), or after `maxIterations`. Memory: `2·memory + 4`
/// vectors of length n. Each iteration costs one two-loop recursion, O(memory·n), plus
/// the objective evaluations of the line search (usually one).
struct LBFGSMinimizer: Sendable {
    var memory = 10
    var maxIterations: Int
    var gradientTolerance: Double
    var functionTolerance: Double
    /// Objective evaluations allowed per line search.
    var maxLineSearchEvaluations = 25
    /// `ε` of the approximate-Wolfe test (see the line search): the relative increase of `f`
    /// tolerated as evaluation noise; above the ≈ 1e-8 of our `Float` objective.
    var approximateWolfeTolerance = 1e-7

    struct Result: Sendable {
        var x: [Double]
        var value: Double
        var gradientMaxNorm: Double
        var iterations: Int
        var evaluations: Int
        var converged: Bool
        var detail: String
    }

    /// Evaluates `f` at `x`, writes `∇f(x)` into `gradient` (same length) and returns `f(x)`.
    /// A non-finite value marks `x` as outside the domain; the line search then steps back.
    typealias Objective = (_ x: [Double], _ gradient: inout [Double]) -> Double

    /// Minimises `objective` from `start`; `onIteration(iteration, value)` after each iteration.
    func minimize(start: [Double], objective: Objective, onIteration: ((Int, Double) -> Void)? = nil) -> Result {
        let n = start.count
        var x = start
        var gradient = [Double](repeating: 0, count: n)
        var value = objective(x, &gradient)
        var evaluations = 1
        guard value.isFinite else {
            return Result(x: x, value: value, gradientMaxNorm: .nan, iterations: 0, evaluations: 1, converged: false,
                          detail: "the objective is not finite at the starting point")
        }
        var history = CorrectionHistory(capacity: memory, dimension: n)
        var direction = [Double](repeating: 0, count: n)
        var iteration = 0
        var gradientNorm = Self.maxNorm(gradient)
        if gradientNorm <= gradientTolerance {
            return Result(x: x, value: value, gradientMaxNorm: gradientNorm, iterations: 0, evaluations: 1, converged: true,
                          detail: "gradient max-norm \(gradientNorm) ≤ \(gradientTolerance) at the start")
        }
        while iteration < maxIterations {
            iteration += 1
            history.applyInverseHessian(to: gradient, into: &direction)
            for i in 0..<n { direction[i] = -direction[i] }
            var slope = Self.dot(gradient, direction)
            if !(slope < 0) {
                // Not a descent direction (curvature pairs gone stale): restart from steepest descent.
                history.removeAll()
                for i in 0..<n { direction[i] = -gradient[i] }
                slope = Self.dot(gradient, direction)
            }
            // First step: unit length along the gradient; afterwards the quasi-Newton step of 1.
            let initialStep = history.isEmpty ? min(1, 1 / Self.norm(direction)) : 1
            guard let accepted = lineSearch(x: x, value: value, gradient: gradient, direction: direction, slope: slope,
                                             initialStep: initialStep, objective: objective, evaluations: &evaluations)
            else {
                if !history.isEmpty {
                    // Retry once from steepest descent before giving up.
                    history.removeAll()
                    iteration -= 1
                    continue
                }
                return Result(x: x, value: value, gradientMaxNorm: gradientNorm, iterations: iteration, evaluations: evaluations,
                              converged: false, detail: "the line search could not lower the objective (gradient max-norm \(gradientNorm))")
            }
            var s = accepted.x
            var y = accepted.gradient
            for i in 0..<n {
                s[i] -= x[i]
                y[i] -= gradient[i]
            }
            history.append(s: s, y: y)
            let reduction = (value - accepted.value) / max(abs(value), abs(accepted.value), 1)
            x = accepted.x
            gradient = accepted.gradient
            value = accepted.value
            gradientNorm = Self.maxNorm(gradient)
            onIteration?(iteration, value)
            if gradientNorm <= gradientTolerance {
                return Result(x: x, value: value, gradientMaxNorm: gradientNorm, iterations: iteration, evaluations: evaluations,
                              converged: true, detail: "gradient max-norm \(gradientNorm) ≤ \(gradientTolerance)")
            }
            if reduction >= 0, reduction <= functionTolerance {
                return Result(x: x, value: value, gradientMaxNorm: gradientNorm, iterations: iteration, evaluations: evaluations,
                              converged: true, detail: "relative objective reduction \(reduction) ≤ \(functionTolerance)")
            }
        }
        return Result(x: x, value: value, gradientMaxNorm: gradientNorm, iterations: iteration, evaluations: evaluations,
                      converged: false, detail: "iteration budget (\(maxIterations)) exhausted with gradient max-norm \(gradientNorm)")
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in 0..<a.count { sum += a[i] * b[i] }
        return sum
    }

    static func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }

    static func maxNorm(_ a: [Double]) -> Double {
        var largest = 0.0
        for value in a {
            if !(abs(value) <= largest) { largest = abs(value) }  // NaN propagates
        }
        return largest
    }
}
