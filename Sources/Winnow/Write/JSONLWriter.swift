/// One JSON object per page, on one line: `id`, `text` (the kept segments), `language`, and
/// `segments` with each segment's line, label and the rule or scorer that decided it; with
/// moderation, also `verdict`, `reasons` and `redactions` (and `flags`) per kind.
public struct JSONLWriter: PageWriter {
    public var keep: Set<Label>
    public init(keep: Set<Label> = [.body]) { self.keep = keep }

    public func render(_ page: ClassifiedPage) -> String {
        String(decoding: renderUTF8(page), as: UTF8.self)
    }

    /// `render` as UTF-8 bytes (what the batch writes).
    public func renderUTF8(_ page: ClassifiedPage) -> [UInt8] {
        var json = JSONBytes(capacity: page.page.utf8.count + 48 * page.spans.count + 64)
        json.append("{\"id\":")
        json.appendQuoted(page.id)
        json.append(",\"text\":")
        json.appendQuoted(utf8: page.keptUTF8(keeping: keep, lineBreakAtEnd: false))
        for (key, value) in Self.labelFieldBytes(page) {
            json.append(",\"")
            json.append(raw: key)
            json.append("\":")
            json.bytes(value)
        }
        json.append("}\n")
        return json.bytes
    }

    /// The fields Winnow adds to a page's object, in order, as JSON values: `language`,
    /// `segments` (line, label and deciding rule of each segment), when the normaliser
    /// repaired something `repairs`, and with moderation `verdict`, `reasons`, `redactions`, `flags`.
    public static func labelFields(_ page: ClassifiedPage) -> [(key: String, value: String)] {
        labelFieldBytes(page).map { (key: $0.key, value: String(decoding: $0.value, as: UTF8.self)) }
    }

    /// `labelFields` with each value as UTF-8 bytes (keys are plain: no escaping needed).
    static func labelFieldBytes(_ page: ClassifiedPage) -> [(key: String, value: [UInt8])] {
        let segments = SegmentsJSON.bytes(segments: page.spans, decisions: page.codes, names: page.names)
        var language = JSONBytes(capacity: 8)
        if let code = page.language { language.appendQuoted(code) } else { language.append("null") }
        var fields = [(key: "language", value: language.bytes), (key: "segments", value: segments)]
        if page.page.repairs != NormalisationReport() {
            let r = page.page.repairs
            fields.append((key: "repairs", value: Array("{\"invalid_utf8\":\(r.invalidSequences),\"invisibles_removed\":\(r.invisiblesRemoved),\"composed\":\(r.composed)}".utf8)))
        }
        if let moderation = page.moderation { fields += ModerationJSON.pairs(moderation).map { (key: $0.key, value: Array($0.value.utf8)) } }
        return fields
    }
}

/// Minimal JSON string quoting (RFC 8259): the writers build JSON by hand to keep key order
/// stable and avoid a Foundation round-trip per page.
public enum JSON {
    /// `text` in quotes, with quote, backslash, line feed, carriage return and tab escaped by
    /// their short escapes and other control characters as `\u00xx`.
    public static func quote(_ text: String) -> String {
        var json = JSONBytes(capacity: text.utf8.count + 2)
        json.appendQuoted(text)
        return json.string
    }
}
