/// One rule file after parsing: its rules, the ids it disables, and its context settings.
public struct RulePack: Sendable {
    public var file: String
    public var rules: [Rule]
    /// Rule ids this pack turns off (rules of earlier packs).
    public var disabled: [(id: String, origin: RuleOrigin)]
    /// Context settings this pack sets, applied in pack order.
    public var contextChanges: [(apply: @Sendable (inout ContextSettings) -> Void, origin: RuleOrigin)]
    /// Segment rules with an `action:` (redact, flag), from `rules:`.
    public var actions: [ActionRule] = []
    /// Document rules, from `documents:`.
    public var documents: [DocumentRule] = []
}
