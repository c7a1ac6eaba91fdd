/// JSONL in, JSONL out: the input line's object with every field carried through untouched and
/// in its order, the text field's value replaced by the cleaned text, and Winnow's fields
/// (`language`, `segments`, `repairs`; see `JSONLWriter.labelFields`) replacing fields of the
/// same name in place or added at the end. One line per document.
public struct JSONLPassthroughWriter {
    public var keep: Set<Label>
    public var textField: String

    public init(keep: Set<Label> = [.body], textField: String = "text") {
        self.keep = keep
        self.textField = textField
    }

    public func render(_ page: ClassifiedPage, object: JSONObjectLine) -> String {
        String(decoding: renderUTF8(page, object: object), as: UTF8.self)
    }

    /// `render` as UTF-8 bytes (what the batch writes).
    public func renderUTF8(_ page: ClassifiedPage, object: JSONObjectLine) -> [UInt8] {
        let text = JSONBytes.quoted(utf8: page.keptUTF8(keeping: keep, lineBreakAtEnd: false))
        var ours = JSONLWriter.labelFieldBytes(page)
        ours.insert((key: textField, value: text), at: 0)
        var written: [String] = []
        var json = JSONBytes(capacity: object.bytes.count + 48 * page.spans.count + 64)
        json.append("{")
        object.bytes.withUnsafeBufferPointer { line in
            for member in object.members {
                if let mine = ours.firstIndex(where: { $0.key == member.key }) {
                    // A repeated key that Winnow writes appears once, at its first place.
                    guard !written.contains(member.key) else { continue }
                    written.append(member.key)
                    if json.bytes.count > 1 { json.append(",") }
                    json.append(carried: UnsafeBufferPointer(rebasing: line[member.rawKey]))
                    json.append(":")
                    json.bytes(ours[mine].value)
                } else {
                    // Carried through as written (bytes that are not UTF-8 become U+FFFD).
                    if json.bytes.count > 1 { json.append(",") }
                    json.append(carried: UnsafeBufferPointer(rebasing: line[member.rawKey]))
                    json.append(":")
                    json.append(carried: UnsafeBufferPointer(rebasing: line[member.rawValue]))
                }
            }
        }
        for (key, value) in ours where !written.contains(key) {
            if json.bytes.count > 1 { json.append(",") }
            json.appendQuoted(key)
            json.append(":")
            json.bytes(value)
        }
        json.append("}\n")
        return json.bytes
    }
}
