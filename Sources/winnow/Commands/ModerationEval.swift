import ArgumentParser
import Foundation
import Winnow

/// `winnow eval --moderation DIR`: verdict accuracy and redaction precision and recall per kind.
enum ModerationEvalCommand {
    static func run(folder: String, rules: RuleOptions, json: Bool, showErrors: Bool) throws {
        let set = try rules.load(profilesIfNone: ["corpus-quality", "pii"])
        let evaluation: ModerationEvaluation
        do { evaluation = try ModerationEvaluation.run(folder: folder, pipeline: Pipeline(rules: set)) } catch {
            Console.error("\(error)")
            throw ExitCode(1)
        }
        print(json ? Self.json(evaluation) : Self.text(evaluation, showErrors: showErrors))
    }

    static func f(_ x: Double) -> String { String(format: "%.3f", x) }
    static func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }

    static func text(_ e: ModerationEvaluation, showErrors: Bool) -> String {
        var lines = ["verdicts: \(e.documents) documents, accuracy \(f(e.accuracy)) (\(e.correct) right); expected reasons found \(f(e.reasonRecall))", ""]
        lines.append(pad("expected\\got", 14) + Verdict.allCases.map { pad($0.rawValue, 8) }.joined())
        for expected in Verdict.allCases {
            lines.append(pad(expected.rawValue, 14) + Verdict.allCases.map { pad(String(e.count(expected: expected, got: $0)), 8) }.joined())
        }
        lines.append("")
        lines.append("redactions: \(e.texts) texts")
        lines.append("kind       precision  recall  F1     right  extra  missed")
        for (kind, c) in e.kinds.sorted(by: { $0.key < $1.key }) {
            lines.append(pad(kind, 11) + pad(f(c.precision), 11) + pad(f(c.recall), 8) + pad(f(c.f1), 7) + pad(String(c.truePositives), 7) + pad(String(c.falsePositives), 7) + String(c.falseNegatives))
        }
        if !e.flags.isEmpty { lines.append("flags (not scored): " + e.flags.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "  ")) }
        if showErrors {
            lines.append("")
            lines += e.verdictErrors.map { "verdict: " + $0 }
            lines += e.redactionErrors.map { "redaction: " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ e: ModerationEvaluation) -> String {
        var kinds: [String: Any] = [:]
        for (kind, c) in e.kinds {
            kinds[kind] = ["precision": c.precision, "recall": c.recall, "f1": c.f1, "right": c.truePositives, "extra": c.falsePositives, "missed": c.falseNegatives]
        }
        var confusion: [String: [String: Int]] = [:]
        for expected in Verdict.allCases {
            confusion[expected.rawValue] = Dictionary(uniqueKeysWithValues: Verdict.allCases.map { ($0.rawValue, e.count(expected: expected, got: $0)) })
        }
        let object: [String: Any] = [
            "verdicts": ["documents": e.documents, "accuracy": e.accuracy, "reason_recall": e.reasonRecall, "confusion": confusion, "errors": e.verdictErrors],
            "redactions": ["texts": e.texts, "kinds": kinds, "errors": e.redactionErrors, "flags": e.flags],
        ]
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
