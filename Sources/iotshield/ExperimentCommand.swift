import ArgumentParser
import Foundation
import IoTData
import IoTEval
import IoTModels

extension ExperimentProtocol: ExpressibleByArgument {}

struct ExperimentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiment",
        abstract: "Run the whole study: every task × model (× protocol), reports, pictures, summary and report.html.",
        discussion: """
            Writes OUT/summary.md, OUT/summary.csv, OUT/report.html (self-contained) and per run
            OUT/runs/ID/{report.txt,report.json,confusion.png/svg,roc.png/svg,importance.png/svg}.
            --protocol both runs the honest protocol and the reference study's leaky one (balance
            everything, then split) side by side and spells out the inflation. Runs already in OUT
            are kept, so an interrupted experiment resumes where it stopped.
            """)

    @Option(help: "Column store or CSV files/directories (repeat for several).")
    var data: [String]

    @Option(name: .shortAndLong, help: "Output directory.")
    var out: String

    @Option(help: "Tasks, comma-separated: binary,family,label.")
    var tasks: String = "binary,family,label"

    @Option(help: "Models, comma-separated: rf,gbdt,lr,adaboost,perceptron,dnn.")
    var models: String = "rf,gbdt,lr,adaboost,perceptron,dnn"

    @Option(name: .customLong("protocol"), help: "honest, seed, or both.")
    var protocolChoice: String = "honest"

    @OptionGroup var preparation: PreparationArguments
    @OptionGroup var modelArguments: ModelArguments

    func parsedTasks() throws -> [LearningTask] {
        try tasks.split(separator: ",").map {
            guard let task = LearningTask(rawValue: String($0)) else { throw ValidationError("unknown task '\($0)' (binary, family, label)") }
            return task
        }
    }

    func parsedModels() throws -> [ModelKind] {
        try models.split(separator: ",").map {
            guard let kind = ModelKind(rawValue: String($0)) else { throw ValidationError("unknown model '\($0)' (rf, gbdt, lr, adaboost, perceptron, dnn)") }
            return kind
        }
    }

    func parsedProtocols() throws -> [ExperimentProtocol] {
        switch protocolChoice {
        case "both": return [.honest, .seed]
        default:
            guard let value = ExperimentProtocol(rawValue: protocolChoice) else { throw ValidationError("--protocol must be honest, seed or both") }
            return [value]
        }
    }

    func validate() throws {
        _ = try parsedTasks()
        _ = try parsedModels()
        _ = try parsedProtocols()
    }

    func run() throws {
        let dataset = try Dataset.load(data)
        let specs = try parsedModels().map { kind -> ModelSpec in
            var arguments = modelArguments
            arguments.model = kind
            return try arguments.spec(seed: preparation.seed)
        }
        let runner = ExperimentRunner(
            tasks: try parsedTasks(), models: specs, protocols: try parsedProtocols(), preparation: try preparation.options(), output: out)
        let summary = try runner.run(dataset)
        print("\n\(summary.results.count) runs. Summary: \(out)/summary.md · report: \(out)/report.html")
    }
}
