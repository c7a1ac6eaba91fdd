import CJSONKernel
import Foundation

/// One line of a JSONL file, parsed just enough: the object's members in their order, each key
/// decoded and each value kept as the exact bytes it had. Fields other than the text can then
/// be carried to the output untouched, and the text decoded only when it is needed.
public struct JSONObjectLine: Sendable {
    public struct Member: Sendable {
        /// The decoded key.
        public var key: String
        /// The key as written, with its quotes.
        public var rawKey: Range<Int>
        /// The value as written (any JSON value).
        public var rawValue: Range<Int>
    }

    public struct SyntaxError: Error, Sendable, CustomStringConvertible {
        /// Byte offset in the line, from 0.
        public let offset: Int
        public let message: String
        public var description: String { "column \(offset + 1): \(message)" }
    }

    public let bytes: [UInt8]
    public let members: [Member]

    /// Deepest nesting accepted, so a hostile line cannot exhaust the stack.
    static let maximumDepth = 256

    /// Parses a line that must hold exactly one JSON object (whitespace around it is allowed).
    public init(parsing bytes: [UInt8]) throws {
        self.bytes = bytes
        members = try bytes.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(bytes: buffer)
            return try scanner.topLevelObject()
        }
    }

    /// The first member with this key.
    public func member(_ key: String) -> Member? { members.first { $0.key == key } }

    /// The member's value decoded to UTF-8 bytes when it is a string (escapes resolved; bytes
    /// that are not valid UTF-8 are passed on for the normaliser to repair); nil otherwise.
    public func stringValue(of member: Member) -> [UInt8]? {
        guard bytes[member.rawValue.lowerBound] == UInt8(ascii: "\"") else { return nil }
        return JSONScanner.decodeString(bytes[(member.rawValue.lowerBound + 1)..<(member.rawValue.upperBound - 1)])
    }

    /// The value as text: a string decoded, any other value as written (numbers as ids); nil for null.
    public func textValue(of member: Member) -> String? {
        if let string = stringValue(of: member) { return String(decoding: string, as: UTF8.self) }
        let raw = String(decoding: bytes[member.rawValue], as: UTF8.self)
        return raw == "null" ? nil : raw
    }
}

