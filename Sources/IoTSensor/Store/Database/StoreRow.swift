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

    private func mismatch(_ column: String, _ kind: String, _ value: StoreValue) -> AlertStoreError {
        AlertStoreError("column '\(column)' holds \(value), not \(kind)")
    }

    public func text(_ column: String) throws -> String {
        let value = try value(column)
        guard let text = value.text else { throw mismatch(column, "text", value) }
        return text
    }

    public func optionalText(_ column: String) throws -> String? {
        let value = try value(column)
        return value.isNull ? nil : try text(column)
    }

    public func real(_ column: String) throws -> Double {
        let value = try value(column)
        guard let real = value.real else { throw mismatch(column, "a number", value) }
        return real
    }

    public func optionalReal(_ column: String) throws -> Double? {
        let value = try value(column)
        return value.isNull ? nil : try real(column)
    }

    public func integer(_ column: String) throws -> Int {
        let value = try value(column)
        guard let integer = value.integer else { throw mismatch(column, "an integer", value) }
        return integer
    }
}
