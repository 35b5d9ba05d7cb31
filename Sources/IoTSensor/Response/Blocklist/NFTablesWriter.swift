import Foundation

/// Writes the blocklist script to its file (atomically: a temporary file renamed over it)
/// and, when asked (`--apply-blocks`), runs `nft -f FILE`.
///
/// Thread-safe: writes are serialised, so the file always holds one complete script. The
/// `nft` run is synchronous (a process per change; the response worker calls it, never the
/// detection path).
public final class NFTablesWriter: @unchecked Sendable {
    public let settings: BlocklistSettings
    public let applies: Bool
    private let lock = NSLock()

    public init(settings: BlocklistSettings, applies: Bool) {
        self.settings = settings
        self.applies = applies
    }

    public enum Outcome: Sendable, Equatable {
        /// Written; not applied (no `--apply-blocks`).
        case written
        case applied
        /// Written, but `nft` failed (its message) or could not be started.
        case applyFailed(String)
    }

    /// Writes (and applies) the script for `blocks`.
    /// - Throws: `BlocklistWriteError` when the file cannot be written.
    public func write(_ blocks: [BlockEntry], now: Double) throws -> Outcome {
        let text = NFTablesScript(settings: settings).render(blocks, now: now)
        lock.lock()
        defer { lock.unlock() }
        let target = URL(fileURLWithPath: settings.file)
        do {
            let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(getpid()).tmp")
            try Data(text.utf8).write(to: temporary)
            if rename(temporary.path, target.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                throw BlocklistWriteError(file: settings.file, reason: reason)
            }
        } catch let error as BlocklistWriteError {
            throw error
        } catch {
            throw BlocklistWriteError(file: settings.file, reason: (error as NSError).localizedDescription)
        }
        guard applies else { return .written }
        return runNFT()
    }

    private func runNFT() -> Outcome {
        guard let executable = Self.executable(settings.nftCommand) else {
            return .applyFailed("'\(settings.nftCommand)' not found on PATH (install nftables or set blocklist.nft_command)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-f", settings.file]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch { return .applyFailed("cannot start \(executable): \((error as NSError).localizedDescription)") }
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: message.prefix(2000), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return .applyFailed("\(executable) -f exited with \(process.terminationStatus): \(text)")
        }
        return .applied
    }

    /// `command` itself if it names a path, else the first executable of that name on `PATH`.
    static func executable(_ command: String) -> String? {
        if command.contains("/") { return FileManager.default.isExecutableFile(atPath: command) ? command : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin"
        return (path.split(separator: ":") + ["/usr/sbin", "/sbin"]).map { "\($0)/\(command)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// The blocklist file could not be written (directory missing, no permission, disk full).
public struct BlocklistWriteError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var reason: String
    public var description: String { "\(file): cannot write the blocklist (\(reason))" }
}
