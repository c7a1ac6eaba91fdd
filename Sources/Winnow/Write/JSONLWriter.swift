/// One JSON object per page, on one line: `id`, `text` (the kept segments), `language`, and
/// `segments` with each segment's line, label and the rule or scorer that decided it; with
/// moderation, also `verdict`, `reasons` and `redactions` (and `flags`) per kind.
public struct JSONLWriter: PageWriter {
    public var keep: Set<Label>
    public init(keep: Set<Label> = [.body]) { self.keep = keep }

    public func render(_ page: ClassifiedPage) -> String {
        var json = "{\"id\":" + JSON.quote(page.id)
        json += ",\"text\":" + JSON.quote(page.text(keeping: keep))
        for (key, value) in Self.labelFields(page) { json += ",\"\(key)\":" + value }
        return json + "}\n"
    }

    /// The fields Winnow adds to a page's object, in order, as JSON values: `language`,
    /// `segments` (line, label and deciding rule of each segment), when the normaliser
    /// repaired something `repairs`, and with moderation `verdict`, `reasons`, `redactions`, `flags`.
    public static func labelFields(_ page: ClassifiedPage) -> [(key: String, value: String)] {
        var segments = "["
        for (offset, (segment, decision)) in zip(page.segments, page.decisions).enumerated() {
            if offset > 0 { segments += "," }
            segments += "{\"line\":\(segment.line),\"label\":\"\(decision.label.rawValue)\",\"by\":" + JSON.quote(decision.source.description) + "}"
        }
        segments += "]"
        var fields = [(key: "language", value: page.language.map(JSON.quote) ?? "null"), (key: "segments", value: segments)]
        if page.page.repairs != NormalisationReport() {
            let r = page.page.repairs
            fields.append((key: "repairs", value: "{\"invalid_utf8\":\(r.invalidSequences),\"invisibles_removed\":\(r.invisiblesRemoved),\"composed\":\(r.composed)}"))
        }
        if let moderation = page.moderation { fields += ModerationJSON.pairs(moderation) }
        return fields
    }
}

/// Minimal JSON string quoting (RFC 8259): the writers build JSON by hand to keep key order
/// stable and avoid a Foundation round-trip per page.
public enum JSON {
    public static func quote(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
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
}
