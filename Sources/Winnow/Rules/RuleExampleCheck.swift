import WinnowPCRE2

/// Checks that every rule fires on each of its examples and on none of its counterexamples,
/// as SwiftLint checks its rules' triggering and non-triggering examples.
public struct RuleExampleCheck {
    public struct Failure: Sendable, CustomStringConvertible {
        public var rule: String
        public var origin: RuleOrigin
        public var text: String
        /// True when an example failed to fire; false when a counterexample fired.
        public var isExample: Bool
        public var detail: String?

        public var description: String {
            let what = isExample ? "example did not fire" : "counterexample fired"
            return "\(origin): rule \(rule.debugDescription): \(what): \(text.debugDescription)" + (detail.map { " (\($0))" } ?? "")
        }
    }

    public struct Result: Sendable {
        public var rules = 0
        public var checks = 0
        public var failures: [Failure] = []
    }

    public init() {}

    public func run(_ rules: [Rule]) -> Result {
        let scratch = MatchScratch()
        var result = Result()
        for rule in rules {
            result.rules += 1
            for (texts, expected) in [(rule.examples, true), (rule.counterexamples, false)] {
                for text in texts {
                    result.checks += 1
                    var fired = false
                    var detail: String?
                    do { fired = try rule.fires(onText: text, scratch: scratch) } catch { detail = "\(error)" }
                    if fired != expected {
                        result.failures.append(Failure(rule: rule.id, origin: rule.origin, text: text, isExample: expected, detail: detail))
                    }
                }
            }
        }
        return result
    }
}
