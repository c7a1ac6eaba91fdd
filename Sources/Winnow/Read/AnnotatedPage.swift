/// The labelled-page format of `LABELS.md`: one line per segment, the label, a TAB, the text;
/// an empty line stands for an empty line of the page. Removing labels and TABs gives the page.
public enum AnnotatedPage {
    public struct FormatError: Error, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Splits an annotated page into the page text and the gold label of each line.
    public static func parse(_ text: String) throws -> (page: String, labels: [Label?]) {
        var pageLines: [Substring] = []
        var labels: [Label?] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        for (offset, rawLine) in lines.enumerated() {
            let line = rawLine.last == "\r" ? rawLine.dropLast() : rawLine
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                pageLines.append("")
                labels.append(nil)
                continue
            }
            guard let tab = line.firstIndex(of: "\t") else {
                throw FormatError(line: offset + 1, message: "expected LABEL<TAB>text, found no TAB")
            }
            let name = String(line[..<tab])
            guard let label = Label(name: name) else {
                throw FormatError(line: offset + 1, message: "unknown label \(name.debugDescription) (expected one of \(Label.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            pageLines.append(line[line.index(after: tab)...])
            labels.append(label)
        }
        return (pageLines.joined(separator: "\n") + "\n", labels)
    }

    /// True when every non-empty line starts with a known label and a TAB.
    public static func looksAnnotated(_ text: String) -> Bool {
        var sawLine = false
        for line in text.split(separator: "\n").prefix(200) where !line.allSatisfy(\.isWhitespace) {
            guard let tab = line.firstIndex(of: "\t"), Label(name: String(line[..<tab])) != nil else { return false }
            sawLine = true
        }
        return sawLine
    }
}
