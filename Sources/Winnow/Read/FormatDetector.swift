/// Tells what an input holds, from its name and its first bytes: gzip by its magic bytes, then
/// the format by extension (`.labels`, `.jsonl`/`.ndjson`, `.warc`, `.wet`, each optionally
/// `.gz`), then by content (`WARC/` at the start; a first line that is a JSON object). Anything
/// else is a text page.
public enum FormatDetector {
    /// How many bytes `detect` wants to see.
    public static let headSize = 1 << 16

    /// True when the bytes start like gzip data, whatever the name says.
    public static func isGzip(_ head: ArraySlice<UInt8>) -> Bool { GzipStream.isGzip(head) }

    /// The format of an input named `name` whose (decompressed) content starts with `head`.
    public static func detect(name: String, head: ArraySlice<UInt8>) -> InputFormat {
        if let format = byName(name) { return format }
        return byContent(head)
    }

    /// The format the name says, if it says one (`.gz` is looked through).
    public static func byName(_ name: String) -> InputFormat? {
        var lower = name.lowercased()
        if lower.hasSuffix(".gz") { lower.removeLast(3) }
        if lower.hasSuffix(".labels") { return .annotated }
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .jsonl }
        if lower.hasSuffix(".wet") { return .wet }
        if lower.hasSuffix(".warc") { return .warc }
        return nil
    }

    /// The format the content shows.
    public static func byContent(_ head: ArraySlice<UInt8>) -> InputFormat {
        if head.starts(with: Array("WARC/".utf8)) { return .warc }
        guard let first = head.firstIndex(where: { !isJSONWhitespace($0) }), head[first] == UInt8(ascii: "{") else { return .text }
        guard let newline = head[first...].firstIndex(of: 0x0A) else {
            // A first line longer than the head: an object starting with a key is JSON enough.
            let next = head[(first + 1)...].first { !isJSONWhitespace($0) }
            return next == UInt8(ascii: "\"") ? .jsonl : .text
        }
        return (try? JSONObjectLine(parsing: Array(head[first..<newline]))) != nil ? .jsonl : .text
    }

    static func isJSONWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
