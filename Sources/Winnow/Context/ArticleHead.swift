/// The article's head: headline, standfirst, byline and date usually stand just above the
/// first paragraph, and are too short to join the main region on their own. Walking up from
/// the region, head-like lines are taken (long enough to be a headline, or carrying a date);
/// a single short line between two head lines (a byline name, a kicker) is taken too. Short
/// controls a rule claimed ("Share", "Listen") are stepped over. Two short unclaimed lines
/// in a row are a menu, and the head ends there, as it does at any other claimed line or zone.
/// A page title echoing the headline ("Headline | Site") near the top is part of the article.
/// A byline that a rule marks (`article_head: true`) anchors the head even when a menu-like
/// line, a share bar or a contents box stands between it and the first paragraph.
struct ArticleHead {
    let settings: ContextSettings

    /// Indices of the head segments above `regionStart`.
    func head(above regionStart: Int, segments: PageSegments, claims: [Claim?], zoned: [ZoneMark?], features: [Features],
              marks: [Bool] = []) -> [Int] {
        guard settings.headSegments > 0 else { return [] }
        if let anchored = headFromTitle(above: regionStart, segments: segments, claims: claims, zoned: zoned, features: features) {
            return anchored
        }
        let walked = walk(above: regionStart, segments: segments, claims: claims, zoned: zoned, features: features)
        guard let byline = headFromByline(above: regionStart, claims: claims, zoned: zoned, features: features, marks: marks) else {
            return walked
        }
        // Both, each index once, from the bottom up: sorted, an index kept where it differs from
        // the one before (a handful of indices; no hashed set).
        let both = (walked + byline).sorted(by: >)
        return both.indices.filter { $0 == 0 || both[$0] != both[$0 - 1] }.map { both[$0] }
    }

    /// A byline (a line a rule marked `article_head`) within reach above the region anchors the
    /// head: the headline and standfirst just above it (up to three unclaimed lines, stopping at
    /// a menu-like line), the byline, and the head-like lines between it and the region (dates,
    /// updates), stepping over the share bars and contents boxes that often stand there.
    func headFromByline(above regionStart: Int, claims: [Claim?], zoned: [ZoneMark?], features: [Features], marks: [Bool]) -> [Int]? {
        guard !marks.isEmpty else { return nil }
        let lowest = max(0, regionStart - settings.headSegments * 3)
        guard let byline = (lowest..<regionStart).last(where: { marks[$0] && zoned[$0] == nil }) else { return nil }
        var taken = [byline]
        var index = byline - 1
        while index >= 0, byline - index <= 3, claims[index] == nil, zoned[index] == nil {
            let f = features[index]
            if f.words <= 2 && f.digits == 0 { break }
            taken.append(index)
            index -= 1
        }
        for index in (byline + 1)..<regionStart where claims[index] == nil && zoned[index] == nil {
            if marks[index] || isHeadLike(features[index]) || features[index].digits > 0 { taken.append(index) }
        }
        return taken
    }

    /// Walking up from the region: head-like lines are taken, controls stepped over, and the
    /// head ends at a menu, a zone or a claimed line.
    func walk(above regionStart: Int, segments: PageSegments, claims: [Claim?], zoned: [ZoneMark?], features: [Features]) -> [Int] {
        var taken: [Int] = []
        var pendingShort: Int?
        var index = regionStart - 1
        // The budget counts the lines weighed, not the controls stepped over: a row of share
        // buttons between the byline and the first paragraph does not use it up.
        var weighed = 0
        while index >= 0, weighed < settings.headSegments {
            if claims[index] == nil { weighed += 1 }
            if let rule = claims[index] {
                if rule.label == .body { taken.append(index) }
                else if rule.label != .navigation || features[index].words > 3 { break }
                pendingShort = nil
            } else if zoned[index] != nil {
                break
            } else if isHeadLike(features[index]) {
                if let short = pendingShort, !taken.isEmpty { taken.append(short) }
                pendingShort = nil
                taken.append(index)
            } else if pendingShort == nil {
                pendingShort = index
            } else {
                break
            }
            index -= 1
        }
        if let title = titleEcho(of: taken, segments: segments, before: taken.min() ?? regionStart, claims: claims) {
            taken.append(title)
        }
        return taken
    }

