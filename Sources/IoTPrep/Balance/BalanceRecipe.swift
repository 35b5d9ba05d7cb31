import IoTData

/// Per-class row targets for the training part.
///
/// The reference study's three recipes (`reference(for:)`):
/// - binary: both classes downsampled to the smaller one (8,450 per class in the study);
/// - 8 families: 33,800 per class — classes above are downsampled, classes below SMOTEd;
/// - 34 labels: 84,500 per class, the same way.
/// SMOTE never takes a class beyond `BalanceOptions.maxOversampleFactor` × its real rows
/// (the cap), so a class with very few seeds does not become a cloud of interpolations.
public enum BalanceRecipe: Sendable, Codable, Equatable {
    /// Leave every class as it is.
    case none
    /// Downsample every class to the smallest non-empty class; no synthesis.
    case downsampleToSmallest
    /// Every class to `target` rows: downsample above, SMOTE below (capped).
    case uniform(target: Int)
    /// Class `c` to `targets[c]` rows (a negative target, or a class beyond the array,
    /// is left as it is).
    case perClass(targets: [Int])

    /// Binary recipe of the reference study.
    public static let binaryReference = BalanceRecipe.downsampleToSmallest
    /// 8-family recipe: 33,800 rows per class.
    public static let familyReference = BalanceRecipe.uniform(target: 33_800)
    /// 34-label recipe: 84,500 rows per class.
    public static let labelReference = BalanceRecipe.uniform(target: 84_500)

    /// The reference study's recipe for a task.
    public static func reference(for task: LearningTask) -> BalanceRecipe {
        switch task {
        case .binary: return binaryReference
        case .family: return familyReference
        case .label: return labelReference
        }
    }

    /// The requested row count per class before the cap (`nil`: leave the class as it is).
    /// Empty classes get `nil`: there is nothing to sample from.
    public func targets(counts: [Int]) -> [Int?] {
        switch self {
        case .none:
            return counts.map { _ in nil }
        case .downsampleToSmallest:
            let smallest = counts.filter { $0 > 0 }.min()
            return counts.map { $0 > 0 ? smallest : nil }
        case .uniform(let target):
            return counts.map { $0 > 0 ? target : nil }
        case .perClass(let targets):
            return counts.indices.map { c in
                guard counts[c] > 0, c < targets.count, targets[c] >= 0 else { return nil }
                return targets[c]
            }
        }
    }
}
