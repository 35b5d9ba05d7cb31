#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file opened for reading with POSIX calls (no buffering of its own; callers read big blocks).
final class OpenFile: @unchecked Sendable {
    let path: String
    private var descriptor: Int32

    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw CSVError.cannotOpen(file: path, reason: String(cString: strerror(errno)))
        }
    }

    /// Reads up to `buffer.count - offset` bytes into `buffer[offset...]`; 0 at end of file.
    func read(into buffer: inout [UInt8], at offset: Int) throws -> Int {
        let wanted = buffer.count - offset
        guard wanted > 0 else { return 0 }
        while true {
            let n = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.read(descriptor, base + offset, wanted)
            }
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw CSVError.readFailed(file: path, reason: String(cString: strerror(errno)))
        }
    }

    /// Reads up to `count` bytes to `target`; 0 at end of file. Safe to call from another
    /// thread than the opener's while nothing else uses the file.
    func read(into target: UnsafeMutableRawPointer, count: Int) throws -> Int {
        guard count > 0 else { return 0 }
        while true {
            let n = Glibc.read(descriptor, target, count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw CSVError.readFailed(file: path, reason: String(cString: strerror(errno)))
        }
    }

    func close() {
        if descriptor >= 0 { _ = Glibc.close(descriptor); descriptor = -1 }
    }

    deinit { close() }
}
