import ArgumentParser

/// Every command names itself (`commandName:`): without a name ArgumentParser makes one from the
/// type's with `String(describing:)`, about a million instructions a command at every start.
@main
struct WinnowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "winnow",
        abstract: "Clean scraped web pages: label every segment body, disclaimer, tags, navigation or teasers, and keep the article.",
        discussion: """
        Rules are PCRE2 patterns in YAML rule packs. The default pack is built in; add or override rules with --rules PATH. Every decision names the rule or scorer that made it.

        Exit status: 0 success; 1 some inputs could not be processed (the others were); 2 bad rules; 64 bad arguments.
        """,
        version: "0.1.0",
        subcommands: [Clean.self, Explain.self, Eval.self, Diff.self, Report.self, Rules.self],
        defaultSubcommand: nil
    )
}
