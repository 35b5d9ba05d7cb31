/// A value bound to, or read from, a store statement.
public enum StoreValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    /// PostgreSQL's booleans (`EXISTS`); SQLite answers 0/1 integers instead.
    case boolean(Bool)

    public init(_ value: String?) { self = value.map(StoreValue.text) ?? .null }
    public init(_ value: Double?) { self = value.map(StoreValue.real) ?? .null }
    public init(_ value: Int?) { self = value.map { .integer(Int64($0)) } ?? .null }

    /// The value as a `Double`: integers convert; `nil` for null, text and booleans.
    public var real: Double? {
        switch self {
        case .real(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }

    /// The value as an `Int`: whole reals convert (aggregates may answer reals); `nil` otherwise.
    public var integer: Int? {
        switch self {
        case .integer(let value): Int(exactly: value)
        case .real(let value): Int(exactly: value)
        case .boolean(let value): value ? 1 : 0
        default: nil
        }
    }

    public var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    /// Truth of a boolean or an integer (SQLite's `EXISTS`); `nil` for other kinds.
    public var boolean: Bool? {
        switch self {
        case .boolean(let value): value
        case .integer(let value): value != 0
        default: nil
        }
    }

    public var isNull: Bool { self == .null }
}

extension StoreValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .real(value) }
    public init(nilLiteral: ()) { self = .null }
}
