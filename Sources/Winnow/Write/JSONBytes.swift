/// JSON text built as UTF-8 bytes, made a String once at the end: the writers' lines are long
/// (a page's text and a record per segment), and appending to a String scalar by scalar cost
/// more than classifying the page.
struct JSONBytes {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    /// The JSON text. Every part appended is valid UTF-8 except bytes carried through from an
    /// input as they were; an invalid sequence in those becomes U+FFFD here, as it would on its own
    /// (each such part starts and ends at an ASCII byte, so no sequence spans two parts).
    var string: String { String(decoding: bytes, as: UTF8.self) }

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

    /// `text` escaped for inside a JSON string: quote, backslash, line feed, carriage return and
    /// tab by their short escapes, other control characters as `\u00xx`; everything else as it is.
    mutating func appendEscaped(_ text: String) {
        var text = text
        text.withUTF8 { appendEscaped(utf8: $0) }
    }

    mutating func appendEscaped(utf8 source: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        for i in 0..<source.count {
            let byte = source[i]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<i])) }
            runStart = i + 1
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            default:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            }
        }
        if runStart < source.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart...])) }
    }
}
