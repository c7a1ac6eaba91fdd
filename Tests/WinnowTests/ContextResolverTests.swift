import XCTest
@testable import Winnow

/// The context stage's mechanisms, on small pages built for each one.
final class ContextResolverTests: XCTestCase {
    func classify(_ lines: [String], rules yaml: String = "", context: String = "") throws -> ClassifiedPage {
        var packs = try RuleSet.embeddedDefaultPacks()
        if !yaml.isEmpty { packs.append(try RuleLoader().load(yaml: yaml, file: "test.yaml")) }
        if !context.isEmpty { packs.append(try RuleLoader().load(yaml: context, file: "context.yaml")) }
        let pipeline = Pipeline(rules: try RuleSet(packs: packs))
        return pipeline.run(RawDocument(id: "t", source: "t", bytes: Array(lines.joined(separator: "\n").utf8)))
    }

    let paragraphs = [
        "The city council agreed on Tuesday to spend four million on the old harbour wall, after a winter of floods that left the lower streets under water for days.",
        "Engineers said the work would start in spring and take two years, and that the road along the quay would stay open to traffic for most of that time.",
        "Residents who had asked for the repairs for a decade welcomed the vote, though some said the money came too late for the shops that had already closed.",
    ]

    func testMainRegionKeepsShortLinesInsideTheArticle() throws {
        let page = try classify(["Home", "News", "Sport"] + [paragraphs[0], "What happens next", paragraphs[1], paragraphs[2]] + ["Contact", "Jobs"])
        XCTAssertEqual(page.decisions.map(\.label), [.navigation, .navigation, .navigation, .body, .body, .body, .body, .navigation, .navigation])
        if case .scorer(let why) = page.decisions[4].source { XCTAssertEqual(why, "main region") } else { XCTFail("\(page.decisions[4].source)") }
    }

    func testZoneLabelsTheBlockItsHeadingOpensUntilProse() throws {
        let page = try classify(paragraphs + ["Latest Stories", "-", "Mayor opens the new bridge to cyclists", "2 hours -", "Harbour festival moves to August"])
        XCTAssertEqual(page.decisions[3].source, .rule("teasers-heading"))
        XCTAssertEqual(page.decisions[4].source, .zone("teasers-heading"))
        XCTAssertEqual(page.decisions[5].source, .zone("teasers-heading"))
        XCTAssertEqual(page.decisions[6].source, .rule("teasers-relative-time"))
        XCTAssertEqual(Array(page.decisions.map(\.label)[3...]), Array(repeating: .teasers, count: 5))
    }

    func testZoneEndsAtProse() throws {
        let page = try classify(["Related", "Another story about the harbour", paragraphs[0], paragraphs[1], paragraphs[2]])
        XCTAssertEqual(page.decisions.map(\.label), [.teasers, .teasers, .body, .body, .body])
    }

    func testSmoothingGivesALoneLineItsNeighboursLabel() throws {
        let rules = "rules:\n  - {id: menu-x, label: navigation, patterns: ['^menu item'], examples: ['menu item']}\n"
        let lines = paragraphs + ["menu item one", "Quarterly report on regional widget makers", "menu item two"]
        let page = try classify(lines, rules: rules)
        XCTAssertEqual(page.decisions[4].label, .navigation)
        XCTAssertEqual(page.decisions[4].source, .smoothing("between two navigation"))
        XCTAssertEqual(page.decisions[4].runnerUp, .teasers)
        let off = try classify(lines, rules: rules + "context: {smoothing: false}\n")
        XCTAssertEqual(off.decisions[4].label, .teasers)
    }

    func testUnclaimedHeadlinesAfterTheArticleAreTeasers() throws {
        let page = try classify(paragraphs + ["Police search for missing hiker near the lake", "Imprint"])
        XCTAssertEqual(page.decisions[3].label, .teasers)
        XCTAssertEqual(page.decisions[4].label, .navigation)
    }

