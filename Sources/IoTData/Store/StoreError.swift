/// Failures reading or writing a column store. Each names the store's path.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case notAStore(path: String)
    case truncated(path: String, detail: String)
    case unsupportedVersion(path: String, found: Int, supported: Int)
    case corrupt(path: String, detail: String)
    case writeFailed(path: String, reason: String)
    case compressionFailed(path: String, reason: String)
    /// The store's columns are not what the caller needs (a prepared store given where raw
    /// CICIoT2023 columns are required), or a schema to write is not valid.
    case invalidSchema(path: String, detail: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): return "\(path): cannot open store: \(reason)"
        case let .notAStore(path): return "\(path): not an IoTShield column store (bad magic bytes)"
        case let .truncated(path, detail): return "\(path): store is truncated: \(detail)"
        case let .unsupportedVersion(path, found, supported):
            return "\(path): store format version \(found) is newer than this iotshield reads (\(supported)); upgrade iotshield"
        case let .corrupt(path, detail): return "\(path): store is corrupt: \(detail)"
        case let .writeFailed(path, reason): return "\(path): write failed: \(reason)"
        case let .compressionFailed(path, reason): return "\(path): compression failed: \(reason)"
        case let .invalidSchema(path, detail): return "\(path): \(detail)"
        }
    }
}
