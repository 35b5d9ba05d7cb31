/// The store's SQL uses SQLite's `?` placeholders; PostgreSQL numbers them.
public enum PostgresPlaceholders {
    /// `sql` with each `?` outside quotes replaced by `$1`, `$2`, … in order. O(length).
    public static func numbered(_ sql: String) -> String {
        var result = ""
        result.reserveCapacity(sql.utf8.count + 16)
        var number = 0
        var quote: Character?
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
                result.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                result.append(character)
            } else if character == "?" {
                number += 1
                result += "$\(number)"
            } else {
                result.append(character)
            }
        }
        return result
    }
}
