import CPCRE2

/// A pattern PCRE2 refused to compile: its message and the byte offset in the pattern where it stopped.
public struct PatternError: Error, CustomStringConvertible, Equatable {
    public let pattern: String
    public let message: String
    public let offset: Int

    public var description: String { "\(message) at offset \(offset) in pattern \(pattern.debugDescription)" }
}

/// A match that PCRE2 ended with an error rather than a result.
public struct MatchError: Error, CustomStringConvertible, Equatable {
    public enum Kind: String, Sendable { case matchLimit = "match limit", depthLimit = "depth limit", jitStackLimit = "JIT stack limit", other = "engine error" }
    public let kind: Kind
    public let code: Int32
    public let pattern: String

    init(code: Int32, pattern: String) {
        self.code = code
        self.pattern = pattern
        switch code {
        case PCRE2_ERROR_MATCHLIMIT: kind = .matchLimit
        case PCRE2_ERROR_DEPTHLIMIT: kind = .depthLimit
        case PCRE2_ERROR_JIT_STACKLIMIT: kind = .jitStackLimit
        default: kind = .other
        }
    }

    /// True when a limit, not a bug, ended the match: the pattern backtracked too much on this subject.
    public var isLimit: Bool { kind != .other }

    public var description: String { "\(kind.rawValue) exceeded (\(PCRE2Message.text(for: code))) in pattern \(pattern.debugDescription)" }
}

enum PCRE2Message {
    static func text(for code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = pcre2_get_error_message_8(code, &buffer, buffer.count)
        guard length > 0 else { return "PCRE2 error \(code)" }
        return String(decoding: buffer[0..<Int(length)], as: UTF8.self)
    }
}
