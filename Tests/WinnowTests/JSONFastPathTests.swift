import XCTest
@testable import Winnow

/// The byte-level JSON reading and writing against the simple implementations they replaced:
/// escapes, surrogate pairs (whole, split, lone), bytes that are not UTF-8, truncated escapes.
final class JSONFastPathTests: XCTestCase {
    /// String unescaping one byte at a time (the former `JSONScanner.decodeString`).
    static func referenceDecode(_ content: [UInt8]) -> [UInt8] {
        guard content.contains(UInt8(ascii: "\\")) else { return content }
        var out: [UInt8] = []
        var i = 0
        func hex4(at position: Int) -> UInt32 {
            (0..<4).reduce(0) { $0 << 4 | (JSONScanner.hexValue(content[position + $1]) ?? 0) }
        }
        func append(_ value: UInt32) { out.append(contentsOf: UTF8.encode(Unicode.Scalar(value) ?? "\u{FFFD}")!) }
        while i < content.count {
            let byte = content[i]
            guard byte == UInt8(ascii: "\\"), i + 1 < content.count else { out.append(byte); i += 1; continue }
            let escaped = content[i + 1]
            i += 2
            switch escaped {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u") where i + 4 <= content.count:
                let unit = hex4(at: i)
                i += 4
                if (0xD800...0xDBFF).contains(unit), i + 6 <= content.count,
                   content[i] == UInt8(ascii: "\\"), content[i + 1] == UInt8(ascii: "u") {
                    let low = hex4(at: i + 2)
                    if (0xDC00...0xDFFF).contains(low) {
                        append(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                        i += 6
                        continue
                    }
                }
                append(unit)
            default: out.append(escaped)
            }
        }
        return out
    }

    /// JSON quoting scalar by scalar (the former `JSON.quote`).
    static func referenceQuote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    let samples: [String] = [
        "", "plain text", "a\\\"b", "tab\\there\\nline\\r\\b\\f\\/", "\\u00e9t\\u00E9", "emoji \\ud83d\\ude00 end",
        "lone high \\ud83d then text", "lone low \\ude00", "high then high \\ud83d\\ud83d\\ude00", "split \\ud83d\\u0041",
        "short \\u12", "end backslash \\", "\\u", "\\ud83d\\u", "unknown \\q escape", "\\\\\\\\", "caf\u{E9} \u{1F600} \\n",
        String(repeating: "long run of plain bytes ", count: 40) + "\\n" + String(repeating: "x", count: 13),
    ]

    func testStringDecodingMatchesTheReference() {
        var cases = samples.map { Array($0.utf8) }
        cases.append([0x61, 0xFF, 0x5C, 0x6E, 0xC3, 0x5C, 0x75, 0x30, 0x30, 0x65, 0x39, 0x80])   // bytes that are not UTF-8
        for bytes in cases {
            XCTAssertEqual(JSONScanner.decodeString(bytes), Self.referenceDecode(bytes), String(decoding: bytes, as: UTF8.self))
            XCTAssertEqual(JSONScanner.decodeString(bytes[...]), Self.referenceDecode(bytes))
        }
        // Every prefix of a dense line of escapes (escapes cut anywhere).
        let dense = Array("x\\u00e9\\ud83d\\ude00\\n\\\\\\\"y\\ud800z\\t".utf8)
        for end in 0...dense.count {
            XCTAssertEqual(JSONScanner.decodeString(Array(dense[..<end])), Self.referenceDecode(Array(dense[..<end])))
        }
    }

    func testParsedValuesAndKeys() throws {
        let line = Array("{\"te\\u0078t\":\"a\\u00e9\\ud83d\\ude00\\\"b\",\"n\":[1,{\"k\":\"\\\\\"}],\"id\":7}".utf8)
        let object = try JSONObjectLine(parsing: line)
        XCTAssertEqual(object.members.map(\.key), ["text", "n", "id"])
        XCTAssertEqual(object.member("text").flatMap(object.stringValue).map { String(decoding: $0, as: UTF8.self) }, "a\u{E9}\u{1F600}\"b")
        XCTAssertEqual(object.member("id").flatMap(object.textValue), "7")
        for bad in ["{\"a\":\"x\\q\"}", "{\"a\":\"x\\u12\"}", "{\"a\":\"unterminated}", "{\"a\":\"" + String(repeating: "y", count: 30)] {
            XCTAssertThrowsError(try JSONObjectLine(parsing: Array(bad.utf8)), bad)
        }
        // A quote or backslash at every position of an eight-byte block is seen.
        for offset in 0..<17 {
            let text = String(repeating: "a", count: offset) + "\\\"" + String(repeating: "b", count: 9)
            let object = try JSONObjectLine(parsing: Array("{\"t\":\"\(text)\",\"u\":1}".utf8))
            XCTAssertEqual(object.members.map(\.key), ["t", "u"])
            XCTAssertEqual(object.member("t").flatMap(object.stringValue), Self.referenceDecode(Array(text.utf8)))
        }
    }

    func testQuotingMatchesTheReference() {
        var texts = samples
        texts += ["\u{0}\u{1}\u{1F}\u{7F} \"quoted\" back\\slash \r\n\t", "é\u{301} 日本語 \u{10FFFF}", String(repeating: "ab\"", count: 100)]
        // Every byte that needs an escape, at every place of a 19-byte text (word and tail).
        for special in Array(0..<0x20) + [0x22, 0x5C] {
            for offset in 0..<19 {
                var scalars = Array(repeating: Unicode.Scalar(0x7E)!, count: 19)
                scalars[offset] = Unicode.Scalar(UInt8(special))
                texts.append(String(String.UnicodeScalarView(scalars)))
            }
        }
        for text in texts {
            XCTAssertEqual(JSON.quote(text), Self.referenceQuote(text), text)
            XCTAssertEqual(String(decoding: JSONBytes.quoted(utf8: Array(text.utf8)), as: UTF8.self), Self.referenceQuote(text), text)
        }
        var numbers = JSONBytes()
        for number in [0, 7, 10, 99, 12345, -3, Int.max, Int.min] {
            numbers.append(number)
            numbers.append(" ")
        }
        XCTAssertEqual(numbers.string, [0, 7, 10, 99, 12345, -3, Int.max, Int.min].map { "\($0) " }.joined())
    }

    /// The `segments` value written into a buffer sized beforehand, against the records built
    /// piece by piece with `JSONBytes` (the former `JSONLWriter.labelFieldBytes`).
    func testSegmentRecordsMatchTheReference() {
        var texts = samples + ["", "\u{0}\u{1F}\u{7F}\"q\"\\\r\n\t", String(repeating: "\u{1}", count: 40)]
        texts += (Array(0..<0x20) + [0x22, 0x5C]).map { String(Unicode.Scalar(UInt8($0))) + "id-\($0)" }
        let lines = [1, 0, 9, 10, 99, 100, 12345, -1, -10, Int.max, Int.min]
        // Each text is both a rule id and a reason, so a decision of any kind can name it.
        let names = DecisionNames(ruleIDs: texts, reasons: texts)
        let makers: [DecisionCode.Maker] = [.rule, .zone, .scorer, .smoothing]
        var segments: [SegmentSpan] = []
        var codes: [DecisionCode] = []
        for index in texts.indices {
            segments.append(SegmentSpan(index: index, line: lines[index % lines.count], byteRange: 0..<0))
            codes.append(DecisionCode(label: Label.allCases[index % Label.allCases.count], maker: makers[index % makers.count], number: index))
        }
        for count in [0, 1, 2, segments.count] {
            let expected = Self.referenceSegments(Array(segments.prefix(count)), codes.map(names.decision))
            XCTAssertEqual(String(decoding: SegmentsJSON.bytes(segments: Array(segments.prefix(count)), decisions: codes, names: names), as: UTF8.self), expected)
        }
    }

    static func referenceSegments(_ segments: [SegmentSpan], _ decisions: [Decision]) -> String {
        var json = JSONBytes()
        json.append("[")
        for (index, (segment, decision)) in zip(segments, decisions).enumerated() {
            if index > 0 { json.append(",") }
            json.append("{\"line\":")
            json.append(segment.line)
            json.append(",\"label\":\"")
            json.append(raw: decision.label.rawValue)
            json.append("\",\"by\":\"")
            json.appendEscaped(decision.source.description)
            json.append("\"}")
        }
        json.append("]")
        return json.string
    }

    func testCarriedBytesAreRepairedAsAStringWouldBe() {
        let parts: [[UInt8]] = [
            [], Array("\"plain ascii value, longer than eight bytes\"".utf8), Array("\"caf\u{E9} \u{1F600}\"".utf8),
            [0x22, 0x61, 0xFF, 0x62, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xE2, 0x82, 0x22], [0x22, 0xF0, 0x9F, 0x98, 0x22],
            [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xC0, 0xAF, 0x22], Array(repeating: 0x80, count: 17),
        ]
        for part in parts {
            var json = JSONBytes()
            part.withUnsafeBufferPointer { json.append(carried: $0) }
            XCTAssertEqual(json.bytes, Array(String(decoding: part, as: UTF8.self).utf8), "\(part)")
        }
    }

    func testLabelOrdinalsFollowAllCases() {
        for (offset, label) in Label.allCases.enumerated() { XCTAssertEqual(label.ordinal, offset) }
        XCTAssertEqual(Set(Label.allCases).count, Label.allCases.count)
    }
}
