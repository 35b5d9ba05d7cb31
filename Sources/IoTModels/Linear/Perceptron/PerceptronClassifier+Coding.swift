extension PerceptronClassifier {
    static let formatVersion: UInt8 = 1

    /// Layout: version (u8), classes (u32), features (u32), weights ([f32]), intercepts
    /// ([f32]), convergence report, checksum (u64) of all of it.
    public func encode(to writer: inout BinaryWriter) {
        let start = writer.bytes.count
        writer.write(Self.formatVersion)
        writer.write(UInt32(classCount))
        writer.write(UInt32(featureCount))
        writer.write(weights)
        writer.write(intercepts)
        convergence.encode(to: &writer)
        ModelPayloadChecksum.append(to: &writer, payloadStart: start)
    }

    /// - Throws: `ModelCodingError.truncated` when the data ends early; `.invalid` for an
    ///   unknown version, inconsistent shapes, non-finite parameters or a checksum mismatch.
    public init(from reader: inout BinaryReader) throws {
        let start = reader.offset
        let version = try reader.read(UInt8.self)
        guard version == Self.formatVersion else { throw ModelCodingError.invalid("perceptron format version \(version) is not supported") }
        let classCount = try ModelPayloadChecksum.dimension(try reader.read(UInt32.self), "class count", atLeast: 2)
        let featureCount = try ModelPayloadChecksum.dimension(try reader.read(UInt32.self), "feature count")
        let weights = try reader.readFloats()
        let intercepts = try reader.readFloats()
        let convergence = try ConvergenceReport(from: &reader)
        try ModelPayloadChecksum.verify(&reader, payloadStart: start, model: "perceptron")
        guard weights.count == classCount * featureCount, intercepts.count == classCount else {
            throw ModelCodingError.invalid(
                "perceptron: \(weights.count) weights and \(intercepts.count) intercepts for \(classCount) classes × \(featureCount) features")
        }
        try ModelPayloadChecksum.requireFinite(weights, "perceptron weights")
        try ModelPayloadChecksum.requireFinite(intercepts, "perceptron intercepts")
        self.init(weights: weights, intercepts: intercepts, featureCount: featureCount, convergence: convergence)
    }
}
