import WinnowPCRE2

/// What a segment action rule does with what it matches.
public enum SegmentAction: String, CaseIterable, Sendable {
    /// Replace the match by the rule's placeholder in the cleaned text.
    case redact
    /// Leave the text as it is, count the match, and mark the document for review.
    case flag
}

/// A validator run on each match after the pattern, so a pattern can stay simple and the
/// arithmetic lives in code (`check: luhn`).
public enum MatchCheck: String, CaseIterable, Sendable {
    /// 13 to 19 digits that pass the Luhn checksum (payment cards).
    case luhn
    /// An IBAN whose check digits pass ISO 7064 mod 97-10.
    case iban

    public func accepts(_ match: UnsafeBufferPointer<UInt8>) -> Bool {
        switch self {
        case .luhn: return LuhnCheck.isValidCardNumber(match)
        case .iban: return IBANCheck.isValid(match)
        }
    }
}

/// A segment rule with an `action:`: PCRE2 patterns whose matches in the kept text are
/// redacted (replaced by a placeholder such as `[EMAIL]`) or flagged, after optional checks
/// on each match (its count of digits, a checksum).
public struct ActionRule: Sendable {
    public var id: String
    public var action: SegmentAction
    /// What the rule finds (`email`, `phone`, ...): redactions and flags are counted per kind.
    public var kind: String
    public var description: String
    public var patterns: [Pattern]
    /// Conditions on the segment's features (as for classification rules), all must hold.
    public var conditions: [Condition]
    /// The replacement text, for `redact`.
    public var placeholder: String
    /// A test on the number of ASCII digits in each match (`digits: "9..15"`).
    public var digits: Condition.Test?
    public var digitsWritten: String?
    public var check: MatchCheck?
    public var examples: [String]
    public var counterexamples: [String]
    public var origin: RuleOrigin

    /// Whether a match passes the rule's digit count and check.
    public func accepts(_ match: UnsafeBufferPointer<UInt8>) -> Bool {
        if let digits {
            var count = 0
            for byte in match where byte >= 0x30 && byte <= 0x39 { count += 1 }
            guard digits.holds(Double(count)) else { return false }
        }
        if let check, !check.accepts(match) { return false }
        return true
    }

    /// The accepted matches of every pattern in `text`, as UTF-8 byte ranges (possibly overlapping
    /// across patterns). A match a limit ended throws, and the caller treats the rule as not matching.
    public func matches(in text: UnsafeBufferPointer<UInt8>, scratch: MatchScratch) throws -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        for pattern in patterns {
            for range in try pattern.allMatches(in: text, scratch: scratch) where !range.isEmpty {
                if accepts(UnsafeBufferPointer(rebasing: text[range])) { ranges.append(range) }
            }
        }
        return ranges
    }
}
