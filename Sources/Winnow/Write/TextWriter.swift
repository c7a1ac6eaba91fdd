/// The cleaned article as plain text: kept segments, one a line, ending with a newline.
public struct TextWriter: PageWriter {
    public var keep: Set<Label>
    public init(keep: Set<Label> = [.body]) { self.keep = keep }

    public func render(_ page: ClassifiedPage) -> String {
        page.keptText(keeping: keep, lineBreakAtEnd: true)
    }

    /// `render` as UTF-8 bytes (what the batch writes).
    public func renderUTF8(_ page: ClassifiedPage) -> [UInt8] {
        page.keptUTF8(keeping: keep, lineBreakAtEnd: true)
    }
}
