import ArgumentParser
import Foundation
import Winnow

/// `--rules`, `--no-default-rules`, `--profile` and `--moderate`, shared by every command that classifies.
struct RuleOptions: ParsableArguments {
    @Option(name: .customLong("rules"), help: ArgumentHelp("A rule pack (YAML file or folder of them) to add after the defaults; repeatable. Its rules replace default rules of the same id.", valueName: "PATH"))
    var packs: [String] = []

    @Flag(name: .customLong("no-default-rules"), help: "Do not load the built-in default rules.")
    var noDefaults = false

    @Option(name: .customLong("profile"), help: ArgumentHelp("Turn on a built-in moderation profile (\(RuleSet.profileNames.joined(separator: ", "))); repeatable. Its packs load after the defaults and before --rules packs.", valueName: "NAME"))
    var profiles: [String] = []

    @Flag(help: "Moderate documents: the same as --profile corpus-quality (document verdicts keep, review, drop).")
    var moderate = false

    /// The profiles asked for, `--moderate` first.
    var allProfiles: [String] { (moderate ? ["corpus-quality"] : []) + profiles }

    func validate() throws {
        let known = RuleSet.profileNames
        for profile in profiles where !known.contains(profile) {
            throw ValidationError("no profile \(profile.debugDescription) (built in: \(known.joined(separator: ", ")))")
        }
    }

    /// The rule set, or an exit with status 2 and every rule error on standard error.
    /// `profilesIfNone`: the profiles to load when neither --profile nor --moderate was given.
    func load(profilesIfNone: [String] = []) throws -> RuleSet {
        do {
            let profiles = allProfiles.isEmpty ? profilesIfNone : allProfiles
            return try RuleSet.load(extraPacks: packs, includeDefaults: !noDefaults, profiles: profiles)
        } catch let errors as RuleErrors {
            Console.error("bad rules:\n" + errors.errors.map { "  \($0)" }.joined(separator: "\n"))
            throw ExitCode(2)
        }
    }
}
