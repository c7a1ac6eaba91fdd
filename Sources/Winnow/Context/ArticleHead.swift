/// The article's head: headline, standfirst, byline and date usually stand just above the
/// first paragraph, and are too short to join the main region on their own. Walking up from
/// the region, head-like lines are taken (long enough to be a headline, or carrying a date);
/// a single short line (a byline name, a kicker) is taken only when a head-like line lies
/// above it. Two short lines in a row are a menu: the head ends there, as it does at any
/// line a rule gave another label. A page title echoing the headline ("Headline | Site")
/// near the top is part of the article too.
struct ArticleHead {
    let settings: ContextSettings

    /// Indices of the head segments above `regionStart`.
    func head(above regionStart: Int, segments: [Segment], verdicts: [RuleVerdict], zoned: [Bool], features: [Features]) -> [Int] {
        guard settings.headSegments > 0 else { return [] }
        var taken: [Int] = []
        var pendingShort: Int?
        var index = regionStart - 1
        while index >= 0, regionStart - index <= settings.headSegments {
            if let rule = verdicts[index].winner {
                if rule.label != .body { break }
                taken.append(index)
            } else if zoned[index] {
                break
            } else if isHeadLike(features[index]) {
                if let short = pendingShort { taken.append(short); pendingShort = nil }
                taken.append(index)
            } else if pendingShort == nil {
                pendingShort = index
            } else {
                break
            }
            index -= 1
        }
        if let title = titleEcho(of: taken.map { segments[$0].text }, segments: segments, before: taken.min() ?? regionStart, verdicts: verdicts) {
            taken.append(title)
        }
        return taken
    }

    func isHeadLike(_ f: Features) -> Bool {
        f.words >= 4 || (f.digits >= 4 && f.words <= 8)
    }

    /// A segment among the first few of the page that contains one of the head lines (the
    /// page's title, "Headline | Site").
    func titleEcho(of headLines: [String], segments: [Segment], before limit: Int, verdicts: [RuleVerdict]) -> Int? {
        let candidates = headLines.filter { $0.split(separator: " ").count >= 3 }
        guard !candidates.isEmpty else { return nil }
        for index in 0..<min(3, limit) where verdicts[index].winner == nil {
            let text = segments[index].text
            if candidates.contains(where: { text != $0 && text.hasPrefix($0) || text.hasSuffix($0) }) { return index }
        }
        return nil
    }
}
