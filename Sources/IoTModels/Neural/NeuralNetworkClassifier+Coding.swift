extension NeuralNetworkClassifier {
    static let formatVersion: UInt8 = 1

    /// Layout: version (u8), layer widths ([i32], features first), parameters ([f32], in
    /// `DenseNetworkLayout` order), convergence report, checksum (u64) of all of it.
    public func encode(to writer: inout BinaryWriter) {
        let start = writer.bytes.count
        writer.write(Self.formatVersion)
        writer.write(layout.widths.map { Int32($0) })
        writer.write(parameters)
        convergence.encode(to: &writer)
        ModelPayloadChecksum.append(to: &writer, payloadStart: start)
    }

    /// - Throws: `ModelCodingError.truncated` when the data ends early; `.invalid` for an
    ///   unknown version, bad widths, a parameter count that does not match them, non-finite
    ///   parameters or a checksum mismatch.
    public init(from reader: inout BinaryReader) throws {
        let start = reader.offset
        let version = try reader.read(UInt8.self)
        guard version == Self.formatVersion else { throw ModelCodingError.invalid("network format version \(version) is not supported") }
        let widths = try reader.readInt32s()
        let parameters = try reader.readFloats()
        let convergence = try ConvergenceReport(from: &reader)
        try ModelPayloadChecksum.verify(&reader, payloadStart: start, model: "network")
        guard widths.count >= 2, widths.count <= 64, widths.allSatisfy({ $0 >= 1 && $0 <= 1 << 24 }), widths[widths.count - 1] >= 2,
              let layout = DenseNetworkLayout(widths: widths.map { Int($0) })
        else {
            throw ModelCodingError.invalid("network layer widths \(widths) are not a valid layout")
        }
        guard parameters.count == layout.parameterCount else {
            throw ModelCodingError.invalid("network: \(parameters.count) parameters for layer widths \(widths) (expected \(layout.parameterCount))")
        }
        try ModelPayloadChecksum.requireFinite(parameters, "network parameters")
        self.init(layout: layout, parameters: parameters, convergence: convergence)
    }
}
