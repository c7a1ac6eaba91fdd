import WinnowPCRE2

/// Finds what segment action rules match in a text and applies the redactions: overlapping
/// candidates are resolved first-start-wins (then longest, then rule order), and each chosen
/// span is replaced by its rule's placeholder. Text that no rule matches is returned unchanged,
/// byte for byte.
public struct Redactor: Sendable {
    public let rules: [ActionRule]

    public init(rules: [ActionRule]) { self.rules = rules }

    public struct Span: Sendable, Equatable {
        public var range: Range<Int>
        public var rule: Int
    }

    /// The redactions (non-overlapping, in text order) and flags in `text`. Rules whose `when:`
    /// conditions do not hold for `features` are skipped; a rule whose match a limit ended counts
    /// as not matching this text and is passed to `onLimit`.
    public func find(in text: UnsafeBufferPointer<UInt8>, features: Features, scratch: MatchScratch,
                     onLimit: (ActionRule, MatchError) -> Void) -> (redactions: [Span], flags: [Span]) {
        var candidates: [Span] = []
        var flags: [Span] = []
        for (number, rule) in rules.enumerated() where rule.conditions.allSatisfy({ $0.holds(for: features) }) {
            let ranges: [Range<Int>]
            do { ranges = try rule.matches(in: text, scratch: scratch) } catch let error as MatchError {
                onLimit(rule, error)
                continue
            } catch { continue }
            switch rule.action {
            case .redact: candidates += ranges.map { Span(range: $0, rule: number) }
            case .flag: flags += ranges.map { Span(range: $0, rule: number) }
            }
        }
        candidates.sort { a, b in
            if a.range.lowerBound != b.range.lowerBound { return a.range.lowerBound < b.range.lowerBound }
            if a.range.count != b.range.count { return a.range.count > b.range.count }
            return a.rule < b.rule
        }
        var chosen: [Span] = []
        var end = 0
        for candidate in candidates where candidate.range.lowerBound >= end {
            chosen.append(candidate)
            end = candidate.range.upperBound
        }
        flags.sort { ($0.range.lowerBound, $0.rule) < ($1.range.lowerBound, $1.rule) }
        return (chosen, flags)
    }

    /// `text` with each span replaced by its rule's placeholder (spans in order, not overlapping).
    public func apply(_ spans: [Span], to text: UnsafeBufferPointer<UInt8>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count)
        var position = 0
        for span in spans {
            bytes += text[position..<span.range.lowerBound]
            bytes += Array(rules[span.rule].placeholder.utf8)
            position = span.range.upperBound
        }
        bytes += text[position...]
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Convenience for a lone text (eval, examples): the redacted text and the chosen spans.
    public func redact(_ text: String, scratch: MatchScratch, onLimit: (ActionRule, MatchError) -> Void = { _, _ in }) -> (text: String, redactions: [Span], flags: [Span]) {
        var text = text
        let features = FeatureMeasurer.textFeatures(of: text)
        return text.withUTF8 { bytes in
            let found = find(in: bytes, features: features, scratch: scratch, onLimit: onLimit)
            return (found.redactions.isEmpty ? String(decoding: bytes, as: UTF8.self) : apply(found.redactions, to: bytes), found.redactions, found.flags)
        }
    }
}
