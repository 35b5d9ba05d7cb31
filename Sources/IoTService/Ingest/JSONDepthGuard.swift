/// Rejects JSON nested deeper than a limit before any parser sees it, so a body of 10,000
/// opening brackets costs one linear scan and no recursion.
enum JSONDepthGuard {
    /// - Throws: `ServiceError.tooDeeplyNested` when `{`/`[` nest deeper than `limit`
    ///   (brackets inside strings do not count).
    static func check(_ bytes: UnsafeRawBufferPointer, limit: Int) throws {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth > limit { throw ServiceError.tooDeeplyNested(limit: limit) }
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
        }
    }
}
