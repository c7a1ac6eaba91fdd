/// The five segment labels of `LABELS.md`. Every non-empty segment gets exactly one.
public enum Label: String, CaseIterable, Codable, Sendable, Comparable {
    case body, disclaimer, tags, navigation, teasers

    public static func < (a: Label, b: Label) -> Bool { a.order < b.order }
    private var order: Int { Label.allCases.firstIndex(of: self)! }

    /// Parses a label name as written in rule files and annotated pages.
    public init?(name: String) { self.init(rawValue: name.lowercased()) }
}
