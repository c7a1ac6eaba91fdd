/// What the context stage reads of a segment's winning rule: its label, whether it opens a zone
/// and whether it ends the article. Made once a page from the rule verdicts; a plain value of a
/// few bytes, so the stage's passes copy no references (the rule's id and zone are read from the
/// verdict only where a decision names the rule or a zone opens).
struct Claim: Sendable {
    var label: Label
    var opensZone: Bool
    var endsArticle: Bool

    /// The claim of a verdict's winner; nil when no rule won.
    init?(_ verdict: RuleVerdict) {
        guard let winner = verdict.winner else { return nil }
        label = winner.label
        opensZone = winner.zone != nil
        endsArticle = winner.endsArticle
    }
}
