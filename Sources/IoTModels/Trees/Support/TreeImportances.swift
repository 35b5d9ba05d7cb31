/// Feature importance arithmetic shared by the tree ensembles.
enum TreeImportances {
    /// Scales `values` to sum to 1; all zero stays all zero.
    static func normalised(_ values: [Double]) -> [Double] {
        let total = values.reduce(0, +)
        guard total > 0 else { return values.map { _ in 0 } }
        return values.map { $0 / total }
    }

    /// scikit-learn's forest importances: each tree's decreases normalised, averaged over the
    /// trees, normalised again.
    static func forestMean(_ perTree: [[Double]], featureCount: Int) -> [Float] {
        var sum = [Double](repeating: 0, count: featureCount)
        for tree in perTree {
            for (f, value) in normalised(tree).enumerated() { sum[f] += value }
        }
        return normalised(sum).map { Float($0) }
    }
}
