/// The `segments` value of a JSON line: `[{"line":1,"label":"body","by":"rule:id"},...]`, a
/// record for each segment. Written straight into a buffer sized beforehand (a page has hundreds
/// of segments, and appending its dozen small pieces to an array one by one cost more than
/// the rest of the line).
enum SegmentsJSON {
    static func bytes(segments: [SegmentSpan], decisions: [DecisionCode], names: DecisionNames) -> [UInt8] {
        let count = min(segments.count, decisions.count)
        // Room for every record: the fixed text, a number of at most 21 characters, the label, the
        // source's kind and its text with every byte escaped (at most six bytes for one).
        var capacity = 2
        for index in 0..<count {
            let decision = decisions[index]
            capacity += fixedBytes + 21 + decision.label.rawValue.utf8.count + 10 + 6 * names.text(of: decision).utf8.count
        }
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            var out = Output(at: buffer.baseAddress!)
            out.write("[")
            for index in 0..<count {
                if index > 0 { out.write(",") }
                out.write("{\"line\":")
                out.write(segments[index].line)
                out.write(",\"label\":\"")
                let decision = decisions[index]
                out.write(raw: decision.label.rawValue)
                out.write("\",\"by\":\"")
                switch decision.maker {
                case .rule: out.write("rule:")
                case .zone: out.write("zone:")
                case .scorer: out.write("scorer:")
                case .smoothing: out.write("smoothing:")
                }
                out.write(escaped: names.text(of: decision))
                out.write("\"}")
            }
            out.write("]")
            initialized = out.at - buffer.baseAddress!
        }
    }

    /// `{"line":` `,"label":"` `","by":"` `"}` and the comma between records.
    private static let fixedBytes = 8 + 10 + 8 + 2 + 1

    /// A write position in a buffer with room enough.
    private struct Output {
        var at: UnsafeMutablePointer<UInt8>

        mutating func write(_ literal: StaticString) {
            at.update(from: literal.utf8Start, count: literal.utf8CodeUnitCount)
            at += literal.utf8CodeUnitCount
        }

        mutating func write(raw text: String) {
            var text = text
            text.withUTF8 { bytes in
                guard let base = bytes.baseAddress else { return }
                at.update(from: base, count: bytes.count)
                at += bytes.count
            }
        }

        /// A whole number in decimal, as `JSONBytes.append(_:)` writes it.
        mutating func write(_ number: Int) {
            if number < 0 { at.pointee = UInt8(ascii: "-"); at += 1 }
            var magnitude = number.magnitude
            var digits = 0
            var rest = magnitude
            repeat { digits += 1; rest /= 10 } while rest > 0
            var end = at + digits
            at = end
            repeat {
                end -= 1
                end.pointee = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
        }

        /// Text escaped as `JSONBytes.appendEscaped` escapes it (the record's room counts six
        /// bytes a byte of it).
        mutating func write(escaped text: String) {
            var text = text
            text.withUTF8 { at = JSONBytes.writeEscaped($0, to: at) }
        }
    }
}
