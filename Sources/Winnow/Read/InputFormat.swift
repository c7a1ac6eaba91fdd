/// How an input file's bytes are to be read.
public enum InputFormat: String, CaseIterable, Sendable {
    /// A text dump: one block a line.
    case text
    /// A labelled page (`LABEL<TAB>text` lines); its labels are kept as gold for `eval`.
    case annotated

    /// Picks the format from the file name, then the content.
    public static func detect(path: String, bytes: [UInt8]) -> InputFormat {
        if path.hasSuffix(".labels") { return .annotated }
        return .text
    }
}
