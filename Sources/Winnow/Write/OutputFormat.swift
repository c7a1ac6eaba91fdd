/// What `clean` writes for each page.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// The cleaned article: the kept segments' lines, in page order.
    case text
    /// One JSON object a page: id, text, language and every segment's label and deciding rule.
    case jsonl
    /// The labelled-page format of LABELS.md, one `label<TAB>text` line per line of the page.
    case annotated
}

/// Renders a classified page in one output format.
public protocol PageWriter {
    func render(_ page: ClassifiedPage) -> String
}

public extension OutputFormat {
    func writer(keep: Set<Label>) -> PageWriter {
        switch self {
        case .text: return TextWriter(keep: keep)
        case .jsonl: return JSONLWriter(keep: keep)
        case .annotated: return AnnotatedWriter()
        }
    }

    /// File extension for `--out` files.
    var fileExtension: String {
        switch self {
        case .text: return "txt"
        case .jsonl: return "jsonl"
        case .annotated: return "labels"
        }
    }
}
