/// Precision, recall, F1, support per class, their macro and weighted averages, accuracy,
/// balanced accuracy, the confusion matrix, one-vs-rest ROC AUC per class and macro, and the
/// false-positive rate on benign traffic — computed the way scikit-learn computes them.
///
/// Conventions (scikit-learn's defaults, checked against it by the tests):
/// - Averages run over the classes present in the truth or the predictions (scikit-learn's
///   default `labels`); a class absent from both is listed with support 0 and left out.
/// - A zero denominator gives 0 (`zero_division=0`): precision of a never-predicted class,
///   recall of an absent class.
/// - AUC of a class is one-vs-rest on its probability column; it is `nil` when the class is
///   absent from the truth (or is the only class), where scikit-learn raises. The macro AUC
///   is the mean over classes with a defined AUC.
/// - Balanced accuracy is the mean recall over classes present in the truth.
/// - `benignFalsePositiveRate`: the share of truly benign rows predicted as any attack — what
///   an operator feels as false alarms.
public struct ClassificationReport: Sendable, Codable {
    public struct ClassScores: Sendable, Codable, Equatable {
        public var name: String
        public var precision: Double
        public var recall: Double
        public var f1: Double
        public var support: Int
        public var auc: Double?
    }

    public var classes: [String]
    public var perClass: [ClassScores]
    public var accuracy: Double
    public var balancedAccuracy: Double
    public var macroPrecision: Double
    public var macroRecall: Double
    public var macroF1: Double
    public var weightedPrecision: Double
    public var weightedRecall: Double
    public var weightedF1: Double
    public var aucMacro: Double?
    public var benignFalsePositiveRate: Double?
    public var confusion: ConfusionMatrix
    public var rowCount: Int

    enum CodingKeys: String, CodingKey {
        case classes, accuracy, confusion
        case perClass = "per_class", balancedAccuracy = "balanced_accuracy"
        case macroPrecision = "macro_precision", macroRecall = "macro_recall", macroF1 = "macro_f1"
        case weightedPrecision = "weighted_precision", weightedRecall = "weighted_recall", weightedF1 = "weighted_f1"
        case aucMacro = "auc_macro", benignFalsePositiveRate = "benign_fpr", rowCount = "rows"
    }

    /// - Parameters:
    ///   - truth, predicted: class indices in `0..<classes.count`.
    ///   - probabilities: optional row-major `rows × classes.count` scores for AUC.
    ///   - benignClass: the index of benign traffic, for `benignFalsePositiveRate`.
    public init(truth: [Int], predicted: [Int], probabilities: [Float]? = nil, classes: [String], benignClass: Int? = 0) {
        let k = classes.count
        let confusion = ConfusionMatrix(truth: truth, predicted: predicted, classCount: k)
        let support = confusion.support
        let predictedCounts = confusion.predictedCounts
        var perClass: [ClassScores] = []
        for c in 0..<k {
            let tp = Double(confusion[c, c])
            let precision = predictedCounts[c] > 0 ? tp / Double(predictedCounts[c]) : 0
            let recall = support[c] > 0 ? tp / Double(support[c]) : 0
            let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
            perClass.append(ClassScores(name: classes[c], precision: precision, recall: recall, f1: f1, support: support[c], auc: nil))
        }
        if let probabilities, !truth.isEmpty {
            precondition(probabilities.count == truth.count * k, "ClassificationReport: probabilities must be rows × classes")
            for c in 0..<k where support[c] > 0 {
                let scores = (0..<truth.count).map { Double(probabilities[$0 * k + c]) }
                perClass[c].auc = ROCCurve(positives: truth.map { $0 == c }, scores: scores).area
            }
        }
        let present = (0..<k).filter { support[$0] > 0 || predictedCounts[$0] > 0 }
        let inTruth = (0..<k).filter { support[$0] > 0 }
        let n = Double(truth.count)
        func mean(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }
        func weighted(_ value: (ClassScores) -> Double) -> Double {
            n > 0 ? present.reduce(0) { $0 + value(perClass[$1]) * Double(support[$1]) } / n : 0
        }
        self.classes = classes
        self.perClass = perClass
        self.confusion = confusion
        rowCount = truth.count
        accuracy = n > 0 ? Double((0..<k).reduce(0) { $0 + confusion[$1, $1] }) / n : 0
        balancedAccuracy = mean(inTruth.map { perClass[$0].recall })
        macroPrecision = mean(present.map { perClass[$0].precision })
        macroRecall = mean(present.map { perClass[$0].recall })
        macroF1 = mean(present.map { perClass[$0].f1 })
        weightedPrecision = weighted(\.precision)
        weightedRecall = weighted(\.recall)
        weightedF1 = weighted(\.f1)
        let aucs = perClass.compactMap(\.auc)
        aucMacro = aucs.isEmpty ? nil : mean(aucs)
        if let benign = benignClass, benign < k, support[benign] > 0 {
            benignFalsePositiveRate = Double(support[benign] - confusion[benign, benign]) / Double(support[benign])
        } else {
            benignFalsePositiveRate = nil
        }
    }
}
