import IoTData

/// One fitted step of a `Pipeline`: a case per transformer, so a pipeline is plain data
/// that encodes to JSON (`{"kind": "standardScaler", "state": {…}}`) inside a model file.
public enum FittedTransform: FittedTransformer, Equatable {
    case columnSelection(ColumnSelection)
    case imputer(FittedImputer)
    case varianceFilter(FittedVarianceFilter)
    case correlationFilter(FittedCorrelationFilter)
    case oneHotEncoder(FittedOneHotEncoder)
    case minMaxScaler(FittedMinMaxScaler)
    case standardScaler(FittedStandardScaler)

    /// The step's stored name (`kind` in JSON).
    public var kind: String {
        switch self {
        case .columnSelection: return "columnSelection"
        case .imputer: return "imputer"
        case .varianceFilter: return "varianceFilter"
        case .correlationFilter: return "correlationFilter"
        case .oneHotEncoder: return "oneHotEncoder"
        case .minMaxScaler: return "minMaxScaler"
        case .standardScaler: return "standardScaler"
        }
    }

    var base: any FittedTransformer {
        switch self {
        case .columnSelection(let step): return step
        case .imputer(let step): return step
        case .varianceFilter(let step): return step
        case .correlationFilter(let step): return step
        case .oneHotEncoder(let step): return step
        case .minMaxScaler(let step): return step
        case .standardScaler(let step): return step
        }
    }

    public var inputColumns: [String] { base.inputColumns }
    public var outputColumns: [String] { base.outputColumns }

    public func transform(_ matrix: FeatureMatrix) throws -> FeatureMatrix { try base.transform(matrix) }

    /// Columns this step removed, with the reason (selection and filter steps).
    public var droppedColumns: [DroppedColumn] {
        switch self {
        case .columnSelection(let step): return step.dropped
        case .varianceFilter(let step): return step.dropped
        case .correlationFilter(let step): return step.dropped
        default: return []
        }
    }

    private enum CodingKeys: String, CodingKey { case kind, state }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "columnSelection": self = .columnSelection(try container.decode(ColumnSelection.self, forKey: .state))
        case "imputer": self = .imputer(try container.decode(FittedImputer.self, forKey: .state))
        case "varianceFilter": self = .varianceFilter(try container.decode(FittedVarianceFilter.self, forKey: .state))
        case "correlationFilter": self = .correlationFilter(try container.decode(FittedCorrelationFilter.self, forKey: .state))
        case "oneHotEncoder": self = .oneHotEncoder(try container.decode(FittedOneHotEncoder.self, forKey: .state))
        case "minMaxScaler": self = .minMaxScaler(try container.decode(FittedMinMaxScaler.self, forKey: .state))
        case "standardScaler": self = .standardScaler(try container.decode(FittedStandardScaler.self, forKey: .state))
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container,
                                                   debugDescription: "unknown pipeline step kind '\(kind)' (written by a newer IoTShield?)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .columnSelection(let step): try container.encode(step, forKey: .state)
        case .imputer(let step): try container.encode(step, forKey: .state)
        case .varianceFilter(let step): try container.encode(step, forKey: .state)
        case .correlationFilter(let step): try container.encode(step, forKey: .state)
        case .oneHotEncoder(let step): try container.encode(step, forKey: .state)
        case .minMaxScaler(let step): try container.encode(step, forKey: .state)
        case .standardScaler(let step): try container.encode(step, forKey: .state)
        }
    }
}
