/// One result row: values by column name (as the query named them, lower case on PostgreSQL).
///
/// The typed accessors throw `AlertStoreError` naming the column when it is missing or holds the
/// wrong kind of value; the `optional…` ones answer `nil` for SQL NULL.
public struct StoreRow: Sendable {
    public let columns: [String]
    public let values: [StoreValue]

    public init(columns: [String], values: [StoreValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of `column` (linear in the row's width, which is small); `nil` if the row has no such column.
    public subscript(column: String) -> StoreValue? {
        columns.firstIndex(of: column).map { values[$0] }
    }

    func value(_ column: String) throws -> StoreValue {
        guard let value = self[column] else { throw AlertStoreError("the row has no column '\(column)' (columns: \(columns.joined(separator: ", ")))") }
        return value
    }

    public func text(_ column: String) throws -> String { try converted(value(column), column, "text", \.text) }

    public func optionalText(_ column: String) throws -> String? { try optional(column, "text", \.text) }

    public func real(_ column: String) throws -> Double { try converted(value(column), column, "a number", \.real) }

    public func optionalReal(_ column: String) throws -> Double? { try optional(column, "a number", \.real) }

    public func integer(_ column: String) throws -> Int { try converted(value(column), column, "an integer", \.integer) }

    /// `nil` for SQL NULL, else the value as `convert` reads it.
    private func optional<T>(_ column: String, _ kind: String, _ convert: (StoreValue) -> T?) throws -> T? {
        let value = try value(column)
        return value.isNull ? nil : try converted(value, column, kind, convert)
    }

    private func converted<T>(_ value: StoreValue, _ column: String, _ kind: String, _ convert: (StoreValue) -> T?) throws -> T {
        guard let converted = convert(value) else { throw AlertStoreError("column '\(column)' holds \(value), not \(kind)") }
        return converted
    }
}