/// A strict JSON scanner (RFC 8259) over a line's bytes, lenient only in passing raw control
/// characters and invalid UTF-8 inside strings through.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private func fail(_ message: String) -> JSONObjectLine.SyntaxError {
        JSONObjectLine.SyntaxError(offset: min(index, bytes.count), message: message)
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while index < bytes.count, FormatDetector.isJSONWhitespace(bytes[index]) { index += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws {
        guard current == byte else { throw fail(current == nil ? "unexpected end of line, expected \(what)" : "expected \(what)") }
        index += 1
    }

    mutating func topLevelObject() throws -> [JSONObjectLine.Member] {
        skipWhitespace()
        guard current == UInt8(ascii: "{") else {
            throw fail(current == nil ? "empty line" : "not a JSON object (a line must hold one object)")
        }
        index += 1
        var members: [JSONObjectLine.Member] = []
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            index += 1
        } else {
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\"") else { throw fail("expected a key in quotes") }
                let keyStart = index
                try string()
                let rawKey = keyStart..<index
                let keyBytes = UnsafeBufferPointer(rebasing: bytes[(keyStart + 1)..<(index - 1)])
                let key = Self.nextBackslash(in: keyBytes, from: 0) == nil
                    ? String(decoding: keyBytes, as: UTF8.self)
                    : String(decoding: Self.decodeString(buffer: keyBytes), as: UTF8.self)
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "':' after the key")
                skipWhitespace()
                let valueStart = index
                try value(depth: 1)
                members.append(.init(key: key, rawKey: rawKey, rawValue: valueStart..<index))
                skipWhitespace()
                if current == UInt8(ascii: ",") { index += 1; continue }
                try expect(UInt8(ascii: "}"), "',' or '}'")
                break
            }
        }
        skipWhitespace()
        guard index == bytes.count else { throw fail("unexpected data after the object") }
        return members
    }

    private mutating func value(depth: Int) throws {
        guard depth <= JSONObjectLine.maximumDepth else { throw fail("nested too deeply") }
        guard let byte = current else { throw fail("unexpected end of line, expected a value") }
        switch byte {
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "{"): try container(close: UInt8(ascii: "}"), keyed: true, depth: depth)
        case UInt8(ascii: "["): try container(close: UInt8(ascii: "]"), keyed: false, depth: depth)
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default: throw fail("expected a value")
        }
    }

    private mutating func container(close: UInt8, keyed: Bool, depth: Int) throws {
        index += 1
        skipWhitespace()
        if current == close { index += 1; return }
        while true {
            skipWhitespace()
            if keyed {
                guard current == UInt8(ascii: "\"") else { throw fail("expected a key in quotes") }
                try string()
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "':' after the key")
                skipWhitespace()
            }
            try value(depth: depth + 1)
            skipWhitespace()
            if current == UInt8(ascii: ",") { index += 1; continue }
            try expect(close, keyed ? "',' or '}'" : "',' or ']'")
            return
        }
    }

    private mutating func literal(_ word: String) throws {
        for byte in word.utf8 {
            guard current == byte else { throw fail("expected a value") }
            index += 1
        }
    }

    private mutating func number() throws {
        func digits() throws {
            guard let byte = current, byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { throw fail("expected a digit") }
            while let byte = current, byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { index += 1 }
        }
        if current == UInt8(ascii: "-") { index += 1 }
        if current == UInt8(ascii: "0") { index += 1 } else { try digits() }
        if current == UInt8(ascii: ".") { index += 1; try digits() }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            try digits()
        }
    }

    /// Scans a string from its opening quote to just past its closing quote, checking escapes.
    private mutating func string() throws {
        index += 1
        while index < bytes.count {
            skipPlainStringBytes()
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { index += 1; return }
            if byte == UInt8(ascii: "\\") {
                index += 1
                guard let escaped = current else { break }
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                     UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 1
                case UInt8(ascii: "u"):
                    guard index + 4 < bytes.count, (1...4).allSatisfy({ Self.hexValue(bytes[index + $0]) != nil }) else {
                        throw fail("bad \\u escape")
                    }
                    index += 5
                default:
                    throw fail("bad escape")
                }
                continue
            }
            index += 1
        }
        throw fail("unterminated string")
    }

    /// Moves to the next quote or backslash (or the end), sixteen bytes at a time (`CJSONKernel`).
    private mutating func skipPlainStringBytes() {
        guard let base = bytes.baseAddress, index < bytes.count else { return }
        index += winnow_json_find_quote_or_backslash(base + index, bytes.count - index)
    }

    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// The UTF-8 bytes of a scanned string's contents (between the quotes), escapes resolved.
    /// Lone surrogates become U+FFFD; other bytes pass through as they are.
    static func decodeString<C: RandomAccessCollection>(_ content: C) -> [UInt8] where C.Element == UInt8, C.Index == Int {
        if let decoded = content.withContiguousStorageIfAvailable({ decodeString(buffer: $0) }) { return decoded }
        return Array(content).withUnsafeBufferPointer { decodeString(buffer: $0) }
    }

    /// The decoding over bytes in memory: the runs between escapes are copied whole.
    static func decodeString(buffer content: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        guard let base = content.baseAddress, let first = nextBackslash(in: content, from: 0) else { return Array(content) }
        let end = content.count
        var out: [UInt8] = []
        out.reserveCapacity(end)
        func hex4(at position: Int) -> UInt32 {
            var value: UInt32 = 0
            for k in 0..<4 { value = value << 4 | (hexValue(base[position + k]) ?? 0) }
            return value
        }
        func append(_ value: UInt32) {
            let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
            out.append(contentsOf: UTF8.encode(scalar)!)
        }
        var i = 0
        var backslash: Int? = first
        while let at = backslash {
            out.append(contentsOf: UnsafeBufferPointer(start: base + i, count: at - i))
            i = at
            guard i + 1 < end else { break }   // a backslash at the very end stays as it is
            let escaped = base[i + 1]
            i += 2
            switch escaped {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u") where i + 4 <= end:
                let unit = hex4(at: i)
                i += 4
                if (0xD800...0xDBFF).contains(unit), i + 6 <= end,
                   base[i] == UInt8(ascii: "\\"), base[i + 1] == UInt8(ascii: "u") {
                    let low = hex4(at: i + 2)
                    if (0xDC00...0xDFFF).contains(low) {
                        append(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                        i += 6
                        backslash = nextBackslash(in: content, from: i)
                        continue
                    }
                }
                append(unit)   // a lone surrogate is not a scalar: U+FFFD
            default: out.append(escaped)
            }
            backslash = nextBackslash(in: content, from: i)
        }
        out.append(contentsOf: UnsafeBufferPointer(start: base + i, count: end - i))
        return out
    }

    /// The offset of the next backslash at or after `start`.
    static func nextBackslash(in content: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = content.baseAddress, start < content.count else { return nil }
        guard let found = memchr(base + start, 0x5C, content.count - start) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }
}
