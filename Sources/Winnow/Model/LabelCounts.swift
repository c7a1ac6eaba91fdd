/// A number for each label, held in place: a document's segment counts go from a worker to the
/// writer, and an input's into its figures, without an array to allocate and free for each.
public struct LabelCounts: Sendable, Equatable {
    private var body = 0
    private var disclaimer = 0
    private var tags = 0
    private var navigation = 0
    private var teasers = 0

    public init() {}

    /// Counts in `Label.allCases` order, one for each label.
    init(_ counts: [Int]) {
        precondition(counts.count == Label.allCases.count, "a count for each label")
        for (label, count) in zip(Label.allCases, counts) { self[label] = count }
    }

    public subscript(label: Label) -> Int {
        get {
            switch label {
            case .body: return body
            case .disclaimer: return disclaimer
            case .tags: return tags
            case .navigation: return navigation
            case .teasers: return teasers
            }
        }
        set {
            switch label {
            case .body: body = newValue
            case .disclaimer: disclaimer = newValue
            case .tags: tags = newValue
            case .navigation: navigation = newValue
            case .teasers: teasers = newValue
            }
        }
    }

    /// No label has any.
    public var isZero: Bool { self == LabelCounts() }

    public static func += (total: inout LabelCounts, other: LabelCounts) {
        total.body += other.body
        total.disclaimer += other.disclaimer
        total.tags += other.tags
        total.navigation += other.navigation
        total.teasers += other.teasers
    }
}
