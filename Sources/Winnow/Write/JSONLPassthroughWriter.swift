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
        var ours = JSONLWriter.labelFields(page)
        ours.insert((key: textField, value: JSON.quote(page.text(keeping: keep))), at: 0)
        var written = Set<String>()
        var json = "{"
        for member in object.members {
            let value: String
            if let replacement = ours.first(where: { $0.key == member.key }) {
                // A repeated key that Winnow writes appears once, at its first place.
                guard written.insert(member.key).inserted else { continue }
                value = replacement.value
            } else {
                // Carried through as written; bytes that are not UTF-8 become U+FFFD.
                value = String(decoding: object.bytes[member.rawValue], as: UTF8.self)
            }
            if json.utf8.count > 1 { json += "," }
            json += String(decoding: object.bytes[member.rawKey], as: UTF8.self) + ":" + value
        }
        for (key, value) in ours where !written.contains(key) {
            if json.utf8.count > 1 { json += "," }
            json += JSON.quote(key) + ":" + value
        }
        return json + "}\n"
    }
}
