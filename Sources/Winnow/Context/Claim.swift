/// What the context stage reads of a segment's winning rule: its label, id, zone and whether it
/// ends the article. Made once a page from the rule verdicts, so the stage's parts pass a small
/// value around instead of copying `Rule`s (a copy retains every field of one).
struct Claim: Sendable {
    var label: Label
    var id: String
    var zone: ZoneBehaviour?
    var endsArticle: Bool

    /// The claim of a verdict's winner; nil when no rule won.
    init?(_ verdict: RuleVerdict) {
        guard let label = verdict.winner?.label, let id = verdict.winner?.id else { return nil }
        self.label = label
        self.id = id
        zone = verdict.winner?.zone
        endsArticle = verdict.winner?.endsArticle ?? false
    }
}