    func testEveryDecisionNamesItsMaker() throws {
        let page = try classify(["Skip to content"] + paragraphs + ["© 2024 Harbour Times"])
        XCTAssertEqual(page.decisions.first?.source, .rule("navigation-skip-link"))
        XCTAssertEqual(page.decisions.last?.source, .rule("disclaimer-copyright"))
    }

    func testArticleHeadTakesHeadlineBylineAndDateAboveTheRegionStepsOverControlsAndStopsAtMenus() throws {
        let page = try classify(["News", "Sport", "Weather", "Harbour wall to be rebuilt after winter floods", "By Jane Doe", "12 March 2024, 09:14", "Share"] + paragraphs)
        XCTAssertEqual(page.decisions.map(\.label), [.navigation, .navigation, .navigation, .body, .body, .body, .navigation, .body, .body, .body])
        XCTAssertEqual(page.decisions[3].source, .scorer("article head"))
        XCTAssertEqual(page.decisions[6].source, .rule("navigation-share"))
        let off = try classify(["News", "Sport", "Weather", "Harbour wall to be rebuilt after winter floods", "By Jane Doe", "12 March 2024, 09:14", "Share"] + paragraphs, context: "context: {head_segments: 0}\n")
        XCTAssertEqual(off.decisions[3].label, .navigation)
    }

    func testArticleEndMarkerTurnsTheProseBelowItIntoFurniture() throws {
        let comment = "I have lived on the quay for thirty years and I can tell you that the council only ever acts when the television cameras arrive, which is a shame for all of us who pay for it."
        let lines = paragraphs + ["Tags: harbour, council, floods", comment]
        let page = try classify(lines)
        XCTAssertEqual(page.decisions[3].source, .rule("tags-inline-list"))
        XCTAssertEqual(page.decisions[4].label, .navigation)
        XCTAssertEqual(page.decisions[4].source, .scorer("after the article's end"))
        // Without the cut, the same comment reads as prose and is kept.
        let off = try classify(lines, context: "context: {article_end_share: 0}\n")
        XCTAssertEqual(off.decisions[4].label, .body)
        // A marker above most of the article (a tag line under the headline) ends nothing.
        let early = try classify([paragraphs[0], "Tags: harbour, council, floods", paragraphs[1], paragraphs[2], comment])
        XCTAssertEqual(early.decisions.map(\.label), [.body, .tags, .body, .body, .body])
    }

    func testArticleHeadBudgetSkipsTheControlsBetweenBylineAndArticle() throws {
        let controls = ["Share", "Facebook", "X", "WhatsApp", "Email", "Print", "Save", "Comments"]
        let head = ["Council votes four million for the harbour wall after winter floods", "By Ann Example", "12 March 2024"]
        let page = try classify(["Home", "News"] + head + controls + paragraphs)
        XCTAssertEqual(Array(page.decisions.map(\.label)[2..<5]), [.body, .body, .body])
    }

    func testBylineAnchorsTheHeadAcrossAMenuButDecidesNothingElsewhere() throws {
        let head = ["Council votes four million for the harbour wall after winter floods", "By Ann Example", "12 March 2024"]
        let page = try classify(["Home", "News"] + head + ["Politics", "Weather"] + paragraphs + ["Mayor opens the new bridge to cyclists", "By Tom Sample"])
        XCTAssertEqual(page.decisions.map(\.label), [.navigation, .navigation, .body, .body, .body, .navigation, .navigation, .body, .body, .body, .teasers, .navigation])
        XCTAssertEqual(page.decisions[3].source, .scorer("article head"))
        // Without the byline mark the walk up from the article stops at the two menu lines.
        let plain = try classify(["Home", "News"] + head + ["Politics", "Weather"] + paragraphs, context: "disable: [body-byline]\n")
        XCTAssertEqual(Array(plain.decisions.map(\.label)[2..<5]), [.navigation, .navigation, .navigation])
    }

