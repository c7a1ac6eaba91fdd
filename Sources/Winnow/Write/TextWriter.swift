/// The cleaned article as plain text: kept segments, one a line, ending with a newline.
public struct TextWriter: PageWriter {
    public var keep: Set<Label>
    public init(keep: Set<Label> = [.body]) { self.keep = keep }

    public func render(_ page: ClassifiedPage) -> String {
        page.keptText(keeping: keep, lineBreakAtEnd: true)
    }
}
