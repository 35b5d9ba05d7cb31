import ArgumentParser

/// `iotshield`: the root command; each subcommand is a thin shell over a library call.
struct IoTShieldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iotshield",
        abstract: "Real-time intrusion detection for IoT networks, trained on CICIoT2023.",
        discussion: """
            Exit codes: 0 success, 1 runtime failure (bad data, I/O), 2 usage error.
            """,
        version: "0.1.0",
        subcommands: [
            IngestCommand.self, InspectCommand.self, SynthCommand.self, PrepareCommand.self, CorrelateCommand.self, BalanceCommand.self,
            TrainCommand.self, PredictCommand.self,
            EvaluateCommand.self, ExperimentCommand.self, ExtractCommand.self, DetectCommand.self, ServeCommand.self, TokenCommand.self,
        ])
}
