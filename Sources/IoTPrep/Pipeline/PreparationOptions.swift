import Foundation
import IoTData

/// Everything the honest pipeline can be told; the defaults are the recommended run.
public struct PreparationOptions: Sendable, Codable, Equatable {
    public var task: LearningTask = .family
    public var split: SplitStrategy = .stratified
    /// Share of the rows held out for test (per class when stratified).
    public var testFraction: Double = 0.2
    /// Share of the *training* rows held out for validation; 0 = none. Always stratified
    /// (also after a grouped split), with seed `seed + 1`; never balanced.
    public var validationFraction: Double = 0
    public var seed: UInt64 = 42
    /// Keep `IAT`. It leaks the label; every report and pipeline then carries
    /// `leakageDemonstration: true`.
    public var keepIAT = false
    public var imputation: ImputationStrategy = .median
    public var infinityIsMissing = true
    /// Population-variance threshold of the variance filter (0: constant columns only).
    public var varianceThreshold: Double = 0
    /// Drop columns where one value covers more than this share of training rows (nil: off).
    public var maxDominantFraction: Double?
    /// |r| above which the later column of a pair is dropped (nil: no correlation filter).
    public var correlationThreshold: Double? = 0.9
    public var correlationRule: CorrelationDropRule = .pandasUpperTriangle
    /// Categorical columns: one-hot encoded and kept out of the correlation filter.
    public var oneHotColumns: [String] = ["Protocol Type"]
    public var oneHotMaxCategories = 8
    public var scaler: ScalerKind = .standard
    /// Balancing recipe; `nil` uses the reference study's recipe for `task`.
    public var balance: BalanceRecipe?
    public var neighbours = 5
    public var maxOversampleFactor = 100
    /// Keep each training row's origin (dataset row; SMOTE parents and step).
    public var recordProvenance = true
    public var threads = ProcessInfo.processInfo.activeProcessorCount

    public init() {}

    /// The recipe actually used.
    public var resolvedBalance: BalanceRecipe { balance ?? .reference(for: task) }
}
