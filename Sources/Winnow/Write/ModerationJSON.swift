/// The moderation fields of the JSONL output, and the records of `--dropped` and `--review` files.
public enum ModerationJSON {
    /// `,"verdict":...,"reasons":[...],"redactions":{kind: count},"flags":{kind: count}`, to append to a page object.
    public static func fields(_ m: ModerationResult) -> String {
        pairs(m).map { ",\"\($0.key)\":" + $0.value }.joined()
    }

    /// The same fields as key and JSON value, for writers that place them among their own.
    public static func pairs(_ m: ModerationResult) -> [(key: String, value: String)] {
        var pairs = [(key: "verdict", value: "\"\(m.verdict.rawValue)\""), (key: "reasons", value: reasons(m.reasons)),
                     (key: "redactions", value: counts(m.redactionCounts))]
        if !m.flags.isEmpty { pairs.append((key: "flags", value: counts(m.flagCounts))) }
        return pairs
    }

    /// One line for `--dropped` or `--review`: id, source, verdict and reasons (and redaction counts).
    public static func record(_ page: ClassifiedPage) -> String {
        guard let m = page.moderation else { return "" }
        return "{\"id\":" + JSON.quote(page.id) + ",\"source\":" + JSON.quote(page.source) + fields(m) + "}\n"
    }

    /// `[{"rule":...,"verdict":...,"why":...,"figures":{...}}, ...]`
    public static func reasons(_ reasons: [VerdictReason]) -> String {
        "[" + reasons.map { reason in
            let figures = reason.figures.map { name, value -> String in
                let rendered: String
                switch value {
                case .number(let number): rendered = number.isFinite ? Figure.format(number) : "null"
                case .text(let text): rendered = JSON.quote(text)
                }
                return JSON.quote(name) + ":" + rendered
            }.joined(separator: ",")
            return "{\"rule\":" + JSON.quote(reason.rule) + ",\"verdict\":\"\(reason.verdict.rawValue)\",\"why\":" + JSON.quote(reason.why) + ",\"figures\":{" + figures + "}}"
        }.joined(separator: ",") + "]"
    }

    static func counts(_ counts: [(kind: String, count: Int)]) -> String {
        "{" + counts.map { JSON.quote($0.kind) + ":\($0.count)" }.joined(separator: ",") + "}"
    }
}
