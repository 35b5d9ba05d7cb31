import Foundation

/// The on-disk layout of an IoTShield column store (`.iotc`), one file:
///
///     "IOTC" u32 version           8-byte header
///     blob blob blob …             one zstd frame per column per chunk
///     footer                       JSON `StoreFooter`: schema, chunk index, metadata
///     u64 footer length, u64 footer checksum, "IOTCEND1"     24-byte trailer
///
/// Integers are little-endian. Float columns are byte-shuffled (all first bytes, then all
/// second bytes, …) before compression, which lets zstd find the repetition in exponents
/// and low-entropy mantissas. Every blob carries a `Checksum64` in the index and zstd's own
/// content checksum; the footer carries one in the trailer. A store is written to
/// `NAME.partial` and renamed when complete, so a crash never leaves a store that looks whole.
///
/// Versions: 1 — raw CICIoT2023 stores (`layout` set, v1/v2 feature columns); 2 — adds
/// prepared stores (any named Float32 feature columns, no `layout`, optional `task` and
/// `class` column; see `StoreSchema`). Raw stores are still written as version 1.
public enum StoreFormat {
    public static let magic: [UInt8] = Array("IOTC".utf8)
    public static let trailerMagic: [UInt8] = Array("IOTCEND1".utf8)
    public static let version = 2
    public static let headerBytes = 8
    public static let trailerBytes = 24
    public static let defaultChunkRows = 1 << 17
}

/// The element type of a stored column.
public enum ColumnType: String, Codable, Sendable {
    case float32, uint8, uint16

    public var byteWidth: Int {
        switch self {
        case .float32: return 4
        case .uint8: return 1
        case .uint16: return 2
        }
    }
}

/// A column's name and type. Feature columns come first, then `label`, `family`, `source`
/// (and `class` in a store prepared for a task).
public struct ColumnDescriptor: Codable, Sendable, Equatable {
    public var name: String
    public var type: ColumnType
}

/// Where one compressed column blob of one chunk lives.
public struct BlobDescriptor: Codable, Sendable, Equatable {
    public var offset: Int
    public var length: Int
    public var checksum: UInt64
}

public struct ChunkDescriptor: Codable, Sendable, Equatable {
    public var rows: Int
    /// One blob per column, in column order.
    public var blobs: [BlobDescriptor]
}

/// Marks a store (or CSV) whose rows were generated, not captured. Such data is for scale
/// benchmarks only and never for quality figures.
public struct SyntheticProvenance: Codable, Sendable, Equatable {
    public var method: String
    public var from: String
    public var seed: UInt64
    public var rows: Int

    public init(method: String, from: String, seed: UInt64, rows: Int) {
        self.method = method
        self.from = from
        self.seed = seed
        self.rows = rows
    }
}

/// What a store knows about how it was made.
public struct StoreMetadata: Codable, Sendable, Equatable {
    public var createdBy: String = "iotshield"
    public var createdAt: String = ISO8601DateFormatter().string(from: Date())
    /// Input files, indexed by the `source` column.
    public var sources: [String] = []
    /// Rows read before duplicate removal.
    public var rowsIn: Int = 0
    /// Exact duplicate rows removed at ingest.
    public var duplicatesRemoved: Int = 0
    public var skippedMalformed: Int = 0
    public var skippedUnknownLabel: Int = 0
    /// Per feature column, counted over the rows read.
    public var anomalies: ValueAnomalyCounts?
    /// Set when the rows are synthetic (see `SyntheticProvenance`).
    public var synthetic: SyntheticProvenance?
    /// Prepared stores: rows made by SMOTE (each interpolates two real rows of its class and
    /// carries its seed row's label codes and source); `nil` in raw stores.
    public var oversampledRows: Int?

    public init() {}
}

/// The JSON footer of a store.
public struct StoreFooter: Codable, Sendable, Equatable {
    public var formatVersion: Int
    /// The CICIoT2023 layout of a raw store; absent in a prepared store.
    public var layout: FeatureLayout?
    /// Prepared for a task: the `class` column holds this task's class index.
    public var task: LearningTask?
    /// Rows per class of `task` (index = class index); absent without a task.
    public var classCounts: [Int]?
    public var columns: [ColumnDescriptor]
    public var rowCount: Int
    public var chunks: [ChunkDescriptor]
    /// Rows per fine label code (index = `AttackLabel.rawValue`; last entry: unknown fine label).
    public var fineLabelCounts: [Int]
    /// Rows per family code (index = `AttackFamily.rawValue`; last entry: unlabeled).
    public var familyCounts: [Int]
    public var metadata: StoreMetadata
}
