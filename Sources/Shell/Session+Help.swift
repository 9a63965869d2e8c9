import Query
import Tables

/// `help` and `help <topic>`: every command, step and function with an example that runs.
extension Session {
    /// A command: how to write it and an example on the Home Credit tables.
    struct CommandHelp {
        var name: String
        var usage: String
        var example: String
    }

    static let commandHelp: [CommandHelp] = [
        .init(name: "tables", usage: "tables", example: "tables"),
        .init(name: "columns", usage: "columns <table>", example: "columns bureau"),
        .init(name: "describe", usage: "describe <table> [columns…] [if <condition>] | describe from … | …", example: "describe application_train AMT_CREDIT EXT_SOURCE_1"),
        .init(name: "tab", usage: "tab <table> <column> [by <column>] [if <condition>]", example: "tab application_train NAME_EDUCATION_TYPE"),
        .init(name: "corr", usage: "corr <table> with <column> [if <condition>]", example: "corr application_train with TARGET"),
        .init(name: "client", usage: "client <SK_ID_CURR>", example: "client 100002"),
        .init(name: "help", usage: "help [command | step | function | functions]", example: "help share"),
        .init(name: "history", usage: "history", example: "history"),
        .init(name: "save", usage: "save script FILE [range such as 3-17] | save model FILE [lightgbm]", example: "save script analysis.cx 1-2"),
        .init(name: "load", usage: "load model FILE (a saved model, or a LightGBM text model)", example: "load model model.json"),
        .init(name: "fit", usage: FitRequest.usage, example: "fit gbdt on application_train trees=30 leaves=15"),
        .init(name: "cv", usage: "cv [folds=5] [seed=N]", example: "cv folds=3"),
        .init(name: "report", usage: "report [metrics|calibration|lift|roc|coefficients|bins FEATURE]", example: "report lift"),
        .init(name: "importance", usage: "importance [gain|split] [N]", example: "importance gain 10"),
        .init(name: "calibrate", usage: "calibrate platt|isotonic (after cv)", example: "calibrate isotonic"),
        .init(name: "threshold", usage: "threshold cost fn=10 fp=1 [weight COLUMN] (after cv)", example: "threshold cost fn=10 fp=1"),
        .init(name: "score", usage: "score <table> [as <name>] | score client <SK_ID_CURR>", example: "score application_test"),
        .init(name: "model", usage: "model", example: "model"),
        .init(name: "plot", usage: "plot <kind> <table> <arguments…> (the plot step as a command)", example: "plot hist application_train AMT_INCOME_TOTAL by TARGET bins 30 log"),
        .init(name: "source", usage: "source FILE [name=value …]", example: "source analysis.cx"),
        .init(name: "log", usage: "log FILE | log off", example: "log session.log"),
        .init(name: "notebook", usage: "notebook FILE.md", example: "notebook tour.md"),
    ]

    static func help(topic: String?) throws(SessionError) -> String {
        guard let topic else { return help }
        let name = topic.lowercased()
        if name == "functions" {
            return Functions.all.map { "\($0.signature.padding(34))\($0.summary)\($0.isAggregate ? " (aggregate)" : "")" }
                .joined(separator: "\n")
        }
        // A name can be both (`log` the command, `log(x)` the function): show every meaning.
        var meanings: [String] = []
        if let c = commandHelp.first(where: { $0.name == name }) {
            meanings.append("\(c.usage)\n  example: \(c.example)")
        }
        if let s = StepHelp.all.first(where: { $0.verb == name }) {
            meanings.append("\(s.usage)\n  \(s.summary)\n  example: \(s.example)")
        }
        if let f = Functions.all.first(where: { $0.name == name }) {
            meanings.append("\(f.signature)\n  \(f.summary)\n  example: \(f.example)")
        }
        if !meanings.isEmpty { return meanings.joined(separator: "\n\n") }
        let all = commandHelp.map(\.name) + StepHelp.all.map(\.verb) + Functions.all.map(\.name) + ["functions"]
        throw SessionError("no help on '\(topic)'" + NameSuggester.didYouMean(NameSuggester.nearest(to: topic, in: all)),
                           column: 6, length: topic.count, help: "help functions lists the functions")
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
