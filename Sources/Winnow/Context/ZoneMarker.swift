/// Zones: a heading rule (`zone:`) labels the block it opens. The block runs until its size
/// limit, the next heading, a segment a rule gives another label, a line too long to be an
/// item of the block, a menu-like short line or a line that is not repeated below (when asked),
/// or (unless turned off) the first line of prose.
struct ZoneMarker {
    let settings: ContextSettings

    /// For each segment inside a zone, the zone's label and the rule that opened it.
    func zones(segments: [Segment], verdicts: [RuleVerdict], features: [Features], scores: [Double]) -> [(label: Label, id: String)?] {
        var zones = [(label: Label, id: String)?](repeating: nil, count: verdicts.count)
        var index = 0
        while index < verdicts.count {
            guard let opener = verdicts[index].winner, let zone = opener.zone else { index += 1; continue }
            var next = index + 1
            while next < verdicts.count, next - index <= zone.maxSegments {
                let f = features[next]
                if let rule = verdicts[next].winner {
                    // Another heading, or a line a rule files elsewhere: the block is over.
                    if rule.zone != nil || rule.label != zone.label { break }
                } else {
                    if zone.endsAtProse && f.words >= settings.zoneProseWords && scores[next] >= settings.bodyThreshold { break }
                    if let limit = zone.maxItemWords, f.words > limit { break }
                    if let short = zone.endsAtShort, f.words <= short, f.digits == 0, f.letters > 0 { break }
                    if zone.itemsRepeatBelow && !Self.repeatsBelow(next, in: segments) { break }
                    zones[next] = (zone.label, opener.id)
                }
                next += 1
            }
            index = next
        }
        return zones
    }

    /// Whether the heading text of segment `index` (without list numbers or edit links) stands
    /// again, as a line of its own, further down the page.
    static func repeatsBelow(_ index: Int, in segments: [Segment]) -> Bool {
        let key = headingKey(segments[index].text)
        guard !key.isEmpty else { return false }
        return segments[(index + 1)...].contains { headingKey($0.text) == key }
    }

    /// Lower-cased letters and digits of a heading, without a leading "1.2" number or a
    /// trailing "[edit]" link, so a contents entry matches the heading it points to.
    static func headingKey(_ text: String) -> String {
        var body = Substring(text)
        if let bracket = body.firstIndex(of: "[") { body = body[..<bracket] }
        body = body.drop { $0.isNumber || $0 == "." || $0 == " " || $0 == ")" }
        return String(body.lowercased().filter { $0.isLetter || $0.isNumber })
    }
}
