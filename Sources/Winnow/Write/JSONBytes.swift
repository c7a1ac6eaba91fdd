import CJSONKernel

/// JSON text built as valid UTF-8 bytes: the writers' lines are long (a page's text and a
/// record per segment), and appending to a String scalar by scalar cost more than classifying
/// the page; the batch writes the bytes as they are.
struct JSONBytes {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Bytes carried through from an input as they were, except that a sequence that is not
    /// UTF-8 becomes U+FFFD (as a String made of them would have it). ASCII is copied unchecked.
    mutating func append(carried part: UnsafeBufferPointer<UInt8>) {
        if Self.isASCII(part) {
            bytes.append(contentsOf: part)
        } else {
            bytes.append(contentsOf: String(decoding: part, as: UTF8.self).utf8)
        }
    }

    static func isASCII(_ part: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = part.baseAddress else { return true }
        var i = 0, any: UInt64 = 0
        while i + 8 <= part.count {
            any |= UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            i += 8
        }
        while i < part.count { any |= UInt64(base[i]); i += 1 }
        return any & 0x8080_8080_8080_8080 == 0
    }

    mutating func append(_ literal: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    mutating func append(raw: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: raw) }

    /// Bytes made by another `JSONBytes` (a value built on its own).
    mutating func bytes(_ other: [UInt8]) { bytes.append(contentsOf: other) }

    mutating func append(raw text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// A whole number in decimal.
    mutating func append(_ number: Int) {
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var at = buffer.count
            repeat {
                at -= 1
                buffer[at] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: buffer[at...])
        }
    }

    /// `text` as a JSON string, in quotes (see `appendEscaped`).
    mutating func appendQuoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        appendEscaped(text)
        bytes.append(UInt8(ascii: "\""))
    }

    /// UTF-8 bytes as a JSON string, in quotes (see `appendEscaped`).
    mutating func appendQuoted(utf8 text: [UInt8]) {
        bytes.append(contentsOf: Self.quoted(utf8: text))
    }

    /// UTF-8 bytes as a JSON string in quotes, escaped as `appendEscaped` escapes them, written
    /// into a buffer with room for the longest escaping (six bytes a byte): a page's text has a
    /// line break to escape every hundred bytes or so, and appending each run between them to
    /// an array cost twice the scan.
    static func quoted(utf8 text: [UInt8]) -> [UInt8] {
        text.withUnsafeBufferPointer { source in
            [UInt8](unsafeUninitializedCapacity: 6 * source.count + 2) { buffer, initialized in
                let start = buffer.baseAddress!
                start.pointee = UInt8(ascii: "\"")
                let end = writeEscaped(source, to: start + 1)
                end.pointee = UInt8(ascii: "\"")
                initialized = end + 1 - start
            }
        }
    }

    /// Writes `source` escaped (see `appendEscaped`) at `out`, which has room for six bytes a
    /// byte of it, and returns where the writing ended: the runs between escapes are copied
    /// whole, the next byte needing an escape found sixteen bytes at a time (`CJSONKernel`).
    static func writeEscaped(_ source: UnsafeBufferPointer<UInt8>, to out: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        guard let base = source.baseAddress else { return out }
        var at = out
        var runStart = 0
        var i = 0
        while i < source.count {
            i += winnow_json_find_escape(base + i, source.count - i)
            guard i < source.count else { break }
            let byte = base[i]
            i += 1
            guard let escape = escape(of: byte) else { continue }
            at.update(from: base + runStart, count: i - 1 - runStart)
            at += i - 1 - runStart
            runStart = i
            at.update(from: escape.utf8Start, count: escape.utf8CodeUnitCount)
            at += escape.utf8CodeUnitCount
            if escape.utf8CodeUnitCount == 4 {   // \u00 and two hex digits
                at[0] = hexDigits[Int(byte >> 4)]
                at[1] = hexDigits[Int(byte & 0xF)]
                at += 2
            }
        }
        at.update(from: base + runStart, count: source.count - runStart)
        return at + (source.count - runStart)
    }

    /// The escape of a byte that needs one (`\u00` alone for the control bytes without a short
    /// escape: their two hex digits follow); nil for the others.
    @inline(__always)
    static func escape(of byte: UInt8) -> StaticString? {
        guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { return nil }
        switch byte {
        case UInt8(ascii: "\""): return "\\\""
        case UInt8(ascii: "\\"): return "\\\\"
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x09: return "\\t"
        default: return "\\u00"
        }
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// `text` escaped for inside a JSON string: quote, backslash, line feed, carriage return and
    /// tab by their short escapes, other control characters as `\u00xx`; everything else as it is.
    mutating func appendEscaped(_ text: String) {
        var text = text
        text.withUTF8 { appendEscaped(utf8: $0) }
    }

    /// Text that needs no escape (most: ids, keys, languages) is appended whole; other text is
    /// escaped into a buffer with room for the longest escaping, then appended.
    mutating func appendEscaped(utf8 source: UnsafeBufferPointer<UInt8>) {
        guard let base = source.baseAddress else { return }
        if winnow_json_find_escape(base, source.count) == source.count { return bytes.append(contentsOf: source) }
        bytes.append(contentsOf: [UInt8](unsafeUninitializedCapacity: 6 * source.count) { buffer, initialized in
            initialized = Self.writeEscaped(source, to: buffer.baseAddress!) - buffer.baseAddress!
        })
    }
}