    /// The fact box's "Key: value" test on a plain ASCII line's bytes answers as the
    /// Character comparisons do.
    func testKeyValueLinesOnBytesAsOnCharacters() {
        func byCharacters(_ text: String) -> Bool {
            guard let colon = text.firstIndex(of: ":"), text.index(after: colon) < text.endIndex else { return false }
            return text[..<colon].split(separator: " ").count <= 4
        }
        let pieces = ["Key", "a", " ", "  ", ":", ": ", "1", "é", "\u{301}", "—", "x y z"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...9, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let page = NormalisedPage(text: "above\n" + text, repairs: NormalisationReport())
            let segments = PageSegments(spans: [SegmentSpan(index: 1, line: 2, byteRange: 6..<(6 + text.utf8.count))], page: page)
            XCTAssertEqual(ArticleTail.isKeyValue(SegmentText(segments, 0)), byCharacters(text), text.debugDescription)
        }
    }

    func testArticleTailTakesAFactBoxClosedByFurnitureButNotAnOpenRun() throws {
        let box = ["Key facts", "Length: 640 metres", "Built: 1967", "Operator: Harbour Board"]
        let closed = try classify(paragraphs + box + ["Tags:", "Harbour"])
        XCTAssertEqual(Array(closed.decisions.map(\.label)[3...6]), [.body, .body, .body, .body])
        XCTAssertEqual(closed.decisions[4].source, .scorer("article tail"))
        // Without furniture closing it, the run may be an unheaded teaser list: the scorer decides.
        let open = try classify(paragraphs + box)
        XCTAssertNotEqual(open.decisions[4].source, .scorer("article tail"))
        // Lines without a fact's shape are no tail.
        let headlines = try classify(paragraphs + ["Mayor opens the new bridge to cyclists", "Harbour festival moves to August", "Tags:", "Harbour"])
        XCTAssertEqual(headlines.decisions[3].label, .teasers)
    }

    func testZoneEndsAtAShortMenuLineWhenAsked() throws {
        let page = try classify(paragraphs + ["Latest Stories", "Mayor opens the new bridge to cyclists", "2 hours -", "Product", "Features"])
        XCTAssertEqual(page.decisions[4].source, .zone("teasers-heading"))
        XCTAssertEqual(page.decisions[6].label, .navigation)
        XCTAssertNotEqual(page.decisions[6].source, .zone("teasers-heading"))
    }

    func testTableOfContentsZoneTakesOnlyHeadingsThatRepeatBelow() throws {
        let page = try classify(["Contents", "1. History", "2. Route [edit]", "Station list"] + [paragraphs[0], "History", paragraphs[1], "Route", paragraphs[2]])
        XCTAssertEqual(page.decisions[1].source, .zone("navigation-table-of-contents"))
        XCTAssertEqual(page.decisions[2].source, .zone("navigation-table-of-contents"))
        XCTAssertNotEqual(page.decisions[3].source, .zone("navigation-table-of-contents"), "not a heading of this page: the contents end")
        XCTAssertEqual(ZoneMarker.headingKey("2.1 Route [ edit ]"), "route")
    }

