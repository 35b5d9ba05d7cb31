/// Rejects JSON nested deeper than a limit before any parser sees it, so a body of 10,000
/// opening brackets costs one linear scan and no recursion.
enum JSONDepthGuard {
    /// - Throws: `ServiceError.tooDeeplyNested` when `{`/`[` nest deeper than `limit`
    ///   (brackets inside strings do not count).
    static func check(_ bytes: UnsafeRawBufferPointer, limit: Int) throws {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        var depth = 0
        var i = 0
        let count = bytes.count
        while i < count {
            let byte = bytes[i]
            i &+= 1
            if byte == quote {
                // A string: to its closing quote, an escape skipping the byte after it.
                while i < count {
                    let inner = bytes[i]
                    i &+= 1
                    if inner == quote { break }
                    if inner == backslash { i &+= 1 }
                }
                continue
            }
            // `{` 0x7B and `[` 0x5B, `}` 0x7D and `]` 0x5D differ only in bit 0x20.
            switch byte | 0x20 {
            case UInt8(ascii: "{"):
                depth &+= 1
                if depth > limit { throw ServiceError.tooDeeplyNested(limit: limit) }
            case UInt8(ascii: "}"):
                depth &-= 1
            default:
                break
            }
        }
    }
}
