import WinnowPCRE2

/// Examples and counterexamples of moderation rules, for `winnow rules test`.
///
/// - An action rule's example must be matched; when it marks spans as `[[text]]`, the rule's
///   accepted matches must be exactly those spans. A counterexample must give no accepted match.
/// - A document rule's example is a cleaned article (lines separated by `\n`, all of them kept):
///   the rule must fire on it; on a counterexample it must not. Its `body_share` is 1.
public extension RuleExampleCheck {
    func run(_ set: RuleSet) -> Result {
        var result = run(set.rules)
        let more = run(set.moderation)
        result.rules += more.rules
        result.checks += more.checks
        result.failures += more.failures
        return result
    }

    func run(_ moderation: ModerationRules) -> Result {
        var result = Result()
        let scratch = MatchScratch()
        for rule in moderation.actions {
            result.rules += 1
            for (text, expected) in rule.examples.map({ ($0, true) }) + rule.counterexamples.map({ ($0, false) }) {
                result.checks += 1
                let (plain, marked) = MarkedText.parse(text)
                var found: [Range<Int>] = []
                var detail: String?
                var plainText = plain
                do { found = try plainText.withUTF8 { try rule.matches(in: $0, scratch: scratch) } } catch { detail = "\(error)" }
                let ok: Bool
                if expected {
                    ok = marked.isEmpty ? !found.isEmpty : Set(found) == Set(marked.map(\.range))
                    if !ok && detail == nil {
                        let bytes = Array(plain.utf8)
                        detail = "matched " + (found.isEmpty ? "nothing" : found.map { String(decoding: bytes[$0], as: UTF8.self).debugDescription }.joined(separator: ", "))
                    }
                } else {
                    ok = found.isEmpty
                    if !ok && detail == nil {
                        let bytes = Array(plain.utf8)
                        detail = "matched " + found.map { String(decoding: bytes[$0], as: UTF8.self).debugDescription }.joined(separator: ", ")
                    }
                }
                if !ok { result.failures.append(Failure(rule: rule.id, origin: rule.origin, text: text, isExample: expected, detail: detail)) }
            }
        }
        let moderator = Moderator(rules: ModerationRules(documents: moderation.documents))
        for rule in moderation.documents {
            result.rules += 1
            for (text, expected) in rule.examples.map({ ($0, true) }) + rule.counterexamples.map({ ($0, false) }) {
                result.checks += 1
                let (article, _) = moderator.moderate(article: text)
                let reason = article.reasons.first { $0.rule == rule.id }
                if (reason != nil) != expected {
                    let figures = rule.conditions.map { "\($0.metric.rawValue) \(Figure.format(article.metrics[$0.metric]))" }
                    result.failures.append(Failure(rule: rule.id, origin: rule.origin, text: text, isExample: expected,
                                                   detail: reason?.why ?? (figures.isEmpty ? nil : figures.joined(separator: ", "))))
                }
            }
        }
        return result
    }
}

/// Text with spans marked inline: `[[text]]`, or `[[KIND:text]]` with an upper-case kind, as in
/// rule examples and the redaction fixtures.
public enum MarkedText {
    public struct Mark: Sendable, Equatable {
        /// The kind in lower case (`email` for `[[EMAIL:...]]`), nil when the mark names none.
        public var kind: String?
        /// UTF-8 byte range in the plain text.
        public var range: Range<Int>
    }

    /// The text without its marks, and the marks' ranges in it.
    public static func parse(_ text: String) -> (plain: String, marks: [Mark]) {
        var plain: [UInt8] = []
        var marks: [Mark] = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x5B, index + 1 < bytes.count, bytes[index + 1] == 0x5B,
               let close = find([0x5D, 0x5D], in: bytes, from: index + 2) {
                var start = index + 2
                var kind: String?
                // An upper-case kind and a colon: [[EMAIL:...]]
                var cursor = start
                while cursor < close, (0x41...0x5A).contains(bytes[cursor]) || bytes[cursor] == 0x5F { cursor += 1 }
                if cursor > start, cursor < close, bytes[cursor] == 0x3A {
                    kind = String(decoding: bytes[start..<cursor], as: UTF8.self).lowercased()
                    start = cursor + 1
                }
                let from = plain.count
                plain += bytes[start..<close]
                marks.append(Mark(kind: kind, range: from..<plain.count))
                index = close + 2
            } else {
                plain.append(bytes[index])
                index += 1
            }
        }
        return (String(decoding: plain, as: UTF8.self), marks)
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        var index = from
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0] && bytes[index + 1] == needle[1] { return index }
            index += 1
        }
        return nil
    }
}
