/// What the measure stage knows about one segment. Rules put conditions on these by name
/// (`words: "< 6"`), and the body scorer weighs them.
public struct Features: Sendable, Equatable {
    public var chars = 0
    /// Whitespace-separated tokens; for scripts written without spaces, an estimate from the characters.
    public var words = 0
    public var letters = 0
    public var digits = 0
    public var uppercase = 0
    public var stopwords = 0
    public var capitalisedWords = 0
    public var separators = 0
    public var endsWithPunctuation = false
    public var endsWithColon = false
    public var startsWithBullet = false
    public var index = 0
    public var count = 1

    public var stopwordShare: Double { words == 0 ? 0 : Double(stopwords) / Double(words) }
    public var digitShare: Double { chars == 0 ? 0 : Double(digits) / Double(chars) }
    public var upperShare: Double { letters == 0 ? 0 : Double(uppercase) / Double(letters) }
    public var titleCaseShare: Double { words == 0 ? 0 : Double(capitalisedWords) / Double(words) }
    public var meanWordLength: Double { words == 0 ? 0 : Double(letters + digits) / Double(words) }
    public var fromTop: Int { index }
    public var fromBottom: Int { count - 1 - index }
    public var relativePosition: Double { count <= 1 ? 0 : Double(index) / Double(count - 1) }

    public init() {}
}

/// The names under which rule conditions can read features.
public enum FeatureName: String, CaseIterable, Sendable {
    case chars, words, stopwords, digits, upper
    case titleCase = "title_case"
    case meanWordLength = "mean_word_length"
    case endsWithPunctuation = "ends_with_punctuation"
    case endsWithColon = "ends_with_colon"
    case startsWithBullet = "starts_with_bullet"
    case separators
    case fromTop = "from_top"
    case fromBottom = "from_bottom"
    case relativePosition = "relative_position"

    /// Features that depend on where the segment stands in its page, not on its text alone.
    public var isPositional: Bool { [.fromTop, .fromBottom, .relativePosition].contains(self) }
    public var isBoolean: Bool { [.endsWithPunctuation, .endsWithColon, .startsWithBullet].contains(self) }
}

extension Features {
    public func value(of name: FeatureName) -> Double {
        switch name {
        case .chars: return Double(chars)
        case .words: return Double(words)
        case .stopwords: return stopwordShare
        case .digits: return digitShare
        case .upper: return upperShare
        case .titleCase: return titleCaseShare
        case .meanWordLength: return meanWordLength
        case .endsWithPunctuation: return endsWithPunctuation ? 1 : 0
        case .endsWithColon: return endsWithColon ? 1 : 0
        case .startsWithBullet: return startsWithBullet ? 1 : 0
        case .separators: return Double(separators)
        case .fromTop: return Double(fromTop)
        case .fromBottom: return Double(fromBottom)
        case .relativePosition: return relativePosition
        }
    }
}
