import Foundation

/// The rules lint looks at: every pack's files as loaded one by one (so duplicates across a
/// pack's files and load errors are visible), and the merged rule set a run would use.
public struct LintInput: Sendable {
    /// One rule pack: the built-in pack, or one `--rules` path (a file or a folder of files).
    public struct Pack: Sendable {
        public var name: String
        public var files: [RulePack]
    }

    public var packs: [Pack]
    /// Problems that kept files from loading (patterns that do not compile, duplicate ids in one file, bad YAML...).
    public var loadErrors: [RuleError]
    /// The rules in decision order, as a run would use them (empty when the packs do not combine).
    public var rules: [Rule]

    public init(packs: [Pack], loadErrors: [RuleError], rules: [Rule]) {
        self.packs = packs
        self.loadErrors = loadErrors
        self.rules = rules
    }

    /// The name of the built-in pack among `packs`.
    public static let defaultPackName = "rules/default"

    /// Loads the default pack (unless left out) and each extra pack, file by file, keeping every error.
    public static func load(extraPacks: [String], includeDefaults: Bool = true) -> LintInput {
        var packs: [Pack] = []
        var errors: [RuleError] = []
        let loader = RuleLoader()
        if includeDefaults {
            var files: [RulePack] = []
            for file in EmbeddedResources.files where file.path.hasPrefix("default/") && file.path.hasSuffix(".yaml")
                && !file.path.dropFirst("default/".count).contains("/") {
                do { files.append(try loader.load(yaml: file.text, file: "rules/" + file.path)) }
                catch let error as RuleErrors { errors += error.errors } catch {}
            }
            packs.append(Pack(name: Self.defaultPackName, files: files))
        }
        for path in extraPacks {
            var files: [RulePack] = []
            for file in RulePackFiles.expand([path]) {
                do { files.append(try loader.load(path: file)) }
                catch let error as RuleErrors { errors += error.errors } catch {}
            }
            packs.append(Pack(name: path, files: files))
        }
        var rules: [Rule] = []
        do { rules = try RuleSet(packs: packs.flatMap(\.files)).rules }
        catch let error as RuleErrors { errors += error.errors } catch {}
        return LintInput(packs: packs, loadErrors: errors, rules: rules)
    }
}

/// One kind of problem lint looks for. Each check is a small type of its own.
public protocol LintCheck: Sendable {
    /// The name shown with each finding, e.g. `shadowed`.
    var name: String { get }
    func findings(in input: LintInput) -> [LintFinding]
}

/// Runs lint checks over rule packs, as linters of code do: every finding with file, line,
/// rule id and severity. Errors are rules that are broken; warnings are rules that probably do
/// not do what their author meant.
public struct Linter: Sendable {
    public var checks: [LintCheck]

    public init(checks: [LintCheck]) { self.checks = checks }

    /// The checks that need only the rules; `corpus` adds the check that runs them over pages.
    public static func standard(corpus: [String] = []) -> Linter {
        var checks: [LintCheck] = [LoadCheck(), DuplicateCheck(), ContradictionCheck(), ShadowCheck(),
                                   DangerousPatternCheck(), DeadAlternativeCheck(), ExampleCoverageCheck()]
        if !corpus.isEmpty { checks.append(CorpusCheck(paths: corpus)) }
        return Linter(checks: checks)
    }

    public struct Report: Sendable {
        public var findings: [LintFinding]
        public var rules: Int
        public var files: Int
        public var errors: Int { findings.filter { $0.severity == .error }.count }
        public var warnings: Int { findings.filter { $0.severity == .warning }.count }
    }

    public func run(_ input: LintInput) -> Report {
        var findings = checks.flatMap { $0.findings(in: input) }
        findings.sort { ($0.origin.file, $0.origin.line, $0.severity == .error ? 0 : 1, $0.check) < ($1.origin.file, $1.origin.line, $1.severity == .error ? 0 : 1, $1.check) }
        let files = input.packs.reduce(0) { $0 + $1.files.count }
        return Report(findings: findings, rules: input.rules.count, files: files)
    }
}
