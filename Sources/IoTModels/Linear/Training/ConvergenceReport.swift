/// How a fit ended: iterations run, whether the stopping criterion was met, and the loss.
///
/// `iterations` counts epochs (passes over the training rows) for mini-batch Adam, the
/// perceptron and the network, and quasi-Newton iterations for L-BFGS. `converged` is true
/// when the solver's own criterion stopped it (gradient or relative-loss tolerance for
/// L-BFGS; no improvement larger than the tolerance for the configured number of epochs
/// for the epoch-based solvers, as scikit-learn's `n_iter_no_change`), false when the
/// iteration budget ran out first or the line search stalled.
public struct ConvergenceReport: Sendable, Equatable, CustomStringConvertible {
    public enum Unit: UInt8, Sendable {
        case epoch = 0
        case iteration = 1
    }

    public var unit: Unit
    public var iterations: Int
    public var maxIterations: Int
    public var converged: Bool
    /// The training objective at the end (mean weighted cross-entropy plus the L2 term for
    /// logistic regression; mean perceptron loss; mean cross-entropy with dropout for the network).
    public var trainingLoss: Double
    /// Mean cross-entropy on the validation set of the kept weights, when one was given.
    public var validationLoss: Double?
    /// Why it stopped, in words.
    public var detail: String

    public init(unit: Unit, iterations: Int, maxIterations: Int, converged: Bool, trainingLoss: Double,
                validationLoss: Double? = nil, detail: String) {
        self.unit = unit
        self.iterations = iterations
        self.maxIterations = maxIterations
        self.converged = converged
        self.trainingLoss = trainingLoss
        self.validationLoss = validationLoss
        self.detail = detail
    }

    public var description: String {
        let noun = unit == .epoch ? "epochs" : "iterations"
        let validation = validationLoss.map { ", validation loss \($0)" } ?? ""
        return "\(converged ? "converged" : "not converged") after \(iterations)/\(maxIterations) \(noun), loss \(trainingLoss)\(validation): \(detail)"
    }
}

extension ConvergenceReport {
    func encode(to writer: inout BinaryWriter) {
        writer.write(unit.rawValue)
        writer.write(UInt64(iterations))
        writer.write(UInt64(maxIterations))
        writer.write(converged)
        writer.write(trainingLoss)
        writer.write(validationLoss != nil)
        writer.write(validationLoss ?? 0)
        writer.write(detail)
    }

    init(from reader: inout BinaryReader) throws {
        guard let unit = Unit(rawValue: try reader.read(UInt8.self)) else { throw ModelCodingError.invalid("unknown convergence unit") }
        let iterations = try reader.read(UInt64.self)
        let maxIterations = try reader.read(UInt64.self)
        guard iterations <= UInt64(Int.max), maxIterations <= UInt64(Int.max) else {
            throw ModelCodingError.invalid("iteration count out of range")
        }
        let converged = try reader.readBool()
        let trainingLoss = try reader.readDouble()
        let hasValidation = try reader.readBool()
        let validationLoss = try reader.readDouble()
        let detail = try reader.readString()
        self.init(unit: unit, iterations: Int(iterations), maxIterations: Int(maxIterations), converged: converged,
                  trainingLoss: trainingLoss, validationLoss: hasValidation ? validationLoss : nil, detail: detail)
    }
}

extension ConvergenceReport {
    /// For models built mid-training only to score a validation set.
    static let placeholder = ConvergenceReport(unit: .epoch, iterations: 0, maxIterations: 0, converged: false, trainingLoss: .nan, detail: "")
}
