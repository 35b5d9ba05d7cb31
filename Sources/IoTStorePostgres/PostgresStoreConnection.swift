import CLibPQ
import Foundation
import IoTSensor

/// One libpq connection (`PGconn`), owned by `PostgresStoreDatabase`'s pool and used by one
/// thread at a time. Closed (`PQfinish`) when released.
final class PostgresSession: @unchecked Sendable {
    let connection: OpaquePointer

    init(connection: OpaquePointer) { self.connection = connection }

    deinit { PQfinish(connection) }

    /// Whether the connection is up and outside any transaction (fit to go back to the pool).
    var isReusable: Bool {
        PQstatus(connection) == CONNECTION_OK && PQtransactionStatus(connection) == PQTRANS_IDLE
    }
}

/// A `PostgresSession` seen as a `StoreConnection`: `?` placeholders become `$1…$n`, values are
/// sent as text with their types (`int8`, `float8`, `text`, `bool`; NULL untyped, so the server
/// takes the column's), and each call waits for the server's answer (bounded by the session's
/// `statement_timeout`).
struct PostgresStoreConnection: StoreConnection {
    let session: PostgresSession

    var dialect: StoreDialect { .postgres }

    @discardableResult
    func execute(_ sql: String, _ arguments: [StoreValue]) throws -> Int {
        try run(sql, arguments) { result in Int(String(cString: PQcmdTuples(result))) ?? 0 }
    }

    func rows(_ sql: String, _ arguments: [StoreValue]) throws -> [StoreRow] {
        try run(sql, arguments) { result in
            let fields = Int(PQnfields(result))
            let columns = (0..<fields).map { String(cString: PQfname(result, Int32($0))) }
            let types = (0..<fields).map { PQftype(result, Int32($0)) }
            return try (0..<Int(PQntuples(result))).map { row in
                var values: [StoreValue] = []
                values.reserveCapacity(fields)
                for field in 0..<fields {
                    if PQgetisnull(result, Int32(row), Int32(field)) != 0 {
                        values.append(.null)
                    } else {
                        let text = String(cString: PQgetvalue(result, Int32(row), Int32(field)))
                        values.append(try Self.value(text, type: types[field], column: columns[field]))
                    }
                }
                return StoreRow(columns: columns, values: values)
            }
        }
    }

    /// Runs one statement with its parameters as text and hands the result to `read`.
    /// - Throws: `AlertStoreError` with the server's message and SQLSTATE (or libpq's, when the
    ///   connection is gone).
    private func run<T>(_ sql: String, _ arguments: [StoreValue], _ read: (OpaquePointer) throws -> T) throws -> T {
        var types: [Oid] = []
        var texts: [String?] = []
        types.reserveCapacity(arguments.count)
        texts.reserveCapacity(arguments.count)
        for argument in arguments {
            switch argument {
            case .null: types.append(0); texts.append(nil)
            case .integer(let value): types.append(20); texts.append(String(value))
            case .real(let value): types.append(701); texts.append(Self.text(value))
            // PostgreSQL text cannot hold NUL: it is stored as U+FFFD (a hostile sensor name must
            // not fail the group commit it shares with other requests).
            case .text(let value): types.append(25); texts.append(value.contains("\0") ? value.replacingOccurrences(of: "\0", with: "\u{FFFD}") : value)
            case .boolean(let value): types.append(16); texts.append(value ? "t" : "f")
            }
        }
        let statement = PostgresPlaceholders.numbered(sql)
        let result: OpaquePointer? = try Self.withCStrings(texts) { values in
            PQexecParams(session.connection, statement, Int32(arguments.count), types, values, nil, nil, 0)
        }
        guard let result else { throw Self.error(session.connection, doing: sql) }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
            return try read(result)
        default:
            var message = String(cString: PQresultErrorMessage(result)).trimmingCharacters(in: .whitespacesAndNewlines)
            if let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))) { message += " (SQLSTATE \(String(cString: state)))" }
            throw AlertStoreError("PostgreSQL, running '\(Self.summary(sql))': \(message)")
        }
    }

    /// A double as PostgreSQL's float8 input reads it back exactly (shortest round-trip digits).
    static func text(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return value.description
    }

    /// A value in PostgreSQL's text output as a `StoreValue`, by its type OID.
    /// - Throws: `AlertStoreError` naming the column when a number does not read.
    static func value(_ text: String, type: Oid, column: String) throws -> StoreValue {
        switch type {
        case 20, 21, 23:  // int8, int2, int4
            guard let value = Int64(text) else { throw AlertStoreError("column '\(column)': '\(text)' is not an integer") }
            return .integer(value)
        case 700, 701, 1700:  // float4, float8, numeric
            switch text {
            case "NaN": return .real(.nan)
            case "Infinity": return .real(.infinity)
            case "-Infinity": return .real(-.infinity)
            default:
                guard let value = Double(text) else { throw AlertStoreError("column '\(column)': '\(text)' is not a number") }
                return .real(value)
            }
        case 16:  // bool
            return .boolean(text == "t")
        default:
            return .text(text)
        }
    }

    /// libpq's message for a failure outside a result (connection lost, out of memory).
    static func error(_ connection: OpaquePointer, doing sql: String) -> AlertStoreError {
        let message = String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
        return AlertStoreError("PostgreSQL, running '\(summary(sql))': \(message.isEmpty ? "no answer" : message)")
    }

    static func summary(_ sql: String) -> String {
        let line = sql.split(whereSeparator: \.isNewline).first.map(String.init) ?? sql
        return line.count > 60 ? line.prefix(60) + "…" : line
    }

    /// Calls `body` with C strings for `texts` (NULL for `nil`), valid for the call.
    /// - Throws: `AlertStoreError` when a copy cannot be allocated.
    static func withCStrings<T>(_ texts: [String?], _ body: ([UnsafePointer<CChar>?]) throws -> T) throws -> T {
        let copies = texts.map { $0.flatMap { strdup($0) } }
        defer { for copy in copies { free(copy) } }
        for (text, copy) in zip(texts, copies) where text != nil && copy == nil { throw AlertStoreError("PostgreSQL: out of memory") }
        return try body(copies.map { $0.map { UnsafePointer($0) } })
    }
}
