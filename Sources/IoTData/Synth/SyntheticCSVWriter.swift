import Foundation

/// Writes CICIoT2023-layout CSV (features + `Label`) and marks it synthetic with a sidecar
/// file `NAME.synthetic.json` holding its `SyntheticProvenance`; `Ingestor` and `inspect`
/// read the sidecar, so stores made from such CSV stay marked.
public final class SyntheticCSVWriter {
    let path: String
    private let output: OutputFile

    public init(path: String, layout: FeatureLayout) throws {
        self.path = path
        output = try OutputFile(path: path)
        let header = (layout.featureNames + ["Label"]).joined(separator: ",") + "\n"
        try output.write(Array(header.utf8))
    }

    func write(_ bytes: [UInt8]) throws { try output.write(bytes) }

    public func finish(provenance: SyntheticProvenance) throws {
        output.close()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(provenance).write(to: URL(fileURLWithPath: Self.sidecarPath(path)))
    }

    public static func sidecarPath(_ csv: String) -> String { csv + ".synthetic.json" }

    /// The provenance recorded beside a CSV, if it is synthetic.
    public static func provenance(ofCSV path: String) -> SyntheticProvenance? {
        guard let data = FileManager.default.contents(atPath: sidecarPath(path)) else { return nil }
        return try? JSONDecoder().decode(SyntheticProvenance.self, from: data)
    }

    /// CSV text for row-major `values` with their labels.
    static func format(values: [Float], labels: [LabelCode], featureCount: Int) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(labels.count * featureCount * 8)
        for (row, label) in labels.enumerated() {
            for column in 0..<featureCount {
                appendNumber(values[row * featureCount + column], to: &out)
                out.append(44)
            }
            out.append(contentsOf: label.name.utf8)
            out.append(10)
        }
        return out
    }

    /// Appends the shortest text that reads back as `value` (integers fast, others via `description`).
    @inline(__always)
    static func appendNumber(_ value: Float, to out: inout [UInt8]) {
        if value == value.rounded(), abs(value) < 1e9 {
            var n = Int(value)
            if n < 0 { out.append(45); n = -n }
            var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            var count = 0
            withUnsafeMutableBytes(of: &digits) { buffer in
                repeat {
                    buffer[count] = UInt8(48 + n % 10)
                    n /= 10
                    count += 1
                } while n > 0
                for i in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[i]) }
            }
            out.append(46)
            out.append(48)
        } else {
            out.append(contentsOf: value.description.utf8)
        }
    }
}
