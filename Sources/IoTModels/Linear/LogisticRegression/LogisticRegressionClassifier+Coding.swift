extension LogisticRegressionClassifier {
    static let formatVersion: UInt8 = 1

    /// Layout: version (u8), classes (u32), features (u32), weights ([f32], classes × features),
    /// intercepts ([f32], classes), convergence report, checksum (u64) of all of it.
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
        guard version == Self.formatVersion else { throw ModelCodingError.invalid("logistic regression format version \(version) is not supported") }
        let classCount = try ModelPayloadChecksum.dimension(try reader.read(UInt32.self), "class count", atLeast: 2)
        let featureCount = try ModelPayloadChecksum.dimension(try reader.read(UInt32.self), "feature count")
        let weights = try reader.readFloats()
        let intercepts = try reader.readFloats()
        let convergence = try ConvergenceReport(from: &reader)
        try ModelPayloadChecksum.verify(&reader, payloadStart: start, model: "logistic regression")
        guard weights.count == classCount * featureCount, intercepts.count == classCount else {
            throw ModelCodingError.invalid(
                "logistic regression: \(weights.count) weights and \(intercepts.count) intercepts for \(classCount) classes × \(featureCount) features")
        }
        try ModelPayloadChecksum.requireFinite(weights, "logistic regression weights")
        try ModelPayloadChecksum.requireFinite(intercepts, "logistic regression intercepts")
        self.init(weights: weights, intercepts: intercepts, featureCount: featureCount, convergence: convergence)
    }
}
