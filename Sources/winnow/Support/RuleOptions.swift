import ArgumentParser
import Foundation
import Winnow

/// `--rules` and `--no-default-rules`, shared by every command that classifies.
struct RuleOptions: ParsableArguments {
    @Option(name: .customLong("rules"), help: ArgumentHelp("A rule pack (YAML file or folder of them) to add after the defaults; repeatable. Its rules replace default rules of the same id.", valueName: "PATH"))
    var packs: [String] = []

    @Flag(name: .customLong("no-default-rules"), help: "Do not load the built-in default rules.")
    var noDefaults = false

    /// The rule set, or an exit with status 2 and every rule error on standard error.
    func load() throws -> RuleSet {
        do {
            return try RuleSet.load(extraPacks: packs, includeDefaults: !noDefaults)
        } catch let errors as RuleErrors {
            Console.error("bad rules:\n" + errors.errors.map { "  \($0)" }.joined(separator: "\n"))
            throw ExitCode(2)
        }
    }
}
