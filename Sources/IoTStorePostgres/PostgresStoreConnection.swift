import IoTSensor
import Logging
import PostgresNIO

/// One PostgreSQL connection seen as a `StoreConnection`: `?` placeholders become `$1…$n`,
/// values are bound as `int8`/`float8`/`text`/`bool`, and each call waits for the server's answer.
struct PostgresStoreConnection: StoreConnection {
    let connection: PostgresConnection
    let logger: Logger

    var dialect: StoreDialect { .postgres }

    @discardableResult
    func execute(_ sql: String, _ arguments: [StoreValue]) throws -> Int {
        try run(sql, arguments).metadata.rows ?? 0
    }

    func rows(_ sql: String, _ arguments: [StoreValue]) throws -> [StoreRow] {
        let result = try run(sql, arguments)
        return try result.rows.map { row in
            var columns: [String] = []
            var values: [StoreValue] = []
            columns.reserveCapacity(row.count)
            values.reserveCapacity(row.count)
            for cell in row {
                columns.append(cell.columnName)
                values.append(try Self.value(cell))
            }
            return StoreRow(columns: columns, values: values)
        }
    }

    private func run(_ sql: String, _ arguments: [StoreValue]) throws -> PostgresQueryResult {
        var binds = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch argument {
            case .null: binds.appendNull()
            case .integer(let value): binds.append(value)
            case .real(let value): binds.append(value)
            case .text(let value): binds.append(value)
            case .boolean(let value): binds.append(value)
            }
        }
        let query = PostgresQuery(unsafeSQL: PostgresPlaceholders.numbered(sql), binds: binds)
        do {
            return try connection.query(query, logger: logger).wait()
        } catch {
            throw PostgresStoreDatabase.storeError(error, doing: "running '\(sql.prefix(60))…'")
        }
    }

    /// A cell as a `StoreValue`, by its PostgreSQL type.
    /// - Throws: `AlertStoreError` for a type the store never uses (its columns are int, float, text, bool).
    static func value(_ cell: PostgresCell) throws -> StoreValue {
        guard cell.bytes != nil else { return .null }
        do {
            switch cell.dataType {
            case .int8: return .integer(try cell.decode(Int64.self))
            case .int4: return .integer(Int64(try cell.decode(Int32.self)))
            case .int2: return .integer(Int64(try cell.decode(Int16.self)))
            case .float8: return .real(try cell.decode(Double.self))
            case .float4: return .real(Double(try cell.decode(Float.self)))
            case .bool: return .boolean(try cell.decode(Bool.self))
            case .text, .varchar, .name, .bpchar: return .text(try cell.decode(String.self))
            default: throw AlertStoreError("column '\(cell.columnName)' has PostgreSQL type \(cell.dataType), which the store does not read")
            }
        } catch let error as AlertStoreError {
            throw error
        } catch {
            throw AlertStoreError("column '\(cell.columnName)' (\(cell.dataType)) could not be read: \(error)")
        }
    }
}
