/// The five segment labels of `LABELS.md`. Every non-empty segment gets exactly one.
public enum Label: String, CaseIterable, Codable, Sendable, Comparable {
    case body, disclaimer, tags, navigation, teasers

    public static func < (a: Label, b: Label) -> Bool { a.ordinal < b.ordinal }

    /// The label's place in `allCases`, without making that array.
    public var ordinal: Int {
        switch self {
        case .body: return 0
        case .disclaimer: return 1
        case .tags: return 2
        case .navigation: return 3
        case .teasers: return 4
        }
    }

    /// Hashes the case, not its name (a `RawRepresentable` hashes its raw value by default):
    /// `keep.contains(label)` runs for every segment and would hash a String each time.
    public func hash(into hasher: inout Hasher) { hasher.combine(ordinal) }

    /// Parses a label name as written in rule files and annotated pages.
    public init?(name: String) { self.init(rawValue: name.lowercased()) }
}
