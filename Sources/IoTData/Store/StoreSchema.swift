/// What a column store holds: named Float32 feature columns, then the label code columns.
///
/// Two kinds of store share the format:
/// - a **raw** store (`layout` set): the CICIoT2023 v1 or v2 feature columns in published
///   order, as `iotshield ingest` and `synth` write them (format version 1, readable by
///   every iotshield);
/// - a **prepared** store (`layout` nil): any list of named Float32 columns — what a fitted
///   pipeline produced after one-hot encoding and dropped columns — optionally with a
///   `class` column holding each row's class index in `task` (format version 2).
///
/// After the features always come `label` (fine label code, u8), `family` (family code,
/// u8) and `source` (input file index, u16); a store with a task adds `class` (u8).
public struct StoreSchema: Sendable, Equatable {
    public let featureNames: [String]
    /// The CICIoT2023 layout of a raw store; `nil` for a prepared store.
    public let layout: FeatureLayout?
    /// The task whose class index the `class` column holds; `nil`: no `class` column.
    public let task: LearningTask?

    /// The schema of a raw CICIoT2023 store.
    public init(layout: FeatureLayout) {
        featureNames = layout.featureNames
        self.layout = layout
        task = nil
    }

    /// A prepared store's schema.
    /// - Throws: `StoreError.invalidSchema` for no column, an empty or repeated name, or a
    ///   name taken by a label code column.
    public init(featureNames: [String], task: LearningTask?, path: String) throws {
        guard !featureNames.isEmpty else { throw StoreError.invalidSchema(path: path, detail: "no feature column") }
        var seen = Set<String>()
        for name in featureNames {
            guard !name.isEmpty else { throw StoreError.invalidSchema(path: path, detail: "a feature column has an empty name") }
            guard !Self.codeColumnNames.contains(name) else {
                throw StoreError.invalidSchema(path: path, detail: "feature column '\(name)' clashes with a label code column")
            }
            guard seen.insert(name).inserted else {
                throw StoreError.invalidSchema(path: path, detail: "feature column '\(name)' appears twice")
            }
        }
        self.featureNames = featureNames
        layout = nil
        self.task = task
    }

    /// Names of the code columns any store may carry.
    static let codeColumnNames: Set<String> = ["label", "family", "source", "class"]

    public var featureCount: Int { featureNames.count }

    /// The code columns after the features, in order.
    public var codeColumns: [ColumnDescriptor] {
        var columns = [ColumnDescriptor(name: "label", type: .uint8), ColumnDescriptor(name: "family", type: .uint8),
                       ColumnDescriptor(name: "source", type: .uint16)]
        if task != nil { columns.append(ColumnDescriptor(name: "class", type: .uint8)) }
        return columns
    }

    /// Every stored column, in order: features, then code columns.
    public var columns: [ColumnDescriptor] {
        featureNames.map { ColumnDescriptor(name: $0, type: .float32) } + codeColumns
    }

    /// The format version a store of this schema is written with: 1 for raw stores (so older
    /// readers still open them), 2 for prepared ones (older readers refuse them as newer).
    public var formatVersion: Int { layout != nil ? 1 : StoreFormat.version }

    /// Rebuilds and checks the schema a footer describes.
    /// - Throws: `StoreError.corrupt` when the column list does not fit its declared layout
    ///   or task, or is not features followed by the code columns.
    static func decode(_ footer: StoreFooter, path: String) throws -> StoreSchema {
        let featureColumns = footer.columns.prefix(while: { $0.type == .float32 })
        let schema: StoreSchema
        if let layout = footer.layout {
            guard footer.task == nil else {
                throw StoreError.corrupt(path: path, detail: "a raw \(layout.rawValue) store cannot carry a class column")
            }
            schema = StoreSchema(layout: layout)
            guard featureColumns.map(\.name) == layout.featureNames else {
                throw StoreError.corrupt(path: path, detail: "column list does not match the \(layout.rawValue) layout")
            }
        } else {
            do {
                schema = try StoreSchema(featureNames: featureColumns.map(\.name), task: footer.task, path: path)
            } catch let StoreError.invalidSchema(_, detail) {
                throw StoreError.corrupt(path: path, detail: "column list: \(detail)")
            }
        }
        guard footer.columns == schema.columns else {
            let expected = schema.codeColumns.map { "\($0.name) (\($0.type.rawValue))" }.joined(separator: ", ")
            throw StoreError.corrupt(path: path, detail: "column list is not \(schema.featureCount) float32 features followed by \(expected)")
        }
        return schema
    }
}
