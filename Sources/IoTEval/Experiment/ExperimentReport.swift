import Foundation
import IoTPrep

/// Writes an experiment's `summary.md`, `summary.csv` and the self-contained `report.html`
/// (pictures inlined as data URIs, no scripts, no network).
struct ExperimentReport {
    let summary: ExperimentRunner.Summary
    let preparation: PreparationOptions
    let output: String

    typealias Run = ExperimentRunner.RunResult

    /// The columns compared, with how to read them and whether larger is better.
    static let columns: [(title: String, value: @Sendable (Run) -> Double?, larger: Bool, format: String)] = [
        ("accuracy", { $0.accuracy }, true, "%.4f"),
        ("macro-F1", { $0.macroF1 }, true, "%.4f"),
        ("AUC (macro OvR)", { $0.aucMacro }, true, "%.4f"),
        ("benign FPR", { $0.benignFalsePositiveRate }, false, "%.4f"),
        ("fit s", { $0.fitSeconds }, false, "%.2f"),
        ("predict rows/s", { $0.predictRowsPerSecond }, true, "%.0f"),
    ]

    func write() throws {
        try markdown().write(toFile: output + "/summary.md", atomically: true, encoding: .utf8)
        try csv().write(toFile: output + "/summary.csv", atomically: true, encoding: .utf8)
        try html().write(toFile: output + "/report.html", atomically: true, encoding: .utf8)
    }

    var tasks: [String] { Array(Set(summary.results.map { $0.task.rawValue })).sorted { order($0) < order($1) } }
    func order(_ task: String) -> Int { ["binary", "family", "label"].firstIndex(of: task) ?? 9 }

    func runs(_ task: String, _ protocolName: ExperimentProtocol) -> [Run] {
        summary.results.filter { $0.task.rawValue == task && $0.protocolName == protocolName }
    }

    /// Best value per column within a task and protocol.
    func best(_ runs: [Run], column: Int) -> Double? {
        let c = Self.columns[column]
        let values = runs.compactMap { c.value($0) }
        return c.larger ? values.max() : values.min()
    }

    func cell(_ run: Run, _ column: Int, in group: [Run], bold: (String) -> String) -> String {
        let c = Self.columns[column]
        guard let value = c.value(run) else { return "–" }
        let text = String(format: c.format, value)
        return value == best(group, column: column) && group.count > 1 ? bold(text) : text
    }

    func markdown() -> String {
        var out = "# IoTShield experiment\n\n"
        out += "Generated \(ISO8601DateFormatter().string(from: Date())) by `iotshield experiment`. Best value per task and column in **bold**.\n"
        out += "Preparation: \(preparation.split.rawValue) split, test fraction \(preparation.testFraction), seed \(preparation.seed), scaler \(preparation.scaler.rawValue), "
        out += "correlation threshold \(preparation.correlationThreshold.map { String($0) } ?? "off"), IAT \(preparation.keepIAT ? "KEPT (leakage demonstration)" : "dropped").\n"
        for (task, reason) in summary.skippedTasks.sorted(by: { $0.key < $1.key }) { out += "\nTask `\(task)` skipped: \(reason).\n" }
        for protocolName in ExperimentProtocol.allCases where summary.results.contains(where: { $0.protocolName == protocolName }) {
            out += "\n## \(protocolName == .honest ? "Honest protocol: dedup → split → fit transforms and SMOTE on train → untouched test" : "The reference study's protocol: balance everything (SMOTE), then split (leaky)")\n\n"
            out += "| task | model | " + Self.columns.map(\.title).joined(separator: " | ") + " | train rows | test rows |\n"
            out += "|---|---|" + String(repeating: "---:|", count: Self.columns.count + 2) + "\n"
            for task in tasks {
                let group = runs(task, protocolName)
                for run in group {
                    out += "| \(task) | \(run.model) | " + Self.columns.indices.map { cell(run, $0, in: group) { "**\($0)**" } }.joined(separator: " | ")
                        + " | \(run.trainRows) | \(run.testRows) |\n"
                }
            }
        }
        let pairs = inflationPairs()
        if !pairs.isEmpty {
            out += "\n## What the leaky protocol inflates (macro-F1, seed − honest)\n\n"
            out += "| task | model | honest | seed | inflation | test rows also in training (seed) |\n|---|---|---:|---:|---:|---:|\n"
            for (honest, seed) in pairs {
                out += String(format: "| %@ | %@ | %.4f | %.4f | %+.4f | %d |\n", honest.task.rawValue, honest.model, honest.macroF1, seed.macroF1,
                              seed.macroF1 - honest.macroF1, seed.testRowsInTraining)
            }
        }
        return out
    }

