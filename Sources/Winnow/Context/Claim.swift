/// What the context stage reads of a segment's winning rule: its label, whether it opens a zone,
/// ends the article or marks the article head. Made once for each rule of the set (the verdicts
/// name rules by position); a plain value of a few bytes, so the stage's passes copy no
/// references (the rule's id and zone are read from the rule only where a decision names the
/// rule or a zone opens).
struct Claim: Sendable {
    var label: Label
    var opensZone: Bool
    var endsArticle: Bool
    var marksArticleHead: Bool

    /// The claim `rule` makes of a segment it wins.
    init(_ rule: Rule) {
        label = rule.label
        opensZone = rule.zone != nil
        endsArticle = rule.endsArticle
        marksArticleHead = rule.marksArticleHead
    }
}
