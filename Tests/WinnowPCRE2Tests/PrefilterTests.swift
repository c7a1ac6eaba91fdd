import CPrefilterKernel
import XCTest
@testable import WinnowPCRE2

/// The literal prefilter must never skip a pattern that matches: every test here compares it
/// with PCRE2 itself.
final class PrefilterTests: XCTestCase {
    let scratch = MatchScratch()

    func strings<Literals: Sequence>(_ set: Literals?) -> Set<String>? where Literals.Element == RequiredLiterals.Literal {
        set.map { Set($0.map { String(String.UnicodeScalarView($0.compactMap(Unicode.Scalar.init))) }) }
    }

    func testRequiredLiteralsOfCommonShapes() {
        XCTAssertEqual(strings(RequiredLiterals.of("(cookie|privacy) (policy|notice)")),
                       ["cookie policy", "cookie notice", "privacy policy", "privacy notice"])
        XCTAssertEqual(strings(RequiredLiterals.of(#"^(\d+\s+)?comments?$"#)), ["comment", "comments"])
        XCTAssertEqual(strings(RequiredLiterals.of(#"foo.*barbaz"#)), ["barbaz"])
        XCTAssertEqual(strings(RequiredLiterals.of(#"[|•·]\s*\d"#)), ["|", "•", "·"])
        XCTAssertEqual(strings(RequiredLiterals.of(#"\Qa.b\E+c"#)), ["a.b"])
        XCTAssertEqual(strings(RequiredLiterals.of(#"(?<=\bfoo )bar"#)), ["bar"])
        XCTAssertEqual(strings(RequiredLiterals.of(#"ab(?=cd)cde"#)), ["abcde"])
        XCTAssertEqual(strings(RequiredLiterals.of(#"(?i:Straße)\x{41}"#)), ["StraßeA"])
        // No requirement: something optional, or a class too wide, or syntax the analysis does not follow.
        XCTAssertNil(RequiredLiterals.of(#"^\w+$"#))
        XCTAssertNil(RequiredLiterals.of(#"(foo)?bar|.*"#))
        XCTAssertNil(RequiredLiterals.of(#"(?x) a b c"#))
        XCTAssertNil(RequiredLiterals.of("abc", options: .extended))
        XCTAssertNil(RequiredLiterals.of(#"(*UCP)abc"#))
        XCTAssertNil(RequiredLiterals.of(#"(?(1)a|b)"#))
        XCTAssertNil(RequiredLiterals.of(#"[^abc]+"#))
    }

    func testAnchoredPatternsGetPrefixesAfterTheirLead() {
        func prefixes(_ source: String) -> (Set<String>?, RequiredLiterals.CharacterSet?) {
            let analysis = RequiredLiterals.analyse(source, options: .caseInsensitive)
            return (strings(analysis?.prefixes), analysis?.prefixes == nil ? nil : analysis?.lead)
        }
        XCTAssertEqual(prefixes("^(skip|jump) to").0, ["skip to", "jump to"])
        XCTAssertEqual(prefixes("^(skip|jump) to").1, RequiredLiterals.CharacterSet())
        let menu = prefixes(#"^[☰≡]?\s*(menu|home)\s*$"#)
        XCTAssertEqual(menu.0, ["menu", "home"])
        XCTAssertEqual(menu.1, RequiredLiterals.CharacterSet(scalars: Set("☰≡".unicodeScalars.map(\.value)), space: true))
        let time = prefixes(#"^\d{1,3}\s?(min|h)( ago)?$"#)
        XCTAssertEqual(time.0, ["min", "h", "min ago", "h ago"])
        XCTAssertEqual(time.1, RequiredLiterals.CharacterSet(space: true, digit: true))
        XCTAssertEqual(prefixes(#"^(\d+\s*)?comments?"#).0, ["comment", "comments"])
        XCTAssertEqual(prefixes(#"^(v\.?\s?i|verantwortlich)"#).0, ["v.", "v", "verantwortlich"])
        XCTAssertEqual(prefixes(#"\A(?:foo|bar)x"#).0, ["foox", "barx"])
        // Not anchored: multiline mode, a branch without ^, a start that is not a lead.
        XCTAssertNil(prefixes("(?m)^menu").0)
        XCTAssertNil(RequiredLiterals.analyse("^menu", options: .multiline)?.prefixes)
        XCTAssertNil(prefixes("^menu|home").0)
        XCTAssertNil(prefixes(#"^.{1,50} says:$"#).0)
        XCTAssertNil(prefixes(#"^\w+ says"#).0)
    }

    /// What the prefilter takes for white space and digits in a lead holds at least every
    /// character PCRE2's `\s` and `\d` match, over the whole code space.
    func testLeadClassesCoverWhatPCRE2Matches() throws {
        var subject: [UInt8] = []
        for value in UInt32(0)...0x10FFFF { if let scalar = Unicode.Scalar(value) { subject += Array(String(scalar).utf8) } }
        for (source, covered) in [(#"[\s\h\v]"#, RequiredLiterals.CharacterSet(space: true)), (#"\d"#, RequiredLiterals.CharacterSet(digit: true))] {
            let pattern = try Pattern(source)
            let test = LeadTest(covered)
            var missed: [String] = []
            try subject.withUnsafeBufferPointer { buffer in
                for range in try pattern.allMatches(in: buffer, scratch: scratch) {
                    let scalar = CaseFolding.decode(buffer, at: range.lowerBound)
                    if !test.mayHold(scalar) { missed.append(String(format: "U+%04X", scalar)) }
                }
            }
            XCTAssertEqual(missed, [], source)
        }
        // `LeadTest` asks Unicode's tables about digits only from U+0660 on: none lies below it past ASCII.
        let early = (UInt32(0x80)..<0x660).filter { Unicode.Scalar($0)?.properties.generalCategory == .decimalNumber }
        XCTAssertEqual(early, [])
    }

    func testBackReferencesAndQuantifiersOnlyWeaken() {
        XCTAssertEqual(strings(RequiredLiterals.of(#"(ab)\1cd"#)), ["ab"])
        XCTAssertEqual(strings(RequiredLiterals.of(#"x{2,}yz"#)), ["yz"])
        XCTAssertEqual(strings(RequiredLiterals.of(#"a{,3}bcd"#)), ["bcd"])
        XCTAssertEqual(strings(RequiredLiterals.of(#"a{x}"#)), ["a{x}"])
    }

    /// Every scalar that PCRE2 matches caselessly for a letter of the rules lies in the blocks
    /// the folding searches (checked over the whole code space).
    func testCaselessClassesStayInsideTheCasedBlocks() throws {
        let letters = "abcdefghijklmnopqrstuvwxyzàáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßœąćęłńśźżčďěňřšťůžğışабвгдеёжзийклмнопрстуфхцчшщъыьэюяєіїґαβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώ"
        var subject: [UInt8] = []
        for value in UInt32(0)...0x10FFFF { if let scalar = Unicode.Scalar(value) { subject += Array(String(scalar).utf8) } }
        let pattern = try Pattern("[" + letters + "]", options: .caseInsensitive)
        var outside: [String] = []
        try subject.withUnsafeBufferPointer { buffer in
            for range in try pattern.allMatches(in: buffer, scratch: scratch) {
                let scalar = CaseFolding.decode(buffer, at: range.lowerBound)
                if scalar >= 0x80 && !CaseFolding.casedRanges.contains(where: { $0.contains(scalar) }) {
                    outside.append(String(format: "U+%04X", scalar))
                }
            }
        }
        XCTAssertEqual(outside, [])
    }

    /// Outside the cased blocks, no character has a case mapping or folding in Unicode (Swift's data).
    func testNoCaseMappingOutsideTheCasedBlocks() {
        var found: [String] = []
        for value in UInt32(0x80)...0x10FFFF where !CaseFolding.casedRanges.contains(where: { $0.contains(value) }) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let p = scalar.properties
            if p.changesWhenCaseMapped || p.changesWhenCaseFolded { found.append(String(format: "U+%04X", value)) }
        }
        XCTAssertEqual(found, [])
    }

    func testFoldingMergesWhatPCRE2Merges() {
        let folding = CaseFolding(covering: Set("kselσ".unicodeScalars.map(\.value) + [0x0431]))
        XCTAssertEqual(folding.fold(0x212A), folding.fold(0x6B))   // KELVIN SIGN ~ k
        XCTAssertEqual(folding.fold(0x17F), folding.fold(0x73))    // LATIN SMALL LETTER LONG S ~ s
        XCTAssertEqual(folding.fold(0x3A3), folding.fold(0x3C3))   // Σ ~ σ
        XCTAssertEqual(folding.fold(0x3C2), folding.fold(0x3C3))   // ς ~ σ
        XCTAssertEqual(folding.fold(0x411), folding.fold(0x431))   // Б ~ б
        XCTAssertEqual(folding.fold(0x45), 0x65)
    }

    /// The first bytes no subject marked by a prefix gate starts with: neither in the lead nor,
    /// folded, the first byte of a prefix. Bytes of three- and four-byte characters are kept.
    func testFirstBytesAPrefixGateTurnsAway() {
        let folding = CaseFolding(covering: Set("copyright sitemap".unicodeScalars.map(\.value)))
        let characters = PrefixWalkFirstBytes(folding: folding, leads: [LeadTest(.init()), LeadTest(.init(space: true))])
        let afterSpace = characters.turnedAway(prefixes: [Array("copyright".utf8)], leadGroup: 1)
        for byte in Array(" \tcC".utf8) + [0xC2, 0xE2] { XCTAssertFalse(afterSpace[Int(byte)], "\(byte)") }  // U+00A0, U+2003
        for byte in Array("aZ1.".utf8) + [0xC3, 0xD0] { XCTAssertTrue(afterSpace[Int(byte)], "\(byte)") }
        let atStart = characters.turnedAway(prefixes: [Array("copyright".utf8)], leadGroup: 0)
        XCTAssertTrue(atStart[0x20])
        XCTAssertFalse(atStart[Int(UInt8(ascii: "C"))])
        // LONG S folds to "s".
        XCTAssertFalse(characters.turnedAway(prefixes: [Array("sitemap".utf8)], leadGroup: 0)[0xC5])
    }

    /// PCRE2's own bounds: the fewest characters, and for anchored patterns the first bytes.
    func testMatchStartOfAnchoredPatterns() throws {
        let pager = MatchStart(try Pattern(#"^[«‹<]?\s*\d{1,3}(\s+\d{1,3}){1,12}$"#, options: .caseInsensitive))
        XCTAssertEqual(pager.minimumLength, 3)
        let pagerBytes = try XCTUnwrap(pager.firstBytes)
        for byte in Array("1< ".utf8) + [0xC2, 0xD9, 0xE2, 0xF0] { XCTAssertTrue(pagerBytes[Int(byte)], "\(byte)") }  // «, ٣, U+2003, 𝟏
        for byte in Array("aZ.".utf8) + [0xD0, 0xC3] { XCTAssertFalse(pagerBytes[Int(byte)], "\(byte)") }
        let stars = try XCTUnwrap(MatchStart(try Pattern("^[★☆✩✪⭐ ]{3,}x", options: .caseInsensitive)).firstBytes)
        XCTAssertEqual((0..<256).filter { stars[$0] }, [0x20, 0xE2])
        // Characters whose other cases start with other bytes: KELVIN SIGN, LONG S, final sigma.
        XCTAssertTrue(try XCTUnwrap(MatchStart(try Pattern("^k", options: .caseInsensitive)).firstBytes)[0xE2])
        XCTAssertTrue(try XCTUnwrap(MatchStart(try Pattern("^s", options: .caseInsensitive)).firstBytes)[0xC5])
        XCTAssertTrue(try XCTUnwrap(MatchStart(try Pattern("^σ", options: .caseInsensitive)).firstBytes)[0xCF])
        XCTAssertFalse(try XCTUnwrap(MatchStart(try Pattern("^k")).firstBytes)[Int(UInt8(ascii: "K"))])
        // Not anchored, or not only at the start: no first bytes.
        XCTAssertNil(MatchStart(try Pattern("k")).firstBytes)
        XCTAssertNil(MatchStart(try Pattern("^k", options: .multiline)).firstBytes)
        XCTAssertNil(MatchStart(try Pattern("(?m)^k")).firstBytes)
        // May match the empty string: every byte; unless the end must follow.
        XCTAssertNil(MatchStart(try Pattern(#"^\W*"#)).firstBytes)
        XCTAssertFalse(try XCTUnwrap(MatchStart(try Pattern(#"^\W*$"#)).firstBytes)[Int(UInt8(ascii: "a"))])
        XCTAssertEqual(MatchStart(try Pattern("^a?")).minimumLength, 0)
    }

    /// The probes run as JIT code for a pattern with many lead bytes to try, and without
    /// capturing groups: the first bytes must be those the interpreter finds with the pattern
    /// as written (named groups and references by number fall back to it).
    func testFastProbesFindWhatTheInterpreterFinds() throws {
        let sources = [
            #"^[»›>▶►→]?\s*(read (more|also|next)|see also|more|weiter|читайте)\s*[:|»›–-]"#,
            #"^[«‹<]?\s*\d{1,3}(\s+\d{1,3}){1,12}$"#,
            #"^\p{L}+ \d{1,2},? \d{4}$|^\d{1,2} \p{L}+ \d{4}$"#,
            #"^(\p{Lu}[\p{L}.'’-]*\s){1,3}(writes|reports)"#,
            #"^(?:(?![|–—-]\s)\S+\s+){2,}[|–—-]\s+[^|–—]{2,60}$"#,
            #"^(a|b)\1x"#, #"^(?<word>\w+) \k<word>"#, #"^(x)?(?(1)y|z)"#, #"^(?|(a)|(b))\s*\1"#,
            #"^\s*ſ"#, #"^\W*$"#, #"^[^a-z]{2}"#, #"\A(?=\d)\w+"#, #"^.{1,50} (says|sagt):$"#,
        ]
        for source in sources {
            for options: Pattern.Options in [[], .caseInsensitive] {
                let pattern = try Pattern(source, options: options)
                XCTAssertEqual(MatchStart(pattern, probes: .fastest), MatchStart(pattern, probes: .interpreted), "\(options) \(source)")
            }
        }
    }

    /// The table of keys keeps a string's pattern and the start of its key's other strings in
    /// sixteen bits: in a pack with more than 65,535 strings of four bytes or more, the patterns
    /// past that are not gated by their strings but run on every subject, so the pack loads (no
    /// trap on a sixteen-bit conversion) and candidates stay a superset of the matches.
    func testPatternsPastTheKeyTablesLimitAlwaysRun() throws {
        // 1,030 patterns of 64 distinct eight-byte strings each: 65,920 strings.
        let patterns = try (0..<1030).map { p in
            try Pattern("(" + (0..<64).map { s in String(format: "q%04dk%02d", p, s) }.joined(separator: "|") + ")", options: [])
        }
        let prefilter = PatternPrefilter(patterns: patterns)
        let gated = prefilter.gates.filter { if case .contains = $0 { return true } else { return false } }.count
        XCTAssertEqual(gated, 65_535 / 64)
        XCTAssertEqual(prefilter.gates.last, .always)
        let scratch = PrefilterScratch()
        func isCandidate(_ pattern: Int, in text: String) -> Bool {
            var bytes = Array(text.utf8)
            return bytes.withUnsafeMutableBufferPointer {
                prefilter.candidates(in: UnsafeBufferPointer($0), scratch: scratch)[pattern / 64] >> UInt64(pattern % 64) & 1 == 1
            }
        }
        for pattern in [0, gated - 1, gated, 1029] {
            let text = "see " + String(format: "q%04dk%02d", pattern, 63) + " here"
            XCTAssertTrue(isCandidate(pattern, in: text), "pattern \(pattern)")
            XCTAssertTrue(try patterns[pattern].matches(text, scratch: MatchScratch()), "pattern \(pattern)")
        }
        XCTAssertFalse(isCandidate(0, in: "q0001k00 only"))
        XCTAssertTrue(isCandidate(1029, in: "nothing of it"))
    }

    /// The pager numbers and star ratings are gated by their first bytes, not by a space.
    func testFirstBytesGateAnchoredPatterns() throws {
        let patterns = [try Pattern(#"^[«‹<]?\s*\d{1,3}(\s+\d{1,3}){1,12}$"#, options: .caseInsensitive),
                        try Pattern(#"^[★☆✩✪⭐ ]{3,}(\s*\(?\d+\)?)?$"#, options: .caseInsensitive)]
        let prefilter = PatternPrefilter(patterns: patterns)
        XCTAssertEqual(prefilter.gates, [.always, .always])
        let scratch = PrefilterScratch()
        func candidates(_ text: String) -> UInt64 {
            var bytes = Array(text.utf8)
            return bytes.withUnsafeMutableBufferPointer { prefilter.candidates(in: UnsafeBufferPointer($0), scratch: scratch)[0] }
        }
        XCTAssertEqual(candidates("Read the whole story here"), 0)
        XCTAssertEqual(candidates("Привет мир"), 0)
        XCTAssertEqual(candidates("12"), 0)  // shorter than any match of either
        XCTAssertEqual(candidates("1 2 3"), 1)
        XCTAssertEqual(candidates("« 1 2 3"), 1)
        XCTAssertEqual(candidates("★★★★☆ (12)") & 2, 2)
        XCTAssertEqual(candidates(""), 0)
    }

    /// A prefix of one byte would let every line starting with it through: longer strings the
    /// pattern must contain gate it instead, and it still finds every match.
    func testOneBytePrefixGivesWayToLongerContainedStrings() throws {
        let patterns = [try Pattern(#"^s.inscrire$"#, options: .caseInsensitive),
                        try Pattern(#"^(\d+\s*)?j.aime$"#, options: .caseInsensitive),
                        try Pattern(#"^se connecter$"#, options: .caseInsensitive),
                        try Pattern(#"^s.x$"#, options: .caseInsensitive)]
        let prefilter = PatternPrefilter(patterns: patterns)
        XCTAssertEqual(prefilter.gates[0], .contains([Array("inscrire".utf8)]))
        XCTAssertEqual(prefilter.gates[1], .contains([Array("aime".utf8)]))
        guard case .prefix = prefilter.gates[2], case .prefix = prefilter.gates[3] else {
            return XCTFail("a longer prefix, or no longer string, keeps the prefix gate: \(prefilter.gates)")
        }
        let scratch = PrefilterScratch()
        func candidates(_ text: String) -> UInt64 {
            var bytes = Array(text.utf8)
            return bytes.withUnsafeMutableBufferPointer { prefilter.candidates(in: UnsafeBufferPointer($0), scratch: scratch)[0] }
        }
        XCTAssertEqual(candidates("S’inscrire") & 1, 1)
        XCTAssertEqual(candidates("Sign in") & 1, 0)
        XCTAssertEqual(candidates("12 J'aime") & 2, 2)
        XCTAssertEqual(candidates("Jobs") & 2, 0)
        for text in ["S’inscrire", "s'inscrire", "12 J’aime", "j'aime", "Se connecter", "S-x"] {
            let bits = candidates(text)
            for (index, pattern) in patterns.enumerated() where try pattern.matches(text, scratch: self.scratch) {
                XCTAssertEqual(bits >> UInt64(index) & 1, 1, "\(pattern.source) matches \(text)")
            }
        }
    }

    /// Random subjects against random patterns: whenever PCRE2 finds a match, the prefilter
    /// lists the pattern as a candidate.
    func testPrefilterNeverSkipsAMatchingPattern() throws {
        let sources = [
            "(cookie|privacy) (policy|notice)", #"^(\d+\s+)?comments?$"#, "Straße", "STRASSE", "(?-i)Kelvin", "ſtop",
            #"^[↑⇧▲^]?\s*(back to top|nach oben)"#, "σοφία", "ΣΟΦΊΑ", "Бизнес", "(?<=\\bfoo )bar", #"\bk\b"#,
            #"^\Qa.b\E"#, "[|•·]", "x{2,}yz", "all rights reserved|alle rechte vorbehalten", "déjà vu", "ÉTÉ",
            "(ab)\\1", "i̇stanbul", "ǅemal", "ﬁne", "İstanbul", "ıi", "µm", "ÅNGSTRÖM", "ⅷ", "ⓐⓑ", "ꭰꭱ",
            #"^\s*(menu|home)$"#, #"^[☰≡×]?\s*(menu|close)"#, #"^\d{1,3}\s?(min|h|d)( ago)?$"#, #"^(\d+\s*)?comments?$"#,
            #"^[»›]?\s*(lire|read) "#, #"^\d([.,]\d)?\s*(von|of|/)\s*5"#, #"^(page|seite) \d+"#, #"\Acookie"#,
            #"^[«‹<]?\s*\d{1,3}(\s+\d{1,3}){1,12}$"#, #"^[★☆ ]{3,}(\s*\d+)?$"#, "^k", "^s", "^(?=x)", #"^\W*$"#, "(?s)^.*bar",
            #"^(?!ab)a."#, #"^\p{Lu}"#, "^σ",
        ]
        var patterns: [Pattern] = []
        for source in sources {
            patterns.append(try Pattern(source, options: .caseInsensitive))
            patterns.append(try Pattern(source))
        }
        let prefilterScratch = PrefilterScratch()
        let pieces = ["cookie", "COOKIE", " ", "Policy", "privacy", "notice", "12 ", "Comments", "comment", "straße", "STRASSE",
                      "ſtop", "ſ", "K", "k", "\u{212A}elvin", "KELVIN", "↑", "back to top", "σοφία", "ΣΟΦΊΑ", "σοφίας", "бизнес",
                      "БИЗНЕС", "foo ", "bar", "a.b", "|", "•", "xxyz", "ALL RIGHTS RESERVED", "alle Rechte vorbehalten", "DÉJÀ VU",
                      "été", "abab", "İstanbul", "istanbul", "ISTANBUL", "Ǆemal", "ǆemal", "ﬁne", "FINE", "ıi", "II", "µm", "μm",
                      "Μm", "ångström", "\u{212B}ngström", "Ⅷ", "ⅷ", "ⒶⒷ", "ⓐⓑ", "ᎠᎡ", "ꭰꭱ", "é", "É", "\u{1E9E}", "ß", "x", ".",
                      "menu", "HOME", "☰", "≡", "× ", "\u{3000}", "\u{2003}", "12", "3 ", "٣", "١٢", "min", " ago", "h", "d",
                      "comments", "»", "› ", "read ", "Lire ", "4,5", " von ", "/", "5", "Page ", "Seite ", "Cookie", "\t",
                      "★", "☆", "« ", "<", "1 2 3", " 45", "٣ ٤", "S", "\u{17F}", "ac", "Σ", "ς", "xy", "-"]
        // Keys chosen without a table of frequencies, and with one that scores the windows of the
        // patterns and pieces at random (keys at every offset of a string).
        var scores: [UInt32: UInt8] = [:]
        for text in sources + pieces {
            let bytes = Array(text.lowercased().utf8)
            for start in bytes.indices.dropLast(3) { scores[PatternPrefilter.window(bytes, at: start)] = UInt8.random(in: 0...9) }
        }
        let prefilters = [PatternPrefilter(patterns: patterns),
                          PatternPrefilter(patterns: patterns, frequencies: WindowFrequencies(scores: scores))]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<8000 {
            let prefilter = prefilters[round % 2]
            var subject = ""
            for _ in 0..<Int.random(in: 1...6, using: &generator) { subject += pieces.randomElement(using: &generator)! }
            var bytes = Array(subject.utf8)
            try bytes.withUnsafeMutableBufferPointer { mutable in
                let buffer = UnsafeBufferPointer(mutable)
                let bits = prefilter.candidates(in: buffer, scratch: prefilterScratch)
                for (index, pattern) in patterns.enumerated() where try pattern.matches(buffer, scratch: scratch) {
                    XCTAssertTrue(bits[index / 64] & (1 << UInt64(index % 64)) != 0,
                                  "pattern \(pattern.inlineSource.debugDescription) matches \(subject.debugDescription) but was skipped")
                }
                // Patterns ruled out by the caller are the only ones missing (so scans that skip
                // them, or are skipped, lose nothing else); all of them out leaves none.
                let all = Array(UnsafeBufferPointer(start: bits, count: prefilter.words))
                var excluded = (0..<prefilter.words).map { _ in UInt64.random(in: 0...UInt64.max, using: &generator) & UInt64.random(in: 0...UInt64.max, using: &generator) }
                if round % 7 == 0 { excluded = Array(repeating: ~0, count: prefilter.words) }
                let kept = prefilter.candidates(in: buffer, scratch: prefilterScratch, excluding: excluded)
                for word in 0..<prefilter.words {
                    XCTAssertEqual(kept[word], all[word] & ~excluded[word], "subject \(subject.debugDescription)")
                }
            }
        }
    }

    /// Built on several threads, a prefilter is the one built on one: the same first bytes and
    /// lengths, the same candidates for any text (the patterns' analyses are kept in their order).
    func testPrefilterBuiltOnSeveralThreadsIsTheSame() throws {
        let sources = ["(cookie|privacy) (policy|notice)", #"^(\d+\s+)?comments?$"#, "Straße", #"^[«‹<]?\s*\d{1,3}(\s+\d{1,3}){1,12}$"#,
                       #"^[☰≡×]?\s*(menu|close)"#, "all rights reserved|alle rechte vorbehalten", #"^\p{Lu}"#, "σοφία", "^s", "[|•·]",
                       #"^(page|seite) \d+"#, "x{2,}yz", #"^[★☆ ]{3,}(\s*\d+)?$"#, "déjà vu", #"^\s*(menu|home)$"#]
        var patterns: [Pattern] = []
        for _ in 0..<4 {   // enough patterns for every thread to take several, in any order
            for source in sources { patterns.append(try Pattern(source, options: .caseInsensitive)); patterns.append(try Pattern(source)) }
        }
        let alone = PatternPrefilter(patterns: patterns)
        let shared = PatternPrefilter(patterns: patterns, threads: 4)
        XCTAssertEqual(alone.matchStarts, shared.matchStarts)
        XCTAssertEqual(patterns.indices.map(alone.isUngated), patterns.indices.map(shared.isUngated))
        let scratch = PrefilterScratch()
        let pieces = ["cookie ", "Policy", "12 ", "comments", "STRASSE", "« 1 2 3", "☰ menu", "All rights reserved", "Σοφία",
                      "s", "|", "Seite 4", "xxyz", "★★★ 5", "déjà vu", "home", " ", "é"]
        for _ in 0..<2000 {
            var bytes = Array((0..<Int.random(in: 1...5)).map { _ in pieces.randomElement()! }.joined().utf8)
            bytes.withUnsafeMutableBufferPointer { mutable in
                let buffer = UnsafeBufferPointer(mutable)
                let one = Array(UnsafeBufferPointer(start: alone.candidates(in: buffer, scratch: scratch), count: alone.words))
                let other = Array(UnsafeBufferPointer(start: shared.candidates(in: buffer, scratch: scratch), count: shared.words))
                XCTAssertEqual(one, other, String(decoding: buffer, as: UTF8.self))
            }
        }
    }

    /// `concurrentMap` keeps the order of `map`, for any number of threads and elements.
    func testConcurrentMapKeepsTheOrder() {
        for count in [0, 1, 2, 3, 17, 1000] {
            let numbers = Array(0..<count)
            for threads in [1, 2, 3, 8] {
                XCTAssertEqual(numbers.concurrentMap(threads: threads) { $0 * 3 + 1 }, numbers.map { $0 * 3 + 1 }, "\(count) on \(threads)")
            }
        }
    }

    /// Every contained string of two to fourteen bytes is found wherever it stands: each is put
    /// at odd and even offsets, at the text's start and end, and beside bytes that almost
    /// complete it; and none is found where only part of it stands.
    func testContainedStringsAreFoundAtEveryOffset() throws {
        let strings = ["ab", "xyz", "more", " at ", "más", "hrb ", "cookie", "abcde", "bcdef", "privacy policy",
                       "zzzzz", "a\u{00E9}b", "nachdruck", "все права"]
        let patterns = try strings.map { try Pattern($0) }  // no metacharacters in them
        let prefilter = PatternPrefilter(patterns: patterns)
        for (index, gate) in prefilter.gates.enumerated() {
            XCTAssertEqual(gate, .contains([Array(strings[index].utf8)]), "pattern \(index) gated by its string")
        }
        let scratch = PrefilterScratch()
        let fillers = ["", "q", "qq", "qqq", "a", "ab", "m", "z", "zzzz", "\u{00E9}", "h", "hr", "coo", "privacy polic"]
        for (index, string) in strings.enumerated() {
            for before in fillers {
                for after in fillers {
                    var bytes = Array((before + string + after).utf8)
                    let bits = bytes.withUnsafeMutableBufferPointer { prefilter.candidates(in: UnsafeBufferPointer($0), scratch: scratch) }
                    XCTAssertTrue(bits[0] >> UInt64(index) & 1 == 1, "\(string.debugDescription) in \((before + string + after).debugDescription)")
                }
            }
            // Cut short at either end, the string is not found (unless a filler completes it).
            let utf8 = Array(string.utf8)
            for cut in [Array(utf8.dropFirst()), Array(utf8.dropLast())] {
                for before in ["", "q", "qq", "qqq"] {
                    var bytes = Array(before.utf8) + cut
                    let bits = bytes.withUnsafeMutableBufferPointer { prefilter.candidates(in: UnsafeBufferPointer($0), scratch: scratch) }
                    let found = bits[0] >> UInt64(index) & 1 == 1
                    XCTAssertEqual(found, bytes.contains(subsequence: utf8), "\(string.debugDescription) cut to \(cut)")
                }
            }
        }
    }

    /// A string of each length from four to the longest kept is found at every offset of a
    /// text, up to its very end, and not found when any one of its bytes differs: the table of
    /// keys keeps each string's first eight bytes with a mask made once, and its length and its
    /// key's offset in a byte each.
    func testContainedStringsOfEveryLengthAreFoundExactly() throws {
        let alphabet = Array("qwertyuiopasdfghjklzxcvbnm".utf8)
        let strings = (4...PatternPrefilter.defaultLiteralBytes).map { length in
            String(decoding: (0..<length).map { alphabet[($0 * 7 + length) % alphabet.count] }, as: UTF8.self)
        }
        let patterns = try strings.map { try Pattern($0) }
        let prefilter = PatternPrefilter(patterns: patterns)
        let scratch = PrefilterScratch()
        for (index, string) in strings.enumerated() {
            let utf8 = Array(string.utf8)
            for offset in 0..<10 {
                for after in [0, 1, 9] {
                    let filler = [UInt8](repeating: 0x20, count: offset)
                    var bytes = filler + utf8 + [UInt8](repeating: 0x20, count: after)
                    var bits = bytes.withUnsafeMutableBufferPointer { prefilter.candidates(in: UnsafeBufferPointer($0), scratch: scratch) }
                    XCTAssertTrue(bits[0] >> UInt64(index) & 1 == 1, "\(string) at \(offset)")
                    for position in utf8.indices {
                        var changed = utf8
                        changed[position] = 0x2E  // "."
                        bytes = filler + changed + [UInt8](repeating: 0x20, count: after)
                        bits = bytes.withUnsafeMutableBufferPointer { prefilter.candidates(in: UnsafeBufferPointer($0), scratch: scratch) }
                        XCTAssertFalse(bits[0] >> UInt64(index) & 1 == 1, "\(string) changed at \(position), at \(offset)")
                    }
                }
            }
        }
    }

    /// A long segment is scanned a slice at a time: a string found across the border of two
    /// slices, at every offset around it, and nothing found in a long text without it.
    func testContainedStringsAreFoundAcrossScanSlices() throws {
        let strings = ["ab", "xyz", "more", "cookie", "privacy policy", "a\u{00E9}b"]
        let patterns = try strings.map { try Pattern($0) }
        let prefilter = PatternPrefilter(patterns: patterns)
        let scratch = PrefilterScratch()
        let border = PatternPrefilter.scanSlice
        for (index, string) in strings.enumerated() {
            let utf8 = Array(string.utf8)
            for offset in (border - utf8.count - 2)...(border + 2) {
                var bytes = [UInt8](repeating: 0x71, count: offset) + utf8 + [UInt8](repeating: 0x71, count: 40)   // "q"
                let bits = bytes.withUnsafeMutableBufferPointer { prefilter.candidates(in: UnsafeBufferPointer($0), scratch: scratch) }
                XCTAssertTrue(bits[0] >> UInt64(index) & 1 == 1, "\(string.debugDescription) at \(offset)")
            }
        }
        var plain = [UInt8](repeating: 0x71, count: 3 * border + 7)
        let bits = plain.withUnsafeMutableBufferPointer { prefilter.candidates(in: UnsafeBufferPointer($0), scratch: scratch) }
        XCTAssertEqual(bits[0], 0)
    }

    /// A text of one slice is scanned in one call, a longer one a slice at a time: strings at
    /// the start and at the very end of texts around that length are found either way.
    func testContainedStringsAreFoundInTextsAroundOneSlice() throws {
        let strings = ["ab", "xyz", "more", "cookie"]
        let patterns = try strings.map { try Pattern($0) }
        let prefilter = PatternPrefilter(patterns: patterns)
        let scratch = PrefilterScratch()
        for (index, string) in strings.enumerated() {
            let utf8 = Array(string.utf8)
            for length in (PatternPrefilter.scanSlice - 1)...(PatternPrefilter.scanSlice + 3) {
                let filler = [UInt8](repeating: 0x71, count: length - utf8.count)   // "q"
                for var bytes in [utf8 + filler, filler + utf8] {
                    let bits = bytes.withUnsafeMutableBufferPointer { prefilter.candidates(in: UnsafeBufferPointer($0), scratch: scratch) }
                    XCTAssertTrue(bits[0] >> UInt64(index) & 1 == 1, "\(string.debugDescription) in \(length) bytes")
                }
            }
        }
    }

    /// The prefix table (walked by the C kernel) finds exactly the prefixes a text starts with
    /// (of every length up to sixteen bytes, zero bytes included), against a plain comparison,
    /// and only those of the lead groups alive.
    func testPrefixTableFindsExactlyThePrefixesATextStartsWith() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0, 0x20, 0x61, 0x62, 0xC3, 0xA9, 0xFF]
        func randomBytes(_ range: ClosedRange<Int>) -> [UInt8] {
            (0..<Int.random(in: range, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
        }
        // No character in any lead: the walk stops after the text's start.
        let noLeads = [UInt64](repeating: 0, count: 0x800)
        for _ in 0..<20 {
            var prefixes: [[UInt8]: [(pattern: Int32, group: Int32)]] = [:]
            for index in 0..<Int.random(in: 1...300, using: &generator) {
                prefixes[randomBytes(1...16), default: []].append((Int32(index), Int32(index % 3)))
            }
            let table = PrefixTable(prefixes.flatMap { prefix, members in
                members.map { PrefixTable.Member(prefix: prefix, pattern: $0.pattern, group: $0.group) }
            })
            noLeads.withUnsafeBufferPointer { noLeads in
                var tables = table.tables(leadGroups: noLeads.baseAddress!)
                for _ in 0..<300 {
                    let text = randomBytes(0...20)
                    let padded = text + [UInt8](repeating: 0x61, count: 16)
                    for groups: UInt64 in [0b111, 0b110, 0b001] {
                        var bits = [UInt64](repeating: 0, count: 5), alive = groups
                        let end = padded.withUnsafeBufferPointer { pk_walk_prefixes($0.baseAddress, text.count, 0, &tables, &alive, &bits) }
                        // The walk ends there, or hands back a first character of three bytes or more
                        // (or a lead byte alone).
                        let first = text.first ?? 0
                        let handedBack = groups & ~1 != 0 && (first >= 0xE0 || first >= 0x80 && text.count == 1)
                        XCTAssertEqual(end, handedBack ? 0 : text.count + 1)
                        var expected = [UInt64](repeating: 0, count: 5)
                        for (prefix, members) in prefixes where text.starts(with: prefix) {
                            for member in members where groups >> UInt64(member.group) & 1 != 0 {
                                expected[Int(member.pattern) / 64] |= 1 << UInt64(member.pattern % 64)
                            }
                        }
                        XCTAssertEqual(bits, expected, "text \(text), groups \(groups)")
                    }
                }
            }
        }
    }

    /// The fold (the C kernel's `pk_fold`) gives the bytes of folding each character on its own,
    /// on text and on broken UTF-8 (stray continuation bytes, sequences cut short).
    func testFoldGivesTheBytesOfFoldingEachCharacter() throws {
        let patterns = try ["kelvin", "σοφία", "бизнес", "straße", "ſtop", "Ǆemal", "ÅNGSTRÖM"].map { try Pattern($0, options: .caseInsensitive) }
        let prefilter = PatternPrefilter(patterns: patterns)
        let folding = prefilter.folding
        // The reference: a character at a time, as the scan once did.
        func reference(_ bytes: [UInt8]) -> [UInt8] {
            var out: [UInt8] = []
            var i = 0
            bytes.withUnsafeBufferPointer { buffer in
                while i < bytes.count {
                    let byte = bytes[i]
                    if byte >= 0xC0 && folding.leadByteFolds[Int(byte)] {
                        let (scalar, length) = PatternPrefilter.decode(buffer.baseAddress!, at: i, count: bytes.count)
                        let folded = folding.fold(scalar)
                        if folded != scalar {
                            PatternPrefilter.encode(folded) { out.append($0) }
                            i += length
                            continue
                        }
                    }
                    out.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
                    i += 1
                }
            }
            return out
        }
        let pieces: [[UInt8]] = ["Kelvin ", "\u{212A}", "ΣΟΦΊΑ", "σοφίας", "БИЗНЕС", "бизнес", "STRASSE", "ẞ", "ſ", "ǅ", "Ǆ", "Å",
                                 "\u{212B}", "é", "É", "AZ@[`az{", " ", "12345678", "€", "🙂",
                                 // Characters whose lead byte may fold but which do not.
                                 "’“”–—…", "\u{2126}", "Ÿÿ", "ё", "Ё"].map { Array($0.utf8) }
            + [[0x80], [0xBF, 0x80], [0xC3], [0xE2, 0x82], [0xE2, 0x84], [0xD0], [0xF0, 0x9F], [0xC3, 0x41], [0xE2, 0x41, 0x42]]
        // Every character of the first two planes on its own, after a letter (ASCII stays on the word-at-a-time path).
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 32)
        defer { buffer.deallocate() }
        for value in UInt32(0x80)...UInt32(0x1FFFF) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let subject = Array("A\(Character(scalar))".utf8)
            let count = subject.withUnsafeBufferPointer { prefilter.fold($0, into: buffer) }
            XCTAssertEqual(Array(UnsafeBufferPointer(start: buffer, count: count)), reference(subject), "U+\(String(value, radix: 16))")
        }
        var generator = SystemRandomNumberGenerator()
        // Long subjects too: sixteen bytes of ASCII and two-byte letters are folded as a block.
        for _ in 0..<4000 {
            var subject: [UInt8] = []
            for _ in 0..<Int.random(in: 0...24, using: &generator) { subject += pieces.randomElement(using: &generator)! }
            let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 4 * subject.count + 8)
            defer { buffer.deallocate() }
            let count = subject.withUnsafeBufferPointer { prefilter.fold($0, into: buffer) }
            XCTAssertEqual(Array(UnsafeBufferPointer(start: buffer, count: count)), reference(subject), "subject \(subject)")
        }
    }

    /// The C kernel's fold of a run of ASCII (sixteen bytes a step where the CPU has vectors)
    /// agrees with its scalar path and with a plain reference, and writes nothing past the
    /// subject: every byte value at every position of subjects of 0 to 64 bytes, and random
    /// subjects with bytes of every kind (invalid UTF-8 among them).
    func testASCIIFoldKernelMatchesTheReference() {
        let room = 16
        let out = UnsafeMutablePointer<UInt8>.allocate(capacity: 256 + room)
        defer { out.deallocate() }
        func check(_ subject: [UInt8]) {
            let run = subject.firstIndex { $0 >= 0x80 } ?? subject.count
            let expected = subject[..<run].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            for kernel in [pk_fold_ascii, pk_fold_ascii_scalar] {
                out.initialize(repeating: 0xEE, count: subject.count + room)
                let found = subject.withUnsafeBufferPointer { kernel($0.baseAddress, $0.count, out) }
                XCTAssertEqual(found, run, "subject \(subject)")
                XCTAssertEqual(Array(UnsafeBufferPointer(start: out, count: run)), expected, "subject \(subject)")
                XCTAssertTrue(UnsafeBufferPointer(start: out + subject.count, count: room).allSatisfy { $0 == 0xEE }, "subject \(subject)")
            }
        }
        for length in 0...64 {
            // Every ASCII byte (upper and lower case, the neighbours of A, Z, a and z) in turn.
            let ascii = (0..<length).map { UInt8(($0 * 37 + 11) % 128) }
            check(ascii)
            for position in 0..<length {
                for value in 0...255 {
                    var subject = ascii
                    subject[position] = UInt8(value)
                    check(subject)
                }
            }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let length = Int.random(in: 0...256, using: &generator)
            let highShare = [0, 1, 20, 255].randomElement(using: &generator)!
            check((0..<length).map { _ in
                UInt8.random(in: 0...255, using: &generator) < highShare ? UInt8.random(in: 0x80...0xFF, using: &generator)
                                                                          : UInt8.random(in: 0...0x7F, using: &generator)
            })
        }
    }

    /// The C kernel's search for up to eight single bytes at once agrees with its scalar path
    /// and with a plain search: every byte value at every position of texts of 0 to 64 bytes,
    /// and random texts and sets of bytes.
    func testFindBytesKernelMatchesTheReference() {
        func check(_ text: [UInt8], _ wanted: [UInt8]) {
            var expected: UInt32 = 0
            for (k, byte) in wanted.prefix(8).enumerated() where text.contains(byte) { expected |= 1 << UInt32(k) }
            for kernel in [pk_find_bytes, pk_find_bytes_scalar] {
                let found = text.withUnsafeBufferPointer { text in wanted.withUnsafeBufferPointer { kernel(text.baseAddress, text.count, $0.baseAddress, $0.count) } }
                XCTAssertEqual(found, expected, "text \(text), bytes \(wanted)")
            }
            // Sixteen bytes of room past the text, holding the bytes looked for: never found there.
            let padded = text + (0..<16).map { wanted.isEmpty ? 0 : wanted[$0 % wanted.count] }
            let found = padded.withUnsafeBufferPointer { padded in
                wanted.withUnsafeBufferPointer { pk_find_bytes_padded(padded.baseAddress, text.count, $0.baseAddress, $0.count) }
            }
            XCTAssertEqual(found, expected, "padded text \(text), bytes \(wanted)")
        }
        let sets: [[UInt8]] = [[], [0x7C], [0x7C, 0x2C, 0x2D, 0x2F, 0x3E], [0x00, 0xFF, 0x80, 0x41, 0x61, 0x20, 0x7F, 0x0A],
                               [0x2D, 0x2D], Array(0x30...0x39)]
        for length in 0...64 {
            let plain = (0..<length).map { UInt8(0x61 + $0 % 26) }
            for wanted in sets { check(plain, wanted) }
            for position in 0..<length {
                for value in 0...255 {
                    var text = plain
                    text[position] = UInt8(value)
                    check(text, sets[2])
                    check(text, sets[3])
                }
            }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...200, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let wanted = (0..<Int.random(in: 0...8, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            check(text, wanted)
        }
    }

    /// The rolling scan's C kernel (sixteen ends a step with SSE2, and its scalar path) notes
    /// exactly the ends a plain loop notes: every byte value at every position of texts of 0 to
    /// 40 bytes, random texts, with and without groups of short strings; and the window's slot
    /// is the hash the header describes.
    func testScanKernelMatchesTheReference() {
        var generator = SystemRandomNumberGenerator()
        func sparse() -> UInt64 {
            UInt64.random(in: 0...UInt64.max, using: &generator) & UInt64.random(in: 0...UInt64.max, using: &generator)
                & UInt64.random(in: 0...UInt64.max, using: &generator)
        }
        let keyFilter = (0..<1024).map { _ in sparse() | sparse() }, keyMisses = keyFilter.map { ~$0 }
        let twoBits = (0..<1024).map(PatternPrefilter.twoBits)
        let pairGroups = (0..<65536).map { _ in UInt16(truncatingIfNeeded: sparse() & sparse()) }
        // The slot, written out: two hashes of the window's halves, of sixteen bits, their top ten bits.
        func slot(_ window: UInt32) -> Int {
            let high = UInt16(window >> 16), low = UInt16(truncatingIfNeeded: window)
            let word = ((low &* 0x9E37) ^ high) &* 0x7F4B, bits = ((high &* 0xC2B3) ^ low) &* 0x27D5
            return Int(word >> 6) << 10 | Int(bits >> 6)
        }
        for _ in 0..<1000 {
            let window = UInt32.random(in: 0...UInt32.max, using: &generator)
            XCTAssertEqual(Int(pk_window_slot(window)), slot(window))
        }
        func reference(_ text: [UInt8], groups: UInt16) -> [Int] {
            var hits: [Int] = []
            for end in text.indices {
                if end >= 3 {
                    let found = slot(UInt32(text[end - 3]) << 24 | UInt32(text[end - 2]) << 16 | UInt32(text[end - 1]) << 8 | UInt32(text[end]))
                    let bits = twoBits[found & 1023]
                    if keyFilter[found >> 10] & bits == bits { hits.append(end << 1) }
                }
                if groups != 0 && end >= 1 && pairGroups[Int(text[end - 1]) << 8 | Int(text[end])] & groups != 0 { hits.append(end << 1 | 1) }
            }
            return hits
        }
        keyMisses.withUnsafeBufferPointer { keyMisses in
            twoBits.withUnsafeBufferPointer { twoBits in
                pairGroups.withUnsafeBufferPointer { pairGroups in
                    var tables = pk_scan_tables(key_misses: keyMisses.baseAddress, two_bits: twoBits.baseAddress, pair_groups: pairGroups.baseAddress)
                    var hits = [Int](repeating: -1, count: 2 * 400)
                    func check(_ text: [UInt8], groups: UInt16) {
                        let expected = reference(text, groups: groups)
                        // Sixteen bytes of room past the text, which must not count.
                        let padded = text + (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
                        for kernel in [pk_scan, pk_scan_scalar] {
                            let count = padded.withUnsafeBufferPointer { kernel($0.baseAddress, text.count, &tables, groups, &hits) }
                            XCTAssertEqual(Array(hits[0..<count]), expected, "text \(text), groups \(groups)")
                        }
                    }
                    for length in 0...40 {
                        let plain = (0..<length).map { [0x61, 0x20, 0x6E, 0x65, 0xC3, 0xA9][$0 % 6] as UInt8 }
                        for groups: UInt16 in [0, 0xFFFF, 0x0101] { check(plain, groups: groups) }
                        for position in 0..<length {
                            for value in 0...255 {
                                var text = plain
                                text[position] = UInt8(value)
                                check(text, groups: position % 2 == 0 ? 0xFFFF : 0)
                            }
                        }
                    }
                    for _ in 0..<2000 {
                        let text = (0..<Int.random(in: 0...400, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
                        check(text, groups: [0, 1, 0x8000, 0xFFFF].randomElement(using: &generator)!)
                    }
                }
            }
        }
    }

    func testWindowFrequenciesParseTheirTable() {
        let table = WindowFrequencies(parsing: "# comment\n9 \" de \"\n3 \"\\x22a\\x5cb\"\n2 \"\\xc3\\xa9t\\xc3\"\nbad line\n1 \"toolong\"\n1 \"abc\"\n1 \"\\x41bcde\"\n")
        XCTAssertEqual(table.count, 3)
        XCTAssertEqual(table.score(PatternPrefilter.window(Array(" de ".utf8), at: 0)), 9)
        XCTAssertEqual(table.score(PatternPrefilter.window([0x22, 0x61, 0x5C, 0x62], at: 0)), 3)
        XCTAssertEqual(table.score(PatternPrefilter.window([0xC3, 0xA9, 0x74, 0xC3], at: 0)), 2)
        XCTAssertEqual(table.score(PatternPrefilter.window(Array("rare".utf8), at: 0)), 0)
    }

    /// A string is keyed by its least common window in the table.
    func testKeyIsTheLeastCommonWindow() {
        let literal = Array("cookies".utf8)
        let frequencies = WindowFrequencies(scores: [PatternPrefilter.window(literal, at: 0): 5, PatternPrefilter.window(literal, at: 1): 4,
                                                     PatternPrefilter.window(literal, at: 2): 1, PatternPrefilter.window(literal, at: 3): 3])
        XCTAssertEqual(PatternPrefilter.bestWindow(literal, frequencies: frequencies, avoiding: []), 2)
        XCTAssertEqual(PatternPrefilter.bestWindow(Array("abcdef".utf8), frequencies: frequencies, avoiding: []), 0)
    }}