    func inflationPairs() -> [(Run, Run)] {
        summary.results.filter { $0.protocolName == .honest }.compactMap { honest in
            summary.results.first { $0.protocolName == .seed && $0.task == honest.task && $0.model == honest.model }.map { (honest, $0) }
        }
    }

    func csv() -> String {
        var out = "task,model,protocol,accuracy,macro_f1,weighted_f1,auc_macro,benign_fpr,fit_seconds,predict_rows_per_second,train_rows,test_rows,test_rows_in_training,leakage_demonstration,best\n"
        for run in summary.results {
            let group = runs(run.task.rawValue, run.protocolName)
            let bests = Self.columns.indices.filter { i in Self.columns[i].value(run).map { $0 == best(group, column: i) } ?? false }.map { Self.columns[$0].title }
            let fields: [String] = [
                run.task.rawValue, run.model, run.protocolName.rawValue, String(run.accuracy), String(run.macroF1), String(run.weightedF1),
                run.aucMacro.map { String($0) } ?? "", run.benignFalsePositiveRate.map { String($0) } ?? "", String(run.fitSeconds),
                String(run.predictRowsPerSecond), String(run.trainRows), String(run.testRows), String(run.testRowsInTraining),
                String(run.leakageDemonstration), "\"" + bests.joined(separator: ";") + "\"",
            ]
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    func html() throws -> String {
        var body = ""
        for protocolName in ExperimentProtocol.allCases where summary.results.contains(where: { $0.protocolName == protocolName }) {
            body += "<h2>\(protocolName == .honest ? "Honest protocol" : "Reference study's protocol (balance, then split: leaky)")</h2>\n"
            body += "<table id=\"summary-\(protocolName.rawValue)\"><tr><th>task</th><th>model</th>" + Self.columns.map { "<th>\(Self.escape($0.title))</th>" }.joined() + "</tr>\n"
            for task in tasks {
                let group = runs(task, protocolName)
                for run in group {
                    body += "<tr class=\"run\"><td>\(task)</td><td>\(run.model)</td>"
                        + Self.columns.indices.map { "<td>\(cell(run, $0, in: group) { "<b>\($0)</b>" })</td>" }.joined() + "</tr>\n"
                }
            }
            body += "</table>\n"
        }
        let pairs = inflationPairs()
        if !pairs.isEmpty {
            body += "<h2>What the leaky protocol inflates (macro-F1)</h2>\n<table id=\"inflation\"><tr><th>task</th><th>model</th><th>honest</th><th>seed</th><th>inflation</th></tr>\n"
            for (honest, seed) in pairs {
                body += String(format: "<tr><td>%@</td><td>%@</td><td>%.4f</td><td>%.4f</td><td>%+.4f</td></tr>\n", honest.task.rawValue, honest.model,
                               honest.macroF1, seed.macroF1, seed.macroF1 - honest.macroF1)
            }
            body += "</table>\n"
        }
        for run in summary.results {
            body += "<h3 id=\"\(run.id)\">\(run.id)\(run.leakageDemonstration ? " — leakage demonstration" : "")</h3>\n<pre>\(Self.escape(run.reportText))</pre>\n<div class=\"pictures\">"
            for picture in run.pictures {
                guard let data = FileManager.default.contents(atPath: output + "/" + picture) else { continue }
                body += "<img alt=\"\(Self.escape(picture))\" src=\"data:image/png;base64,\(data.base64EncodedString())\">"
            }
            body += "</div>\n"
        }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>IoTShield experiment</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1200px; color: #222; }
            table { border-collapse: collapse; margin: 1em 0; } th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: right; }
            th:first-child, td:first-child, th:nth-child(2), td:nth-child(2) { text-align: left; }
            pre { background: #f6f6f6; padding: 1em; overflow-x: auto; font-size: 12px; }
            .pictures img { max-width: 100%; margin: 0.5em 0; border: 1px solid #eee; display: block; }
            </style></head><body>
            <h1>IoTShield experiment</h1>
            <p>Generated \(ISO8601DateFormatter().string(from: Date())). Best value per task and column in bold. IAT \(preparation.keepIAT ? "kept (leakage demonstration)" : "dropped").</p>
            \(body)
            </body></html>
            """
    }
}
