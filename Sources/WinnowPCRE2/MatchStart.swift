import CPCRE2

/// What PCRE2 itself can tell of a pattern's matches before running it on a subject: the
/// fewest characters a match takes, and, for a pattern anchored at the start, the bytes a
/// subject can start with for it to match at all. Both are exact by PCRE2's own reading of the
/// pattern, so a prefilter that skips the pattern when they rule a subject out changes no
/// answer (`^\d{1,3}(\s+\d{1,3})+$` never runs on a line that starts with a letter).
public struct MatchStart: Sendable, Equatable {
    /// The fewest characters (so also bytes) any match holds (`PCRE2_INFO_MINLENGTH`).
    public let minimumLength: Int
    /// For an anchored pattern, whether a subject starting with each byte may match; nil when
    /// the pattern is not anchored (or every byte may start a match).
    public let firstBytes: [Bool]?

    public init(minimumLength: Int, firstBytes: [Bool]?) {
        self.minimumLength = minimumLength
        self.firstBytes = firstBytes
    }

    /// Asks PCRE2. For an anchored pattern (`PCRE2_INFO_ALLOPTIONS` holds `PCRE2_ANCHORED`),
    /// PCRE2's table of first code units (`PCRE2_INFO_FIRSTBITMAP`) when it made one; else
    /// each character of one or two UTF-8 bytes is tried as a whole subject with hard partial
    /// matching: PCRE2 answers "no match" only when no subject starting with that character can
    /// match (reaching the end of the subject anywhere, even inside an assertion, is a partial
    /// match), but for the bytes ruled out by a first code unit PCRE2 found (`^#\w+`). A lead
    /// byte of three or four bytes is ruled out only by the table.
    public init(_ pattern: Pattern) {
        self.init(pattern, probes: .fastest)
    }

    /// How the probes run: `interpreted`, the reference, tries every character PCRE2's table
    /// allows with the interpreter; `fastest` takes PCRE2's table as it is, tries no byte a
    /// first code unit rules out, and runs as JIT code when there are many probes. Both give the
    /// same bytes for every default pattern (a test checks), and both only ever rule out bytes
    /// that start no match.
    enum Probes {
        case interpreted
        case fastest
    }

    /// `turnedAway`: bytes (below 0xE0) that no subject can start with and still reach the
    /// pattern, as the prefilter gates it (its prefixes and their lead). They are marked as
    /// starting no match without a probe: whatever PCRE2 would answer for them, the gate
    /// already rules them out, so the prefilter lets through the same subjects.
    init(_ pattern: Pattern, probes: Probes, turnedAway: [Bool]? = nil) {
        var length: UInt32 = 0
        pcre2_pattern_info_8(pattern.code, UInt32(PCRE2_INFO_MINLENGTH), &length)
        minimumLength = Int(length)
        var all: UInt32 = 0
        pcre2_pattern_info_8(pattern.code, UInt32(PCRE2_INFO_ALLOPTIONS), &all)
        guard all & PCRE2_ANCHORED != 0 else { firstBytes = nil; return }
        firstBytes = Self.probeFirstBytes(pattern, probes: probes, turnedAway: turnedAway)
    }

    /// Lead bytes of two-byte characters left to probe from which the probes run as JIT code:
    /// up to 64 characters a lead byte, against a compilation of a few hundred thousand
    /// instructions (PCRE2 made no table of first code units for such a pattern).
    static let jitLeadBytes = 8

