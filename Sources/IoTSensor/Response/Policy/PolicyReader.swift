/// Reads one JSON object of a policy file, tracking the dotted path for error messages and
/// refusing keys it does not know (a misspelt `min_probabilty` is an error, not a silent default).
///
/// Every accessor throws `ResponsePolicyError` naming `file` and the full field path.
struct PolicyReader {
    let file: String
    let path: String
    let fields: [String: JSONValue]

    init(file: String, path: String, value: JSONValue, allowed: Set<String>? = nil) throws {
        self.file = file
        self.path = path
        guard case .object(let fields) = value else {
            throw ResponsePolicyError(file: file, field: path, reason: "must be an object, not \(value.kind)")
        }
        self.fields = fields
        if let allowed, let unknown = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw ResponsePolicyError(file: file, field: field(unknown),
                                      reason: "unknown field (known: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func fail(_ key: String, _ reason: String) -> ResponsePolicyError {
        ResponsePolicyError(file: file, field: field(key), reason: reason)
    }

    func object(_ key: String, allowed: Set<String>? = nil) throws -> PolicyReader? {
        guard let value = fields[key], value != .null else { return nil }
        return try PolicyReader(file: file, path: field(key), value: value, allowed: allowed)
    }

    func string(_ key: String) throws -> String? {
        guard let value = fields[key], value != .null else { return nil }
        guard case .string(let text) = value else { throw fail(key, "must be a string, not \(value.kind)") }
        return text
    }

    func bool(_ key: String) throws -> Bool? {
        guard let value = fields[key], value != .null else { return nil }
        guard case .bool(let flag) = value else { throw fail(key, "must be true or false, not \(value.kind)") }
        return flag
    }

    /// A finite number within `range`.
    func number(_ key: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let value = fields[key], value != .null else { return nil }
        guard case .number(let number) = value, number.isFinite else { throw fail(key, "must be a number, not \(value.kind)") }
        guard range.contains(number) else { throw fail(key, "must be within \(Self.format(range.lowerBound))…\(Self.format(range.upperBound)) (got \(Self.format(number)))") }
        return number
    }

    /// A whole number within `range`.
    func integer(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let number = try number(key, in: Double(range.lowerBound)...Double(range.upperBound)) else { return nil }
        guard number == number.rounded() else { throw fail(key, "must be a whole number (got \(Self.format(number)))") }
        return Int(number)
    }

    func strings(_ key: String) throws -> [String]? {
        guard let value = fields[key], value != .null else { return nil }
        guard case .array(let items) = value else { throw fail(key, "must be an array of strings, not \(value.kind)") }
        return try items.enumerated().map { index, item in
            guard case .string(let text) = item else { throw fail("\(key)[\(index)]", "must be a string, not \(item.kind)") }
            return text
        }
    }

    func stringMap(_ key: String) throws -> [String: String]? {
        guard let reader = try object(key) else { return nil }
        var out: [String: String] = [:]
        for (name, value) in reader.fields {
            guard case .string(let text) = value else { throw reader.fail(name, "must be a string, not \(value.kind)") }
            out[name] = text
        }
        return out
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
