import Foundation
import Winnow
import WinnowPCRE2

/// How `rules list` and `rules patterns` show moderation rules (after the classification rules).
enum ModerationRuleListing {
    /// One line a rule: `redact`/`flag` with its kind, or the verdict of a document rule, and where it is defined.
    static func lines(_ moderation: ModerationRules) -> [String] {
        var lines: [String] = []
        for rule in moderation.actions {
            let what = rule.action == .redact ? "redact \(rule.kind) as \(rule.placeholder)" : "flag \(rule.kind)"
            lines.append("   -  \(rule.id.padding(toLength: 36, withPad: " ", startingAt: 0)) \(what.padding(toLength: 24, withPad: " ", startingAt: 0)) \(rule.origin)")
        }
        for rule in moderation.documents {
            var tests = rule.conditions.map(\.description)
            if let languages = rule.languages { tests.append("languages: \(languages.count)") }
            if !rule.terms.isEmpty { tests.append("\(rule.terms.count) terms, threshold \(Figure.format(rule.threshold))") }
            let what = "\(rule.verdict.rawValue) when \(tests.joined(separator: ", "))"
            lines.append("   -  \(rule.id.padding(toLength: 36, withPad: " ", startingAt: 0)) \(what) \(rule.origin)")
        }
        return lines
    }

    static func patterns(_ moderation: ModerationRules) -> [Pattern] {
        moderation.actions.flatMap(\.patterns) + moderation.documents.flatMap { $0.terms.map(\.pattern) }
    }
}
