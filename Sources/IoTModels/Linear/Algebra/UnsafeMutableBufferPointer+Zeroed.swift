extension UnsafeMutableBufferPointer where Element == Float {
    /// A zero-filled buffer of `count` floats the caller must `deallocate()`.
    static func zeroed(_ count: Int) -> UnsafeMutableBufferPointer<Float> {
        let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: Swift.max(1, count))
        buffer.initialize(repeating: 0)
        return buffer
    }
}
