/// One JSON object per page, on one line: `id`, `text` (the kept segments), `language`, and
/// `segments` with each segment's line, label and the rule or scorer that decided it; with
/// moderation, also `verdict`, `reasons` and `redactions` (and `flags`) per kind.
public struct JSONLWriter: PageWriter {
    public var keep: Set<Label>
    public init(keep: Set<Label> = [.body]) { self.keep = keep }

    public func render(_ page: ClassifiedPage) -> String {
        var json = "{\"id\":" + JSON.quote(page.id)
        json += ",\"text\":" + JSON.quote(page.text(keeping: keep))
        json += ",\"language\":" + (page.language.map(JSON.quote) ?? "null")
        json += ",\"segments\":["
        for (offset, (segment, decision)) in zip(page.segments, page.decisions).enumerated() {
            if offset > 0 { json += "," }
            json += "{\"line\":\(segment.line),\"label\":\"\(decision.label.rawValue)\",\"by\":" + JSON.quote(decision.source.description) + "}"
        }
        json += "]"
        if page.page.repairs != NormalisationReport() {
            let r = page.page.repairs
            json += ",\"repairs\":{\"invalid_utf8\":\(r.invalidSequences),\"invisibles_removed\":\(r.invisiblesRemoved),\"composed\":\(r.composed)}"
        }
        if let moderation = page.moderation { json += ModerationJSON.fields(moderation) }
        return json + "}\n"
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
