import CPCRE2
import Foundation

/// One compiled PCRE2 pattern, matched against UTF-8 bytes.
///
/// Immutable after compilation, so one `Pattern` is shared by every thread; the mutable
/// per-match state (match data, JIT stack, limits) lives in a `MatchScratch` that each
/// thread owns. Patterns always compile with UTF and UCP so `\w`, `\b` and case folding
/// work for every script, and are JIT-compiled when the platform supports it: lazily, before
/// their first match, so a run that never tries a pattern (a short input, a prefilter that
/// always rules it out) never pays for its machine code (a tenth of start-up).
public final class Pattern: @unchecked Sendable {
    /// The pattern as written by the user, without inline options.
    public let source: String
    public let options: Options
    /// Number of groups the compiled code captures: only named ones, unless the pattern refers
    /// to groups by number or has named groups (then every group, as written). Nothing reads a
    /// group but the whole match.
    public let captureCount: Int
    /// Whether PCRE2's JIT compiler accepted the pattern (matching is much faster when it did).
    public var isJITCompiled: Bool { compileJITOnce() }

    let code: OpaquePointer
    /// `JITState` of the code, read with acquire ordering: no thread matches before it is set.
    private let jitState: UnsafeMutablePointer<Int32>

    private enum JITState {
        static let notTried: Int32 = 0, compiled: Int32 = 1, refused: Int32 = 2
    }
    /// Held while the pattern is JIT-compiled (once), so two threads never compile the same
    /// code at once and none matches with half-made code. One a pattern, not one for all: the
    /// first pages of a run meet most patterns for the first time, and with one lock the
    /// workers took turns at PCRE2's compiler (two jobs on the bench pages waited 16 ms in all
    /// for 12 ms of compiling); different patterns' codes compile independently.
    private let jitLock = NSLock()

    public struct Options: OptionSet, Hashable, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let caseInsensitive = Options(rawValue: 1 << 0)
        public static let multiline = Options(rawValue: 1 << 1)
        public static let dotAll = Options(rawValue: 1 << 2)
        public static let extended = Options(rawValue: 1 << 3)

        var compileFlags: UInt32 {
            var flags = PCRE2_UTF | PCRE2_UCP
            if contains(.caseInsensitive) { flags |= PCRE2_CASELESS }
            if contains(.multiline) { flags |= PCRE2_MULTILINE }
            if contains(.dotAll) { flags |= PCRE2_DOTALL }
            if contains(.extended) { flags |= PCRE2_EXTENDED }
            return flags
        }

