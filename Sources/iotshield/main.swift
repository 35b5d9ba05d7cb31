// Entry point: parse, run, and map every failure to a message and an exit code in one place.
//   0 success (also --help), 1 runtime failure (bad data, I/O), 2 usage error.
import ArgumentParser
import Foundation
import IoTData

CommandRunner.run(IoTShieldCommand.self)
