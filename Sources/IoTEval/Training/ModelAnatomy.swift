import IoTModels

/// Family-specific facts about a fitted classifier for reports (tree size, how a fit ended),
/// read without widening the `Classifier` contract.
public enum ModelAnatomy {
    /// Internal nodes of the flattened forest of a tree model; nil for the other families.
    public static func treeNodes(_ classifier: any Classifier) -> Int? {
        switch classifier {
        case let model as RandomForestClassifier: return model.forest.nodes.count
        case let model as GradientBoostingClassifier: return model.forest.nodes.count
        case let model as AdaBoostClassifier: return model.forest.nodes.count
        default: return nil
        }
    }

    /// How the fit of a linear model or the network ended; nil for tree models.
    public static func convergence(_ classifier: any Classifier) -> ConvergenceReport? {
        switch classifier {
        case let model as LogisticRegressionClassifier: return model.convergence
        case let model as PerceptronClassifier: return model.convergence
        case let model as NeuralNetworkClassifier: return model.convergence
        default: return nil
        }
    }
}
