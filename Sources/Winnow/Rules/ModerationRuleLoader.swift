import Foundation
import WinnowPCRE2
import Yams

/// Parsing of the moderation keys of a rule file: segment rules with an `action:` (in `rules:`)
/// and document rules (in `documents:`), with the same checks and messages as classification rules.
extension RuleLoader {
    static let actionRuleKeys: Set<String> = ["id", "description", "action", "kind", "placeholder", "patterns", "pattern", "ignore_case",
                                              "when", "digits", "check", "examples", "counterexamples"]
    static let documentRuleKeys: Set<String> = ["id", "description", "verdict", "when", "languages", "terms", "threshold", "ignore_case",
                                                "examples", "counterexamples"]
    static let termKeys: Set<String> = ["pattern", "weight", "name"]

    func parseActionRule(_ node: Node, fields: KeyedMapping?, file: String, fail: (Node?, String?, String) -> Void) -> ActionRule? {
        guard let mapping = fields else { return nil }
        guard let id = mapping["id"]?.string, !id.isEmpty else { fail(node, nil, "rule has no id"); return nil }
        var ok = true
        func problem(_ at: Node?, _ message: String) { fail(at ?? node, id, message); ok = false }
        for (key, _) in mapping where !Self.actionRuleKeys.contains(key.string ?? "") {
            if key.string == "label" {
                problem(key, "an action rule has no label: it acts on the kept text (remove label, or remove action to classify)")
            } else {
                problem(key, "unknown key \(key.string?.debugDescription ?? "?") for an action rule (allowed: \(Self.actionRuleKeys.sorted().joined(separator: ", ")))")
            }
        }
        var action = SegmentAction.redact
        if let name = mapping["action"]?.string, let parsed = SegmentAction(rawValue: name) { action = parsed } else {
            problem(mapping["action"], "action must be one of \(SegmentAction.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var kind = ""
        if let node = mapping["kind"] {
            if let text = node.string, !Self.isKindName(text) {
                problem(node, "kind must be a lower-case name such as email or phone, not \(text.debugDescription)")
            } else if let text = node.string { kind = text } else { problem(node, "kind must be a string") }
        } else { problem(node, "an action rule needs a kind (what it finds, such as email): counts are reported per kind") }
        var placeholder = "[\(kind.uppercased())]"
        if let node = mapping["placeholder"] {
            if action == .flag { problem(node, "placeholder is for action: redact (a flag leaves the text as it is)") }
            if let text = node.string, !text.isEmpty, !text.contains("\n") { placeholder = text } else { problem(node, "placeholder must be a non-empty one-line string") }
        }
        var digits: Condition.Test?
        var digitsWritten: String?
        if let node = mapping["digits"] {
            do {
                digits = try Condition.parseTest(key: "digits", value: node.string ?? "")
                digitsWritten = node.string
            } catch { problem(node, "bad digits check: \(error)") }
        }
        var check: MatchCheck?
        if let node = mapping["check"] {
            if let name = node.string, let parsed = MatchCheck(rawValue: name) { check = parsed } else {
                problem(node, "unknown check \(node.string?.debugDescription ?? "?") (known: \(MatchCheck.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
        }
        let patterns = RuleFields.patterns(mapping, node: node, problem: problem)
        let conditions = RuleFields.conditions(mapping, problem: problem)
        let examples = RuleFields.strings(mapping, "examples", problem: problem), counterexamples = RuleFields.strings(mapping, "counterexamples", problem: problem)
        guard ok else { return nil }
        return ActionRule(id: id, action: action, kind: kind, description: mapping["description"]?.string ?? "", patterns: patterns,
                          conditions: conditions, placeholder: placeholder, digits: digits, digitsWritten: digitsWritten, check: check,
                          examples: examples, counterexamples: counterexamples, origin: RuleOrigin(file: file, line: node.mark?.line ?? 1))
    }

    func parseDocumentRule(_ node: Node, fields: KeyedMapping?, file: String, fail: (Node?, String?, String) -> Void) -> DocumentRule? {
        guard let mapping = fields else { fail(node, nil, "each document rule is a mapping with id, verdict and a test (when, languages or terms)"); return nil }
        guard let id = mapping["id"]?.string, !id.isEmpty else { fail(node, nil, "document rule has no id"); return nil }
        var ok = true
        func problem(_ at: Node?, _ message: String) { fail(at ?? node, id, message); ok = false }
        for (key, _) in mapping where !Self.documentRuleKeys.contains(key.string ?? "") {
            problem(key, "unknown key \(key.string?.debugDescription ?? "?") for a document rule (allowed: \(Self.documentRuleKeys.sorted().joined(separator: ", ")))")
        }
        var verdict = Verdict.drop
        if let name = mapping["verdict"]?.string, let parsed = Verdict(rawValue: name), parsed != .keep { verdict = parsed } else {
            problem(mapping["verdict"], "verdict must be drop or review")
        }
        var conditions: [MetricCondition] = []
        if let when = mapping["when"] {
            if let entries = when.mapping {
                for (key, value) in entries {
                    let name = key.string ?? ""
                    guard let metric = DocumentMetric(rawValue: name) else {
                        problem(key, "unknown document metric \(name.debugDescription) (known: \(DocumentMetric.allCases.map(\.rawValue).joined(separator: ", ")))")
                        continue
                    }
                    do {
                        let written = (value.string ?? "").trimmingCharacters(in: .whitespaces)
                        conditions.append(MetricCondition(metric: metric, test: try Condition.parseTest(key: name, value: value.string ?? ""), written: written))
                    } catch { problem(key, "bad condition: \(error)") }
                }
            } else { problem(when, "when must be a mapping of document metric conditions") }
        }
        var languages: [String]?
        if let node = mapping["languages"] {
            let known = Set(StopwordLists.embedded.codes + ["unknown"])
            if let sequence = node.sequence, !sequence.isEmpty {
                languages = []
                for item in sequence {
                    guard let code = item.string?.lowercased(), known.contains(code) else {
                        problem(item, "unknown language \(item.string?.debugDescription ?? "?") (known: \(known.sorted().joined(separator: ", ")))")
                        continue
                    }
                    languages?.append(code)
                }
            } else { problem(node, "languages must be a non-empty list of language codes (and unknown)") }
        }
        let ignoreCase = mapping["ignore_case"].map { $0.bool ?? true } ?? true
        var terms: [WeightedTerm] = []
        if let node = mapping["terms"] {
            if let sequence = node.sequence, !sequence.isEmpty {
                for item in sequence {
                    var source: Node? = item
                    var weight = 1.0
                    var name: String?
                    if let entries = item.mapping {
                        for (key, _) in entries where !Self.termKeys.contains(key.string ?? "") {
                            problem(key, "unknown term key \(key.string?.debugDescription ?? "?") (allowed: \(Self.termKeys.sorted().joined(separator: ", ")))")
                        }
                        source = entries["pattern"]
                        if source == nil { problem(item, "a term needs a pattern"); continue }
                        if let weightNode = entries["weight"] {
                            if let value = weightNode.float { weight = value } else { problem(weightNode, "weight must be a number") }
                        }
                        name = entries["name"]?.string
                    }
                    guard let source, let text = source.string else { problem(item, "a term is a pattern or a mapping with pattern, weight and name"); continue }
                    do {
                        terms.append(WeightedTerm(pattern: try Pattern(text, options: ignoreCase ? [.caseInsensitive] : []), weight: weight, name: name ?? text))
                    } catch let error as PatternError {
                        problem(source, "pattern does not compile: \(error.message) at offset \(error.offset) in \(text.debugDescription)")
                    } catch { problem(source, "\(error)") }
                }
            } else { problem(node, "terms must be a non-empty list of patterns") }
        }
        var threshold = 1.0
        if let node = mapping["threshold"] {
            if mapping["terms"] == nil { problem(node, "threshold is for terms (the score at which the rule fires)") }
            if let value = node.float { threshold = value } else { problem(node, "threshold must be a number") }
        }
        if mapping["when"] == nil && mapping["languages"] == nil && mapping["terms"] == nil {
            problem(node, "a document rule needs a test: when (metric conditions), languages (an allowlist) or terms (a weighted term list)")
        }
        let examples = RuleFields.strings(mapping, "examples", problem: problem), counterexamples = RuleFields.strings(mapping, "counterexamples", problem: problem)
        guard ok else { return nil }
        return DocumentRule(id: id, verdict: verdict, description: mapping["description"]?.string ?? "", conditions: conditions,
                            languages: languages, terms: terms, threshold: threshold, examples: examples,
                            counterexamples: counterexamples, origin: RuleOrigin(file: file, line: node.mark?.line ?? 1))
    }

    /// A kind is a lower-case name: a letter, then letters, digits, `_` or `-`.
    static func isKindName(_ text: String) -> Bool {
        guard let first = text.utf8.first, (0x61...0x7A).contains(first) else { return false }
        return text.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F || $0 == 0x2D }
    }
}
