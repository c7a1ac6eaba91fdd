import CPCRE2

/// Limits that stop a runaway match instead of letting it hang the process.
public struct MatchLimits: Sendable, Equatable {
    /// How many times PCRE2 may call its internal match function (backtracking steps) per match.
    public var matchLimit: UInt32
    /// How deep the interpreter's backtracking may nest (heap it may use); the JIT uses `jitStackBytes`.
    public var depthLimit: UInt32
    /// Largest JIT stack the scratch will grow to.
    public var jitStackBytes: Int

    public init(matchLimit: UInt32 = 1_000_000, depthLimit: UInt32 = 10_000, jitStackBytes: Int = 1 << 20) {
        self.matchLimit = matchLimit
        self.depthLimit = depthLimit
        self.jitStackBytes = jitStackBytes
    }

    public static let `default` = MatchLimits()
}

/// The mutable state of matching, owned by one thread at a time and reused for every match
/// it runs: PCRE2 match data, a match context carrying the limits, and a JIT stack.
/// Creating these per match would dominate the cost of short segments.
public final class MatchScratch {
    let matchData: OpaquePointer
    let matchContext: OpaquePointer
    private let jitStack: OpaquePointer?
    public let limits: MatchLimits

    public init(limits: MatchLimits = .default) {
        self.limits = limits
        // 32 pairs covers the capture groups of any reasonable rule; more still reports group 0.
        matchData = pcre2_match_data_create_8(32, nil)!
        matchContext = pcre2_match_context_create_8(nil)!
        pcre2_set_match_limit_8(matchContext, limits.matchLimit)
        pcre2_set_depth_limit_8(matchContext, limits.depthLimit)
        jitStack = pcre2_jit_stack_create_8(32 * 1024, max(32 * 1024, limits.jitStackBytes), nil)
        if let jitStack { pcre2_jit_stack_assign_8(matchContext, nil, UnsafeMutableRawPointer(jitStack)) }
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        pcre2_match_context_free_8(matchContext)
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
    }
}
