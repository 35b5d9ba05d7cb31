import IoTData

/// Guards a model's encoded state with a trailing `Checksum64` of its bytes, so a flipped
/// bit in the weights is caught on decode instead of silently changing predictions.
///
/// Writer: note `writer.bytes.count` before encoding, call `append` after. Reader: note
/// `reader.offset` before decoding, call `verify` after. O(payload bytes).
enum ModelPayloadChecksum {
    static func append(to writer: inout BinaryWriter, payloadStart: Int) {
        let checksum = writer.bytes.withUnsafeBytes { raw in
            Checksum64.hash(UnsafeRawBufferPointer(rebasing: raw[payloadStart...]))
        }
        writer.write(checksum)
    }

    /// - Throws: `ModelCodingError.truncated` if the checksum is missing,
    ///   `.invalid` if it does not match the payload.
    static func verify(_ reader: inout BinaryReader, payloadStart: Int, model: String) throws {
        let end = reader.offset
        let expected = reader.bytes.withUnsafeBytes { raw in
            Checksum64.hash(UnsafeRawBufferPointer(rebasing: raw[payloadStart..<end]))
        }
        let stored = try reader.read(UInt64.self)
        guard stored == expected else { throw ModelCodingError.invalid("\(model): checksum mismatch (the model data is corrupted)") }
    }

    /// Checks a decoded dimension: positive and at most `limit`.
    static func dimension(_ value: UInt32, _ name: String, atLeast minimum: Int = 1, limit: Int = 1 << 24) throws -> Int {
        let v = Int(value)
        guard v >= minimum, v <= limit else { throw ModelCodingError.invalid("\(name) \(v) is outside \(minimum)...\(limit)") }
        return v
    }

    /// Checks that every value of a decoded parameter array is finite.
    static func requireFinite(_ values: [Float], _ name: String) throws {
        for value in values where !value.isFinite { throw ModelCodingError.invalid("\(name) holds a non-finite value") }
    }
}
