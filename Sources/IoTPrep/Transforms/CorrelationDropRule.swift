/// Which member of a correlated pair goes. Both walk the candidate columns in matrix order
/// and always keep the earlier member of a pair.
public enum CorrelationDropRule: String, Sendable, Codable, CaseIterable {
    /// The common pandas recipe, exactly:
    /// `upper = corr.where(np.triu(np.ones(corr.shape), k=1).astype(bool))`,
    /// `drop = [c for c in upper.columns if any(upper[c].abs() > threshold)]` —
    /// a column goes if its |r| with *any* earlier column exceeds the threshold, even an
    /// earlier column that is itself dropped. NaN correlations (constant columns) never
    /// trigger a drop.
    case pandasUpperTriangle
    /// Greedy: a column goes only if its |r| with an earlier *kept* column exceeds the
    /// threshold. Keeps more columns than the pandas rule on chains (a~b, b~c, a≁c keeps c).
    case greedyKept
}