    static func probeFirstBytes(_ pattern: Pattern, probes: Probes = .fastest, turnedAway: [Bool]? = nil) -> [Bool]? {
        var allowed = [Bool](repeating: true, count: 256)
        var bitmap: UnsafePointer<UInt8>? = nil
        pcre2_pattern_info_8(pattern.code, UInt32(PCRE2_INFO_FIRSTBITMAP), &bitmap)
        if let bitmap {
            for byte in 0..<256 { allowed[byte] = bitmap[byte >> 3] & (1 << UInt8(byte & 7)) != 0 }
            // The table, where PCRE2 made one, is as exact as the probes for every default pattern
            // (some 170 of the 250 anchored ones), which would cost a compilation and a few dozen
            // matches each.
            if probes == .fastest { return allowed.allSatisfy { $0 } ? nil : allowed }
        } else if probes == .fastest, let unit = asciiFirstCodeUnit(pattern) {
            // Every match starts with this byte: the other bytes probed need no probe. Its other
            // case is still tried (PCRE2 does not say whether the unit is caseless).
            for byte in 0..<0x80 where byte | 0x20 != unit | 0x20 { allowed[byte] = false }
            for lead in 0xC2...0xDF { allowed[lead] = false }
        }
        if let turnedAway { for byte in 0..<0xE0 where turnedAway[byte] { allowed[byte] = false } }
        // A copy without PCRE2's start-of-match shortcuts (first code unit, minimum length),
        // which hard partial matching must not meet, anchored when compiled (as anchoring at
        // match time would keep it from the JIT code). Its groups do not capture (the
        // interpreter copies and clears every capture at each group it enters, a tenth of the
        // probes' time). A pattern that refers to groups by number then fails to compile and is
        // probed as it is; so is one with named groups, which would take the unnamed ones' numbers.
        var errorCode: Int32 = 0
        var errorOffset = 0
        let flags = pattern.options.compileFlags | PCRE2_NO_START_OPTIMIZE | PCRE2_NO_AUTO_POSSESS | PCRE2_ANCHORED
        let source = Array(pattern.source.utf8)
        func compile(_ flags: UInt32) -> OpaquePointer? {
            source.withUnsafeBufferPointer { pcre2_compile_8($0.baseAddress, $0.count, flags, &errorCode, &errorOffset, nil) }
        }
        var names: UInt32 = 0
        pcre2_pattern_info_8(pattern.code, UInt32(PCRE2_INFO_NAMECOUNT), &names)
        guard let probe = (names == 0 ? compile(flags | PCRE2_NO_AUTO_CAPTURE) : nil) ?? compile(flags) else { return nil }
        defer { pcre2_code_free_8(probe) }
        let leadBytes = (0xC2...0xDF).filter { allowed[$0] }.count
        let jit = probes == .fastest && leadBytes >= jitLeadBytes && pcre2_jit_compile_8(probe, PCRE2_JIT_PARTIAL_HARD) == 0
        guard let data = pcre2_match_data_create_8(1, nil) else { return nil }
        defer { pcre2_match_data_free_8(data) }
        let context = pcre2_match_context_create_8(nil)
        defer { pcre2_match_context_free_8(context) }
        pcre2_set_match_limit_8(context, 100_000)
        pcre2_set_depth_limit_8(context, 1000)
        // Whether a subject starting with this character may match: anything but "no match"
        // (a match, a partial match, a limit reached) says it may. The subject is one buffer,
        // reused (there are up to two thousand probes a pattern), and always valid UTF-8.
        let subject = UnsafeMutablePointer<UInt8>.allocate(capacity: 2)
        defer { subject.deallocate() }
        func mayStart(_ first: Int, _ second: Int? = nil) -> Bool {
            subject[0] = UInt8(first)
            if let second { subject[1] = UInt8(second) }
            let length = second == nil ? 1 : 2
            let rc = jit ? pcre2_jit_match_8(probe, subject, length, 0, PCRE2_PARTIAL_HARD, data, context)
                : pcre2_match_8(probe, subject, length, 0, PCRE2_PARTIAL_HARD | PCRE2_NO_UTF_CHECK, data, context)
            return rc != PCRE2_ERROR_NOMATCH
        }
        for byte in 0..<0x80 where allowed[byte] { allowed[byte] = mayStart(byte) }
        for lead in 0xC2...0xDF where allowed[lead] {
            allowed[lead] = (0x80...0xBF).contains { mayStart(lead, $0) }
        }
        return allowed.allSatisfy { $0 } ? nil : allowed
    }

    /// The first code unit PCRE2 found every match to start with (`PCRE2_INFO_FIRSTCODETYPE`
    /// 1), when it is ASCII: `^#` and `^wenn (ihnen|dir) ...` but not `^s` caseless (which
    /// may start with ſ) nor an alternation of several first letters.
    static func asciiFirstCodeUnit(_ pattern: Pattern) -> Int? {
        var type: UInt32 = 0, unit: UInt32 = 0
        pcre2_pattern_info_8(pattern.code, UInt32(PCRE2_INFO_FIRSTCODETYPE), &type)
        guard type == 1 else { return nil }
        pcre2_pattern_info_8(pattern.code, UInt32(PCRE2_INFO_FIRSTCODEUNIT), &unit)
        return unit < 0x80 ? Int(unit) : nil
    }
}
