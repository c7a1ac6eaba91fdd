import XCTest
@testable import WinnowPCRE2
@testable import Winnow

/// The classifier runs only the patterns the literal prefilter lets through. Its verdicts must
/// be exactly those of trying every rule on every segment (`classifyNaively`): the same winner,
/// the same list of rules that fired, on the corpus, the seed page, part of the dev set when
/// it is beside the checkout, and synthetic pages from every rule's examples, for the default
/// rules, the profiles and packs written to stress the analysis.
final class ClassifierEquivalenceTests: XCTestCase {
    static let root = AccuracyFloorTests.root

    /// Rules the default pack does not have: case-sensitive patterns, look-behinds, back
    /// references, quoting, positional conditions, Unicode case, and patterns with no literal.
    static let stressPack = #"""
    rules:
      - id: stress-case-sensitive
        label: tags
        ignore_case: false
        patterns: ['^Tags:', '(?i:also) IN CAPS', 'Kelvin', 'ſ']
      - id: stress-lookbehind
        label: navigation
        patterns: ['(?<=\bpage )\d+ of \d+', '(?<!not )sponsored\b']
        when: {words: "< 12"}
      - id: stress-backreference
        label: teasers
        patterns: ['\b(\w+) \1\b', '(?|(ab)|(cd))x\1']
      - id: stress-quote-and-classes
        label: disclaimer
        patterns: ['\Q(c)\E \d{4}', '[©℗] ?\d', 'straße|STRASSE', 'σοφία|ΣΟΦΊΑ', 'Ꭰ']
        when: {position: bottom}
      - id: stress-no-literal
        label: navigation
        patterns: ['^\W*$', '^\p{Lu}{2,}$', '^.{1,3}$']
        priority: 40
      - id: stress-positional
        label: navigation
        patterns: ['menu|home']
        when: {from_top: "< 3"}
        priority: 90
      - id: stress-word-range
        label: teasers
        patterns: ['\bthe\b', '^\w', 'and']
        when: {words: "3..5"}
      - id: stress-word-odd-bounds
        label: tags
        patterns: ['\bof\b', 'ing']
        when: {words: "!= 4", chars: "> 10"}
      - id: stress-word-fraction
        label: navigation
        patterns: ['\bis\b']
        when: {words: "> 2.5"}
      - id: stress-word-huge-bound
        label: disclaimer
        patterns: ['\bto\b']
        when: {words: "< 100000"}
      - id: stress-inline-options
        label: tags
        patterns: ['(?-i)^KEYWORDS\b', '(?i)^schlagwörter\b', '(?s)a.b', '(?m)^x$']
      - id: stress-letter-bounds
        label: navigation
        patterns: ['^(ab|abc)\s*[|/]?\s*\d{0,2}$', '^[«‹<]?\s*\d{1,3}(\s+\d{1,3}){1,3}\s*(next|weiter)?$',
                   '^\W{0,3}(ok|okay)\W{0,3}$', '^\x{212A}elvin$', '^(?=.*z)\w{2}z$', '(?m)^(m|mm)$', '^(?:q|qq)\Z']
        priority: 45
    """#

    func pages() throws -> [RawDocument] {
        var documents: [RawDocument] = []
        let corpus = InputWalker().items(for: [Self.root.appendingPathComponent("corpus").path]).items
        for item in corpus where item.path.hasSuffix(".labels") || item.path.hasSuffix(".page") || item.path.hasSuffix(".marked") {
            documents.append(try PageReader(format: item.path.hasSuffix(".labels") ? .annotated : .text).read(item))
        }
        let shared = Self.root.deletingLastPathComponent().appendingPathComponent("shared")
        let seed = shared.appendingPathComponent("seed/page.txt").path
        if FileManager.default.fileExists(atPath: seed) {
            documents.append(try PageReader().read(.init(path: seed, relativePath: "page.txt")))
        }
        let devset = shared.appendingPathComponent("devset/pages").path
        if let names = try? FileManager.default.contentsOfDirectory(atPath: devset) {
            for (index, name) in names.sorted().enumerated() where name.hasSuffix(".txt") && index % 12 == 0 {
                documents.append(try PageReader().read(.init(path: devset + "/" + name, relativePath: name)))
            }
        }
        return documents
    }

    /// Every rule's examples and counterexamples, as they are and in upper case, one a line.
    func syntheticPage(_ rules: RuleSet) -> RawDocument {
        var lines: [String] = []
        for rule in rules.rules {
            for text in rule.examples + rule.counterexamples {
                lines += [text, text.uppercased(), text.lowercased(), "x " + text + " x"]
            }
        }
        lines += ["\u{212A}elvin", "ſ", "STRASSE", "straße", "ΣΟΦΊΑ σοφίας", "ᎠᎡ", "page 2 of 7", "the the", "abxab", "Tags: a, b",
                  "© 2024", "(c) 2024", "HOME", "---", "ok", "KEYWORDS x", "Schlagwörter: y", "1 week ago", "12 min", "3h",
                  "× Close", "☰ Menu", "» Lire aussi : la suite", "12 Comments", "4,5 von 5", "٣ days ago", "   Home",
                  // At the letter bounds of the stress pack's anchored patterns, and one letter past them.
                  "abc", "abc | 12", "abcd", "ab\t/ 1", "« 1 2 3 next", "1 2 3 4 weiter", "1 2 3 4 weiterx", "1 2 ٣ next",
                  "…okay…", "okay!", "okays", "kelvin", "KELVIN", "\u{212A}elvin", "kelvins", "abz", "abcz",
                  "x\nmm", "mm", "mmm", "qq", "qqq"]
        return RawDocument(id: "synthetic", source: "synthetic", bytes: Array(lines.joined(separator: "\n").utf8))
    }

    func assertEquivalent(_ rules: RuleSet, documents: [RawDocument], file: StaticString = #filePath, line: UInt = #line) {
        let classifier = RuleClassifier(rules: rules)
        let measurer = FeatureMeasurer(stopwords: .embedded)
        var segmentsCompared = 0
        for document in documents {
            let page = Normaliser().normalise(document.bytes)
            let segments = LineSegmenter().segments(of: page)
            let features = measurer.measure(segments).features
            for collectAll in [false, true] {
                var fastLimits: [String] = [], naiveLimits: [String] = []
                let fast = classifier.classify(page: page, segments: segments, features: features, collectAll: collectAll, limitHits: &fastLimits)
                let naive = classifier.classifyNaively(page: page, segments: segments, features: features, collectAll: collectAll, limitHits: &naiveLimits)
                XCTAssertEqual(fast.count, naive.count, file: file, line: line)
                for (index, (a, b)) in zip(fast, naive).enumerated() {
                    guard a.winner != b.winner || a.allHits != b.allHits else { continue }
                    let id = { (index: Int) in rules.rules[index].id }
                    XCTFail("\(document.id) segment \(index) \(segments[index].text.debugDescription): prefilter \(a.winner.map(id) ?? "-") \(a.allHits.map(id)), naive \(b.winner.map(id) ?? "-") \(b.allHits.map(id))", file: file, line: line)
                }
                // A skipped pattern cannot match, so it cannot hit a limit either: fewer reports, never others.
                XCTAssertTrue(Set(fastLimits).isSubset(of: Set(naiveLimits)), "\(fastLimits) ⊄ \(naiveLimits)", file: file, line: line)
            }
            segmentsCompared += segments.count
        }
        XCTAssertGreaterThan(segmentsCompared, 0, file: file, line: line)
    }

    func testDefaultRulesGiveTheNaiveVerdicts() throws {
        let rules = try RuleSet.load(extraPacks: [])
        assertEquivalent(rules, documents: try pages() + [syntheticPage(rules)])
    }

    /// The prefilter's first-byte gates: the fast probes (JIT code, no capturing groups) find
    /// what the interpreter finds with each pattern as written, for every pattern of the default
    /// rules and the profiles.
    func testFirstByteProbesAgreeForEveryDefaultPattern() throws {
        let rules = try RuleSet.load(extraPacks: [], profiles: ["pii", "corpus-quality"])
        for pattern in rules.rules.flatMap(\.patterns) {
            XCTAssertEqual(MatchStart(pattern, probes: .fastest), MatchStart(pattern, probes: .interpreted), pattern.source)
        }
    }

    /// A pattern gated by prefixes is not probed with the bytes its gate turns away: for every
    /// pattern of the default rules and the profiles, the prefilter's first bytes are still those
    /// the probes find. (A turned-away byte the probes would let through could change which
    /// patterns run only where the gate already stops them.)
    func testPrefilterFirstBytesAreTheProbes() throws {
        let rules = try RuleSet.load(extraPacks: [], profiles: ["pii", "corpus-quality"])
        let patterns = rules.rules.flatMap(\.patterns)
        let prefilter = PatternPrefilter(patterns: patterns)
        for (pattern, start) in zip(patterns, prefilter.matchStarts) {
            XCTAssertEqual(start, MatchStart(pattern), pattern.source)
        }
    }

    func testProfilesAndStressPackGiveTheNaiveVerdicts() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-equivalence-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let pack = directory.appendingPathComponent("stress.yaml")
        try Self.stressPack.write(to: pack, atomically: true, encoding: .utf8)
        let rules = try RuleSet.load(extraPacks: [pack.path], profiles: ["pii", "corpus-quality"])
        XCTAssertTrue(rules.rules.contains { $0.id == "stress-no-literal" })
        XCTAssertTrue(rules.plan.ungatedPatterns.contains { $0.source == #"^\W*$"# })
        assertEquivalent(rules, documents: try pages().prefix(40) + [syntheticPage(rules)])
    }

    /// The word-count gate rules a pattern out exactly when its rule's `words:` conditions fail,
    /// for every count (the last row standing for all larger ones), and leaves other conditions alone.
    func testWordCountGateRulesOutExactlyTheFailingWordConditions() throws {
        let whens: [[(String, String)]] = [[("words", "< 6")], [("words", "3..90")], [("words", "!= 4"), ("chars", "> 10")],
                                           [("words", "> 2.5")], [("words", "< 100000")], [], [("position", "bottom")],
                                           [("words", ">= 120"), ("words", "<= 150")]]
        // Seventy patterns a rule, so the bitsets span two words.
        var conditions: [[Condition]] = []
        for when in whens {
            let parsed = try when.flatMap { try Condition.parse(key: $0.0, value: $0.1) }
            conditions += Array(repeating: parsed, count: 70)
        }
        let words = (conditions.count + 63) / 64
        let gate = CountGate.words(conditions: conditions, words: words)
        for count in [0, 1, 2, 3, 4, 5, 6, 89, 90, 91, 119, 120, 150, 151, 4000, 100_001, 10_000_000] {
            let row = gate.ruledOut(for: count)
            for (pattern, patternConditions) in conditions.enumerated() {
                var features = Features()
                features.words = count
                let wordTests = patternConditions.filter { $0.feature == .words && $0.written != "< 100000" }
                let expected = !wordTests.allHold(for: features)
                XCTAssertEqual(row[pattern / 64] & (1 << UInt64(pattern % 64)) != 0, expected, "pattern \(pattern), \(count) words")
            }
        }
    }

    /// The letter bounds of patterns anchored at both ends: the most letters a match holds,
    /// whatever white space, digits and punctuation; none when the parse cannot tell.
    func testLetterBoundsOfAnchoredPatterns() throws {
        let cases: [(String, Pattern.Options, Int?)] = [
            (#"^(menu|main menu)\s*:?$"#, [.caseInsensitive], 8),
            (#"^[«‹<]?\s*\d{1,3}(\s+\d{1,3}){1,12}(\s*(…|\.\.\.)\s*\d{1,4})?\s*(next|weiter|[»›>])?$"#, [.caseInsensitive], 6),
            (#"^\d+([.,]\d+)*\s*[%€$]?$"#, [], 0),
            (#"^a$|^bc$"#, [], 2),
            (#"^(?=.*x)ab$"#, [], 2),
            (#"^(ab){2,3}\z"#, [], 6),
            (#"^\x{212A}$"#, [], 1),
            (#"^[!-/]{0,40}$"#, [], 0),
            (#"^menu"#, [], nil),
            (#"menu$"#, [], nil),
            (#"^a+$"#, [], nil),
            (#"^\w{1,3}$"#, [], 3),
            (#"^[^x]{2}$"#, [], 2),
            (#"^(a)\1$"#, [], nil),
            (#"^a$"#, [.multiline], nil),
            (#"(?m)^a$"#, [], nil),
            (#"(?im:^a$)"#, [], nil),
            (#"^a b$"#, [.extended], nil),
            (#"(*UCP)^a$"#, [], nil),
        ]
        for (source, options, expected) in cases {
            XCTAssertEqual(CharacterBounds(try Pattern(source, options: options)).mostLetters, expected, source)
        }
    }

    /// The fewest separator marks and digits of any match, lookaheads at the top included.
    func testFewestSeparatorsAndDigits() throws {
        let cases: [(String, Pattern.Options, Int, Int)] = [
            (#"^[^.!?:\d|•·]{1,42}+(?:[|•·][^.!?:|•·\d]{1,42}+){2,}$"#, [.caseInsensitive], 2, 0),
            (#"^(?=[^|•·.!?]{1,40}+(?:\s?[|•·]\s?[^|•·.!?]{1,40}+){2,}+$).*\b(cookies?|privacy)\b"#, [.caseInsensitive], 2, 0),
            (#"^(?=\d{2}).\d"#, [], 0, 2),
            (#"^a(?=\d{2})\d"#, [], 0, 2),
            (#"\d{3}(?=\d{2})\d"#, [], 0, 5),
            (#"(?:(?=\d))\d"#, [], 0, 1),
            (#"(?:(?=\d\d)\w?){3}"#, [], 0, 0),
            (#"^[\p{L} .'’-]{2,30},\s\p{Lu}{2}\s\d{5}(-\d{4})?$"#, [.caseInsensitive], 0, 5),
            (#"a / b|c › d"#, [], 1, 0),
            (#"[0-9]{2}[|/]"#, [], 1, 2),
            (#"x{2}\d{1,3}"#, [.extended], 0, 0),
            (#"[^|]|"#, [], 0, 0),
        ]
        for (source, options, separators, digits) in cases {
            let pattern = try Pattern(source, options: options)
            XCTAssertEqual(CharacterBounds(pattern).fewestSeparators, separators, source)
            XCTAssertEqual(CharacterBounds(pattern).fewestDigits, digits, source)
        }
    }

    /// The classes a letter bound counts as no letter (white space and decimal digits, as PCRE2
    /// matches them with UCP) match no character the measure stage counts as a letter.
    func testSpaceAndDigitClassesMatchNoLetter() throws {
        let scratch = MatchScratch()
        var patterns: [Pattern] = []
        for source in [#"^\s$"#, #"^\h$"#, #"^\v$"#, #"^\d$"#] {
            guard case .concat(let items) = PatternAnalysis(source: source).node, case .set(let set) = items[1] else {
                return XCTFail("\(source) parses as \(PatternAnalysis(source: source).node)")
            }
            XCTAssertFalse(CharacterBounds.mayBeLetter(set), source)
            patterns.append(try Pattern(source, options: [.caseInsensitive]))
        }
        var matched = 0
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            var utf8 = Array(String(scalar).utf8)
            for pattern in patterns where try utf8.withUnsafeMutableBufferPointer({ try pattern.matches(UnsafeBufferPointer($0), scratch: scratch) }) {
                matched += 1
                if CharacterBounds.mayBeLetter(scalar) { return XCTFail("\(pattern.source) matches U+\(String(value, radix: 16)), a letter") }
            }
        }
        XCTAssertGreaterThan(matched, 600)
        // And every character `\d` matches is a digit to the measure stage (the fewest digits count it so).
        let digit = try Pattern(#"^\d$"#)
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            var utf8 = Array(String(scalar).utf8)
            guard try utf8.withUnsafeMutableBufferPointer({ try digit.matches(UnsafeBufferPointer($0), scratch: scratch) }) else { continue }
            guard case .digit = TextScanner.classify(value) else { return XCTFail("\\d matches U+\(String(value, radix: 16)), no digit") }
        }
    }

    /// Every example of a default rule that one of its bounded patterns matches has at most the
    /// pattern's bound of letters, and at least its fewest separators and digits, as measured.
    func testDefaultExamplesStayWithinTheirPatternsLetterBounds() throws {
        let rules = try RuleSet.load(extraPacks: [])
        let scratch = MatchScratch()
        var bounded = 0
        for rule in rules.rules {
            for pattern in rule.patterns {
                let bounds = CharacterBounds(pattern)
                let bound = bounds.mostLetters, separators = bounds.fewestSeparators, digits = bounds.fewestDigits
                if bound != nil { bounded += 1 }
                for example in rule.examples + rule.counterexamples where try pattern.matches(example, scratch: scratch) {
                    let page = Normaliser().normalise(Array(example.utf8))
                    let segments = LineSegmenter().segments(of: page)
                    guard segments.count == 1, let features = FeatureMeasurer(stopwords: .embedded).measure(segments).features.first else { continue }
                    XCTAssertLessThanOrEqual(features.letters, bound ?? .max, "\(rule.id): \(pattern.source) on \(example)")
                    XCTAssertGreaterThanOrEqual(features.separators, separators, "\(rule.id): \(pattern.source) on \(example)")
                    XCTAssertGreaterThanOrEqual(features.digits, digits, "\(rule.id): \(pattern.source) on \(example)")
                }
            }
        }
        XCTAssertGreaterThan(bounded, 100)
    }

    /// The feature gate rules out a pattern exactly when its rule's tests on a feature other than
    /// the count of words fail: at the bounds the rules name, between them and beyond them.
    func testFeatureGateRulesOutExactlyTheFailingOtherConditions() throws {
        let whens: [[(String, String)]] = [[("ends_with_punctuation", "false")], [("position", "bottom"), ("words", "< 16")],
                                           [("separators", ">= 2")], [("from_top", "< 1")], [("digits", "< 0.15")],
                                           [("chars", "10..80"), ("digits", "!= 0.5")], [], [("words", "< 6")], [("position", "middle")]]
        var conditions: [[Condition]] = []
        for when in whens {
            let parsed = try when.flatMap { try Condition.parse(key: $0.0, value: $0.1) }
            conditions += Array(repeating: parsed, count: 70)
        }
        let words = (conditions.count + 63) / 64
        let gate = FeatureGate(conditions: conditions, words: words)
        let bits = UnsafeMutablePointer<UInt64>.allocate(capacity: words)
        defer { bits.deallocate() }
        for chars in [0, 9, 10, 11, 80, 81, 200] {
            for digits in Set([0, chars / 10, chars / 6, chars / 2, chars]) {
                for index in [0, 1, 3, 5, 6, 9] {
                    for separators in 0...3 {
                        for punctuation in [false, true] {
                            var features = Features()
                            features.chars = chars
                            features.digits = digits
                            features.index = index
                            features.count = 10
                            features.separators = separators
                            features.endsWithPunctuation = punctuation
                            bits.initialize(repeating: 0, count: words)
                            gate.addRuledOut(for: features, to: bits)
                            for (pattern, patternConditions) in conditions.enumerated() {
                                let expected = !patternConditions.filter { $0.feature != .words }.allHold(for: features)
                                if (bits[pattern / 64] & (1 << UInt64(pattern % 64)) != 0) != expected {
                                    return XCTFail("pattern \(pattern): ruled out \(!expected), expected \(expected), for \(features)")
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The prefilter is worth having only if it gates nearly every default pattern.
    func testNearlyEveryDefaultPatternIsGated() throws {
        let plan = try RuleSet.load(extraPacks: []).plan
        let total = plan.prefilter.patternCount
        XCTAssertLessThanOrEqual(plan.ungatedPatterns.count * 10, total, "ungated: \(plan.ungatedPatterns.map(\.source))")
    }
}