    func testFastHeadingKeysAreThoseOfTheCharacterPath() {
        let printable = String(decoding: (0x20...0x7E).map { UInt8($0) }, as: UTF8.self)
        var texts = ["2.1 Route [ edit ]", "1) 2. Über uns", ") .9 Contact Us!", "[edit] History", "  ...", "", "\tTab\u{7F}x",
                     printable, String(printable.reversed()), "ABC def 123 [x] 456", "Café", "Straße 12", "²3 İstanbul", "Ǆemal",
                     "ΟΔΟΣ", "Привет, Мир", "e\u{301}clair", "\r\n"]
        // Every scalar the table covers, leading, inside and after the "[".
        texts += ["It\u{2019}s \u{201C}news\u{201D} \u{2014} today\u{2026}", "\u{2022} Item \u{2013} 2", "1\u{2002}2. Tab\u{200B}le", "\u{2028}x"]
        for v in HeadingKeyTable.covered + Array(HeadingKeyTable.symbols) {
            guard let scalar = Unicode.Scalar(v) else { continue }
            texts += ["\(scalar)A b", "1. x\(scalar)Y \(scalar)", "Q[\(scalar)"]
        }
        var fastOnes = 0
        for text in texts {
            if let fast = ZoneMarker.fastHeadingKey(text) {
                XCTAssertEqual(fast, ZoneMarker.unicodeHeadingKey(text), text.debugDescription)
                fastOnes += 1
            }
            XCTAssertEqual(ZoneMarker.headingKey(text), ZoneMarker.unicodeHeadingKey(text), text.debugDescription)
        }
        XCTAssertGreaterThan(fastOnes, texts.count / 2, "most of these texts take the fast path")
        XCTAssertNil(ZoneMarker.fastHeadingKey("e\u{301}clair"), "a combining mark leaves the text to the Character path")
        XCTAssertEqual(ZoneMarker.fastHeadingKey("\u{2605} Price \u{2192} 5 \u{20AC}"), "price5", "symbols take the fast path")
    }

    func testRepeatedHeadingsLookOnlyBelow() {
        let lines = ["1. History", "Route →", "History", "2. Route", "Route", "Ünïcode", "ünïcode [edit]"]
        let segments = PageSegments(lines.enumerated().map { Segment(index: $0.offset, line: $0.offset + 1, byteRange: 0..<$0.element.utf8.count, text: $0.element) })
        var repeats = RepeatedHeadings(segments: segments)
        XCTAssertEqual((0..<lines.count).map { repeats.repeatsBelow($0) }, [true, true, false, true, false, true, false])
    }

    /// `RepeatedHeadings` against asking each segment's key of every segment below it, from
    /// the first segment and from one further down.
    func testRepeatedHeadingsAgreeWithComparingEveryKeyBelow() {
        let lines = ["Contents", "1. History", "2. Route [edit]", "Ünïcode", "日本語の見出し", "e\u{301}clair", "", "[edit]",
                     "History", "ROUTE", "ünïcode [x]", "日本語の見出し", "éclair", "e\u{301}clair", "3.", "History [edit]",
                     String(repeating: "long heading text ", count: 12), String(repeating: "Long Heading Text ", count: 12)]
        let segments = PageSegments(lines.enumerated().map { Segment(index: $0.offset, line: $0.offset + 1, byteRange: 0..<$0.element.utf8.count, text: $0.element) })
        let keys = lines.map(ZoneMarker.headingKey)
        let expected = keys.indices.map { index in !keys[index].isEmpty && keys[(index + 1)...].contains(keys[index]) }
        for start in [0, 5] {
            var repeats = RepeatedHeadings(segments: segments)
            XCTAssertEqual((start..<lines.count).map { repeats.repeatsBelow($0) }, Array(expected[start...]), "from \(start)")
        }
        var repeats = RepeatedHeadings(segments: segments)
        XCTAssertEqual([9, 2, 1].map { repeats.repeatsBelow($0) }, [9, 2, 1].map { expected[$0] }, "asked out of order")
    }

