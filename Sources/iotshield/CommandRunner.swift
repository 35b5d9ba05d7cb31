import ArgumentParser
import Foundation
import IoTData
import IoTSensor

/// Runs the root command and turns errors into the documented exit codes:
/// 0 success (and `--help`), 1 runtime failure, 2 usage error.
enum CommandRunner {
    static func run(_ root: IoTShieldCommand.Type) -> Never {
        do {
            var command = try root.parseAsRoot()
            if let asyncCommand = command as? any AsyncParsableCommand {
                try runAsync(asyncCommand)
            } else {
                try command.run()
            }
            exit(0)
        } catch let error as CSVError {
            fail(error.description)
        } catch let error as StoreError {
            fail(error.description)
        } catch let error as ResponsePolicyError {
            fail(error.description)
        } catch let error as RuntimeError {
            fail(error.description)
        } catch {
            let code = root.exitCode(for: error)
            if code == .success {
                print(root.fullMessage(for: error))
                exit(0)
            }
            if code == .validationFailure {
                FileHandle.standardError.write(Data((root.fullMessage(for: error) + "\n").utf8))
                exit(2)
            }
            if error is ExitCode { exit(code.rawValue) }
            fail(String(describing: error))
        }
    }

    /// Runs an async command (`serve`) to completion on the cooperative pool while the main
    /// thread waits, rethrowing its error into `run`'s mapping so exit codes stay the same.
    static func runAsync(_ command: any AsyncParsableCommand) throws {
        final class Outcome: @unchecked Sendable { var error: (any Error)? }
        nonisolated(unsafe) var command = command
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { try await command.run() } catch { outcome.error = error }
            done.signal()
        }
        done.wait()
        if let error = outcome.error { throw error }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        exit(1)
    }
}

/// A runtime failure the CLI reports as `error: …` with exit code 1.
struct RuntimeError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