    /// When the page's first line is its title and the headline repeats it further down, the
    /// head runs from that headline to the region: everything unclaimed between them except
    /// one- and two-word controls ("Listen", "Save"). The title line itself is left to rules.
    func headFromTitle(above regionStart: Int, segments: PageSegments, claims: [Claim?], zoned: [ZoneMark?], features: [Features]) -> [Int]? {
        guard regionStart >= 2 else { return nil }
        let title = SegmentText(segments, 0)
        let lowest = max(1, regionStart - settings.headSegments * 3)
        guard let headline = (lowest..<regionStart).last(where: { index in
            features[index].words >= 3 && claims[index] == nil && zoned[index] == nil
                && SegmentText(segments, index).isShorterPrefix(of: title)
        }) else { return nil }
        return (headline..<regionStart).filter { index in
            claims[index].map { $0.label == .body } ?? (zoned[index] == nil && (features[index].words > 2 || features[index].digits > 0 || index == headline))
        }
    }

    func isHeadLike(_ f: Features) -> Bool {
        f.words >= 4 || (f.digits >= 4 && f.words <= 8)
    }

    /// A segment among the first few of the page that starts or ends with one of the head lines
    /// (`head`: their indices) of three words or more (the page's title, "Headline | Site").
    func titleEcho(of head: [Int], segments: PageSegments, before limit: Int, claims: [Claim?]) -> Int? {
        let candidates = head.map { SegmentText(segments, $0) }.filter { $0.hasWords(atLeast: 3) }
        guard !candidates.isEmpty else { return nil }
        for index in 0..<min(3, limit) where claims[index] == nil {
            let text = SegmentText(segments, index)
            if candidates.contains(where: { text.echoes($0) }) { return index }
        }
        return nil
    }
}

/// The article's tail: fact boxes, spec sheets, contacts and cast lists follow the last
/// paragraph as runs of short "Key: value" lines, figures or bullets, and end where the page's
/// furniture begins. Right after the main region, a run of such lines (optionally under one
/// short heading) is taken as the tail when a line a rule or zone claimed closes it within
/// `tailSegments`. Other shapes are left to the scorer: on real pages a run after the article
/// is far more often an unheaded teaser list or comment chrome than part of the article.
struct ArticleTail {
    let settings: ContextSettings

    func tail(after regionEnd: Int, segments: PageSegments, claims: [Claim?], zoned: [ZoneMark?], features: [Features]) -> [Int] {
        guard settings.tailSegments > 0 else { return [] }
        var run: [Int] = []
        var index = regionEnd + 1
        while index < claims.count {
            if claims[index] != nil || zoned[index] != nil { return run.contains { isFactLine(segments, $0, features[$0]) } ? run : [] }
            guard run.count < settings.tailSegments else { return [] }
            // One short heading may open the box; every other line must have a fact's shape.
            let heading = run.isEmpty && features[index].words <= 3
            guard heading || isFactLine(segments, index, features[index]) else { return [] }
            run.append(index)
            index += 1
        }
        return []
    }

    /// "Key: value", a line carrying figures, or a bullet item; never a long sentence. The text
    /// is read only when the features leave it open.
    func isFactLine(_ segments: PageSegments, _ index: Int, _ f: Features) -> Bool {
        guard f.words <= 20 else { return false }
        if f.startsWithBullet || f.digits > 0 { return true }
        return Self.isKeyValue(SegmentText(segments, index))
    }

    /// A colon that is not the last Character, after at most four words (runs without a space).
    /// Plain ASCII (each byte a Character of its own) is read on its bytes in the page; other
    /// text as a String.
    static func isKeyValue(_ text: SegmentText) -> Bool {
        let onBytes = text.withUTF8 { bytes -> Bool? in
            guard SegmentText.isPlainASCII(bytes) else { return nil }
            guard let colon = bytes.firstIndex(of: 0x3A), colon + 1 < bytes.count else { return false }
            var words = 0
            var inWord = false
            for byte in bytes[..<colon] {
                if byte == 0x20 { inWord = false } else if !inWord { inWord = true; words += 1 }
            }
            return words <= 4
        }
        if let onBytes { return onBytes }
        let string = text.text
        guard let colon = string.firstIndex(of: ":"), string.index(after: colon) < string.endIndex else { return false }
        return string[..<colon].split(separator: " ").count <= 4
    }
}
