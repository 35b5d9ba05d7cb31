import Foundation

extension ClassificationReport {
    /// The report as text, laid out like scikit-learn's `classification_report`, followed by
    /// AUC, balanced accuracy and the benign false-positive rate.
    public var text: String {
        let width = max(12, (classes.map(\.count).max() ?? 0) + 2)
        func pad(_ s: String) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
        func cell(_ x: Double) -> String { String(format: "%10.4f", x) }
        func count(_ x: Int) -> String { String(format: "%10d", x) }
        func right(_ s: String) -> String { String(repeating: " ", count: max(0, 10 - s.count)) + s }
        var out = pad("") + ["precision", "recall", "f1-score", "support", "auc"].map(right).joined() + "\n\n"
        for c in perClass where c.support > 0 || confusion.predictedCounts[classes.firstIndex(of: c.name) ?? 0] > 0 {
            out += pad(c.name) + cell(c.precision) + cell(c.recall) + cell(c.f1) + count(c.support)
                + (c.auc.map { cell($0) } ?? right("-")) + "\n"
        }
        out += "\n" + pad("accuracy") + String(repeating: " ", count: 20) + cell(accuracy) + count(rowCount) + "\n"
        out += pad("macro avg") + cell(macroPrecision) + cell(macroRecall) + cell(macroF1) + count(rowCount)
            + (aucMacro.map { cell($0) } ?? right("-")) + "\n"
        out += pad("weighted avg") + cell(weightedPrecision) + cell(weightedRecall) + cell(weightedF1) + count(rowCount) + "\n"
        out += "\n" + String(format: "balanced accuracy %.4f", balancedAccuracy)
        if let fpr = benignFalsePositiveRate { out += String(format: "   benign false-positive rate %.4f", fpr) }
        return out + "\n"
    }
}