        /// The same options written inline, e.g. `(?i)`, so other PCRE2 tools run the identical pattern.
        public var inlinePrefix: String {
            var letters = ""
            if contains(.caseInsensitive) { letters += "i" }
            if contains(.multiline) { letters += "m" }
            if contains(.dotAll) { letters += "s" }
            if contains(.extended) { letters += "x" }
            return letters.isEmpty ? "" : "(?\(letters))"
        }
    }

    public init(_ source: String, options: Options = []) throws {
        self.source = source
        self.options = options
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        func compile(_ flags: UInt32) -> OpaquePointer? {
            source.withCString { cString in
                cString.withMemoryRebound(to: UInt8.self, capacity: source.utf8.count + 1) { bytes in
                    pcre2_compile_8(bytes, source.utf8.count, flags, &errorCode, &errorOffset, nil)
                }
            }
        }
        // Plain parentheses do not capture: only the whole match is ever read, and a group that
        // captures costs every run that enters it (its offsets kept and restored on backtracking;
        // 8% of the JIT code's instructions). Matches are the same. A pattern that refers to a
        // group by number then fails to compile, and one with named groups would give the plain
        // ones' numbers to the named: both are compiled as written (so are errors, whose message
        // and offset are those of the pattern as written).
        var compiled = compile(options.compileFlags | PCRE2_NO_AUTO_CAPTURE)
        if let named = compiled {
            var names: UInt32 = 0
            pcre2_pattern_info_8(named, UInt32(PCRE2_INFO_NAMECOUNT), &names)
            if names > 0 { pcre2_code_free_8(named); compiled = nil }
        }
        if compiled == nil { compiled = compile(options.compileFlags) }
        guard let compiled else {
            throw PatternError(pattern: source, message: PCRE2Message.text(for: errorCode), offset: errorOffset)
        }
        code = compiled
        var captures: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &captures)
        captureCount = Int(captures)
        jitState = .allocate(capacity: 1)
        jitState.initialize(to: JITState.notTried)
    }

    deinit {
        pcre2_code_free_8(code)
        jitState.deallocate()
    }

    /// JIT-compiles the code on first use; whether there is JIT code. Every match goes through
    /// here first (PCRE2's compiler writes into the code that its matcher reads).
    @inline(__always)
    func compileJITOnce() -> Bool {
        let state = winnow_load_acquire(jitState)
        if state != JITState.notTried { return state == JITState.compiled }
        return compileJIT()
    }

    private func compileJIT() -> Bool {
        jitLock.lock()
        defer { jitLock.unlock() }
        if jitState.pointee == JITState.notTried {
            let state = pcre2_jit_compile_8(code, PCRE2_JIT_COMPLETE) == 0 ? JITState.compiled : JITState.refused
            winnow_store_release(jitState, state)
        }
        return jitState.pointee == JITState.compiled
    }

    /// The pattern with its options written inline (`(?i)...`).
    public var inlineSource: String { options.inlinePrefix + source }

    /// The pattern as another PCRE2 program must be given it to run exactly this pattern:
    /// UTF and UCP (which Winnow always sets) and the options, all inline —
    /// `(*UTF)(*UCP)(?i)...`, one a line for `pcre2grep -f`.
    public var standaloneSource: String { "(*UTF)(*UCP)" + inlineSource }

    /// The byte range of the first match in `subject` at or after `start`, or nil when there is none.
    ///
    /// The subject must be valid UTF-8 (Winnow's normaliser guarantees it), so PCRE2's own
    /// UTF check is skipped. Throws `MatchError.limitExceeded` when the match or depth limit
    /// of the scratch stops a runaway match, so one pathological pattern cannot hang a batch.
    public func firstMatch(in subject: UnsafeBufferPointer<UInt8>, from start: Int = 0, scratch: MatchScratch) throws -> Range<Int>? {
        let base = subject.baseAddress ?? Pattern.emptySubject
        _ = compileJITOnce()
        let rc = pcre2_match_8(code, base, subject.count, start, PCRE2_NO_UTF_CHECK, scratch.matchData, scratch.matchContext)
        if rc == PCRE2_ERROR_NOMATCH { return nil }
        if rc < 0 { throw MatchError(code: rc, pattern: source) }
        // rc == 0 means the ovector was too small for every group; group 0 is still set.
        let ovector = pcre2_get_ovector_pointer_8(scratch.matchData)!
        return Int(ovector[0])..<Int(ovector[1])
    }

    /// Whether the pattern matches anywhere in `subject`: `firstMatch` without the range, and
    /// straight into the JIT code when there is some (the classifier's hot path).
    public func matches(_ subject: UnsafeBufferPointer<UInt8>, scratch: MatchScratch) throws -> Bool {
        let base = subject.baseAddress ?? Pattern.emptySubject
        let rc = compileJITOnce()
            ? pcre2_jit_match_8(code, base, subject.count, 0, 0, scratch.matchData, scratch.matchContext)
            : pcre2_match_8(code, base, subject.count, 0, PCRE2_NO_UTF_CHECK, scratch.matchData, scratch.matchContext)
        if rc == PCRE2_ERROR_NOMATCH { return false }
        if rc < 0 { throw MatchError(code: rc, pattern: source) }
        return true
    }

    /// Convenience for strings (tests, rule examples): copies the string's UTF-8.
    public func matches(_ text: String, scratch: MatchScratch) throws -> Bool {
        var text = text
        return try text.withUTF8 { try matches($0, scratch: scratch) }
    }

    /// Every non-overlapping match in `subject`, in order.
    public func allMatches(in subject: UnsafeBufferPointer<UInt8>, scratch: MatchScratch) throws -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        while start <= subject.count, let range = try firstMatch(in: subject, from: start, scratch: scratch) {
            ranges.append(range)
            // An empty match must still advance, by one whole UTF-8 scalar.
            if range.isEmpty {
                var next = range.upperBound + 1
                while next < subject.count, subject[next] & 0xC0 == 0x80 { next += 1 }
                start = next
            } else {
                start = range.upperBound
            }
        }
        return ranges
    }

    private static let emptySubject: UnsafePointer<UInt8> = {
        let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        pointer.initialize(to: 0)
        return UnsafePointer(pointer)
    }()
}

/// A list of patterns as one thread runs them by index, subject after subject (the classifier's
/// hot path, where most runs fail at once and the call around PCRE2's JIT code is a good part of
/// their cost). The code of every pattern this thread has seen JIT-compiled sits in one flat
/// table, so such a run reads neither the `Pattern` object (no retain, no cache line of its own)
/// nor its shared JIT flag, and goes straight into `pcre2_jit_match`. Owned by one thread, like
/// the `MatchScratch` it runs with.
public final class PatternRunner {
    public let patterns: [Pattern]
    /// For each pattern, its code once this thread has found it JIT-compiled; nil before, or
    /// when PCRE2's JIT refused it (then the interpreter runs it, through the `Pattern`).
    private let jitCodes: UnsafeMutablePointer<OpaquePointer?>
    private let matchData: OpaquePointer
    private let matchContext: OpaquePointer
    /// Kept for the match data and context the runs use.
    private let scratch: MatchScratch

    public init(patterns: [Pattern], scratch: MatchScratch) {
        self.patterns = patterns
        self.scratch = scratch
        matchData = scratch.matchData
        matchContext = scratch.matchContext
        jitCodes = .allocate(capacity: max(patterns.count, 1))
        jitCodes.initialize(repeating: nil, count: max(patterns.count, 1))
    }

    deinit { jitCodes.deallocate() }

    /// Whether pattern `index` matches anywhere in `subject`, as `Pattern.matches` answers.
    @inline(__always)
    public func matches(_ index: Int, _ subject: UnsafeBufferPointer<UInt8>) throws -> Bool {
        guard let code = jitCodes[index], let base = subject.baseAddress else { return try firstMatches(index, subject) }
        let rc = pcre2_jit_match_8(code, base, subject.count, 0, 0, matchData, matchContext)
        if rc >= 0 { return true }
        if rc == PCRE2_ERROR_NOMATCH { return false }
        throw MatchError(code: rc, pattern: patterns[index].source)
    }

    /// The path of a pattern not yet in the table: JIT-compiles it if no thread has, and files its code.
    private func firstMatches(_ index: Int, _ subject: UnsafeBufferPointer<UInt8>) throws -> Bool {
        let pattern = patterns[index]
        if pattern.compileJITOnce() { jitCodes[index] = pattern.code }
        return try pattern.matches(subject, scratch: scratch)
    }
}