    /// The article head's byte comparisons give what the String ones give, for ASCII, other
    /// scripts, carriage returns, combining marks and spaces next to them.
    func testSegmentTextComparisonsAreThoseOfStrings() {
        let texts = ["Harbour wall to be rebuilt | Harbour Times", "Harbour wall to be rebuilt", "Harbour Times", "Harbour wall",
                     "Harbour Times \u{2013} Harbour wall to be rebuilt", "Harbour wall to be rebuilt \u{2013} Harbour Times",
                     "Caf\u{E9} opens on the quay", "Cafe\u{301} opens on the quay", "Cafe\u{301} opens on the quay | News",
                     "a \u{301}b c", "a\u{600} b c", "x \u{301} y", "one two\r three", "one two\r", "", " ", "one  two three ",
                     "Пожар в порту | Новости", "Пожар в порту", "it\u{2019}s a long way home", "it\u{2019}s a long way",
                     "\u{E9}t\u{E9} en ville", "e\u{301}t\u{E9} en ville", "e\u{301}t\u{E9} en ville | Journal", "Journal | \u{E9}t\u{E9} en ville",
                     "x\u{301}", "x", "\u{600}x", "Harbour \u{2013} x", "K", "\u{212A}", "\u{212A} wall | K",
                     "Harbour wall \u{2013} rebuilt", "\u{AB} Quote \u{BB} here", "one\u{2028} two three", "\u{E9} \u{E9}",
                     "\u{1F600} \u{1F600} \u{1F600}", "\u{5B57} \u{5B57} \u{5B57}", "a \u{200D} b", "a\u{200D} b c", "\u{E9}\u{301} b c",
                     "Harbour wall\u{301} | News", "Harbour wb\u{301}", "Harbour walk \u{E9}", "News \u{2013} Harbour wall", "\u{600}t", "xx\u{600}t",
                     "t\r", "u\r", "a\rt", "a\rb t", "\u{E9} wall", "\u{E9} walk", "wall \u{E9}", "wa\u{301}ll \u{E9}"]
        let segments = PageSegments(texts.enumerated().map { Segment(index: $0.offset, line: $0.offset + 1, byteRange: 0..<$0.element.utf8.count, text: $0.element) })
        for segment in segments.indices.map({ SegmentText(segments, $0) }) {
            for count in 1...4 {
                XCTAssertEqual(segment.hasWords(atLeast: count), segment.text.split(separator: " ").count >= count,
                               "\(segment.text.debugDescription) \(count)")
            }
            for line in segments.indices.map({ SegmentText(segments, $0) }) {
                let text = segment.text, lineText = line.text
                XCTAssertEqual(segment.echoes(line),
                               text != lineText && (text.hasPrefix(lineText) || text.hasSuffix(lineText)), "\(text.debugDescription) \(lineText.debugDescription)")
                XCTAssertEqual(line.isShorterPrefix(of: segment),
                               text.hasPrefix(lineText) && text.count > lineText.count, "\(text.debugDescription) \(lineText.debugDescription)")
            }
        }
        XCTAssertTrue(SegmentText.isPlainASCII(UnsafeBufferPointer(start: nil, count: 0)))
        for text in ["abcdefgh\r", "abc\rdefghijk", "abcdefghijklmno", "abcdefghijklmn\u{E9}"] {
            let plain = text.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D }
            XCTAssertEqual(Array(text.utf8).withUnsafeBufferPointer(SegmentText.isPlainASCII), plain, text.debugDescription)
        }
    }

    func testPageTitleRuleNeedsTheFirstLine() throws {
        let page = try classify(["Harbour wall to be rebuilt | Harbour Times"] + paragraphs + ["Harbour wall to be rebuilt | Harbour Times"])
        XCTAssertEqual(page.decisions.first?.source, .rule("body-page-title"))
        XCTAssertNotEqual(page.decisions.last?.source, .rule("body-page-title"))
    }

    func testMainRegionFinderPicksTheHeaviestRunAndSizeableSecondRuns() {
        let finder = MainRegionFinder(secondaryShare: 0.5)
        XCTAssertEqual(finder.regions(weights: [-1, 2, 3, -1, -1, -1, 1, -1]), [1...2])
        XCTAssertEqual(finder.regions(weights: [-1, 2, 3, -1, -5, 3, -1]), [1...2, 5...5])
        XCTAssertEqual(finder.regions(weights: [-1, -2]), [])
    }
}
