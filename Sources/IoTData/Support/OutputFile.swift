#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file opened for writing (created or truncated) with POSIX calls.
final class OutputFile {
    let path: String
    private var descriptor: Int32

    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw StoreError.writeFailed(path: path, reason: String(cString: strerror(errno)))
        }
    }

    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard var base = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let n = Glibc.write(descriptor, base, remaining)
            if n < 0 {
                if errno == EINTR { continue }
                throw StoreError.writeFailed(path: path, reason: String(cString: strerror(errno)))
            }
            remaining -= n
            base += n
        }
    }

    func sync() throws {
        guard fsync(descriptor) == 0 else { throw StoreError.writeFailed(path: path, reason: String(cString: strerror(errno))) }
    }

    func close() {
        if descriptor >= 0 { _ = Glibc.close(descriptor); descriptor = -1 }
    }

    deinit { close() }
}
