/// How an input's bytes are to be read.
public enum InputFormat: String, CaseIterable, Sendable, Codable {
    /// A text dump: one block a line; the whole file is one document.
    case text
    /// A labelled page (`LABEL<TAB>text` lines); its labels are kept as gold for `eval`.
    case annotated
    /// JSON lines: one document a line, its text in a field (`--text-field`).
    case jsonl
    /// A WARC file: `response` records are documents (and `conversion` records, as in WET files).
    case warc
    /// A WET file (Common Crawl's extracted text): `conversion` records are documents. Read like WARC.
    case wet

    /// Whether one input of this format holds many documents (and `--out` writes a folder of them).
    public var holdsManyDocuments: Bool {
        switch self {
        case .text, .annotated: return false
        case .jsonl, .warc, .wet: return true
        }
    }

    /// Picks the format from the file name, then the content (see `FormatDetector`).
    public static func detect(path: String, bytes: [UInt8]) -> InputFormat {
        FormatDetector.detect(name: path, head: bytes[...])
    }
}
