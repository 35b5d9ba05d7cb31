import Foundation
import IoTData

/// Writes windows as CSV in the CICIoT2023 v2 column layout and order, formatted like the
/// CIC extractor's output: integer columns without a decimal point, floats in shortest
/// round-trip form, NaN as an empty field, +∞ as `inf`. Host mode adds `src_ip`, `dst_ip`
/// and `role` columns after the 39 features.
public final class FeatureCSVWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let hostColumns: Bool
    /// Columns written as integers (Protocol Type, the four counts, Tot sum, Min, Max, Number).
    static let integerColumns: Set<Int> = [1, 11, 12, 13, 14, 30, 31, 32, 37]
    /// `integerColumns` as one flag per column (no hashing per value).
    private static let isIntegerColumn: [Bool] = (0..<39).map { integerColumns.contains($0) }

    public init(path: String, hostColumns: Bool) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw CaptureError.cannotOpen(source: path, reason: "cannot create the output file")
        }
        self.handle = handle
        self.hostColumns = hostColumns
        var header = FeatureLayout.v2.featureNames.joined(separator: ",")
        if hostColumns { header += ",src_ip,dst_ip,role" }
        buffer.append(contentsOf: Array((header + "\n").utf8))
    }

    /// Appends one row (buffered; written in blocks of about 1 MiB). O(39) values formatted.
    public func write(_ window: CICWindow) throws {
        let integer = Self.isIntegerColumn
        for (i, value) in window.values.enumerated() {
            if i > 0 { buffer.append(44) }
            buffer.append(contentsOf: Self.format(value, integer: i < integer.count && integer[i]).utf8)
        }
        if hostColumns, let host = window.host {
            let (source, destination) = host.role == .source ? (host.address, host.peer) : (host.peer, host.address)
            buffer.append(contentsOf: ",\(ipv4String(source)),\(ipv4String(destination)),\(host.role.rawValue)".utf8)
        }
        buffer.append(10)
        if buffer.count > 1 << 20 { try flush() }
    }

    static func format(_ value: Double, integer: Bool) -> String {
        if value.isNaN { return "" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if integer, value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return value.description
    }

    public func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    public func close() throws {
        try flush()
        try handle.close()
    }
}
