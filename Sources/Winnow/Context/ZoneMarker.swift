/// Zones: a heading rule (`zone:`) labels the block it opens. The block runs until its size
/// limit, the next heading, a segment a rule gives another label, a line too long to be an
/// item of the block, a menu-like short line (when asked), or (unless turned off) the first
/// line of prose.
struct ZoneMarker {
    let settings: ContextSettings

    /// For each segment inside a zone, the zone's label and the rule that opened it.
    func zones(verdicts: [RuleVerdict], features: [Features], scores: [Double]) -> [(label: Label, id: String)?] {
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
                    zones[next] = (zone.label, opener.id)
                }
                next += 1
            }
            index = next
        }
        return zones
    }
}
