/// Everything that keeps a rule file from loading, as errors: patterns PCRE2 cannot compile,
/// duplicate ids within a file, unknown keys and labels, bad conditions, bad YAML, disabling an
/// unknown id. (The loader finds them; lint reports them all instead of stopping.)
public struct LoadCheck: LintCheck {
    public let name = "load"

    public init() {}

    public func findings(in input: LintInput) -> [LintFinding] {
        input.loadErrors.map { error in
            let check = error.message.hasPrefix("pattern does not compile") ? "compile" : error.message.hasPrefix("duplicate rule id") ? "duplicate-id" : name
            return LintFinding(.error, check, origin: RuleOrigin(file: error.file, line: error.line), rule: error.ruleID, error.message)
        }
    }
}
