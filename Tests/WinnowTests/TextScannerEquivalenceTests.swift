import XCTest
@testable import Winnow

/// The measure stage's scanner (the C kernel's word walk: byte tables, word keys looked up as
/// two machine words) against a plain reference: scalar by scalar, words looked up in a
/// dictionary, every word's mask kept. Features, masks, language and stopword counts must agree.
final class TextScannerEquivalenceTests: XCTestCase {
    static let lists = StopwordLists.embedded
    static let dictionary: [[UInt8]: UInt64] = Dictionary(lists.masks.map { (Array($0.key.utf8), $0.value) }, uniquingKeysWith: |)

    /// The measure stage as first written: features of one segment and the mask of each word.
    static func reference(_ text: String, collect: Bool = true) -> (features: Features, masks: [UInt64]) {
        var f = Features()
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty else { return (f, []) }
        var masks: [UInt64] = []
        var token: [UInt8] = []
        var wordStart = true
        var cjk = 0
        func endToken() {
            defer { token = [] }
            guard collect, !token.isEmpty else { return }
            var word = token
            while word.last == 0x2D { word.removeLast() }
            guard !word.isEmpty else { return }
            let longest = lists.longestWordBytes
            var mask = word.count <= longest ? dictionary[word] ?? 0 : 0
            if mask == 0, let apostrophe = word.prefix(4).firstIndex(of: 0x27), apostrophe + 1 <= longest {
                mask = dictionary[Array(word[...apostrophe])] ?? 0
            }
            masks.append(mask)
        }
        for scalar in scalars {
            let v = scalar.value
            f.chars += 1
            if v == 0x20 { endToken(); wordStart = true; continue }
            if TextScanner.isSeparatorMark(v) { f.separators += 1 }
            if wordStart { f.words += 1 }
            var append: UInt32?
            switch TextScanner.classify(v) {
            case .upper(let lower):
                f.letters += 1; f.uppercase += 1
                if wordStart { f.capitalisedWords += 1 }
                append = lower
            case .lower: f.letters += 1; append = v
            case .cjk: f.letters += 1; cjk += 1
            case .digit: f.digits += 1; append = v
            case .apostrophe: if !token.isEmpty { append = 0x27 }
            case .other:
                if v == 0x2D && !token.isEmpty { append = v }   // the hyphen joins ASCII words
            }
            if let append, token.count < 64 { token += Array(String(Unicode.Scalar(append)!).utf8) }
            wordStart = false
        }
        endToken()
        if cjk * 2 > f.letters { f.words = max(f.words, cjk / 2) }
        let last = scalars.reversed().first { !TextScanner.isCloser($0.value) }?.value ?? 0
        f.endsWithPunctuation = TextScanner.isSentenceEnd(last)
        f.endsWithColon = last == 0x3A || last == 0xFF1A
        f.startsWithBullet = TextScanner.isBullet(scalars[0].value) && scalars.count > 1 && scalars[1] == " "
        return (f, masks)
    }

    static let pieces = [
        "the", "The", "THE", "and", "of", "der", "Die", "und", "le", "l'homme", "L’homme", "d'", "qu'il", "it's",
        "don’t", "co-operate", "well-", "-dash", "--", "'quoted'", "\"Quote\"", "(aside)", "[1]", "»", "›", "|", "/",
        ">", "•", "·", "–", "—", "…", "?", "!", ".", ":", "：", "。", "é", "École", "ÉTÉ", "straße", "Straße", "ß",
        "и", "В", "Москва", "ЁЖ", "Ѐ", "Ω", "Ωμέγα", "ελληνικά", "עברית", "العربية", "فارسی", "हिन्दी", "東京都",
        "こんにちは", "한국어", "Ǆ", "ǅ", "Ⅻ", "٣", "12", "3.14", "x²", "𝐀𝐁", "😀", "\u{0301}", "e\u{0301}", "ﬁ",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "ééééééééééééééééééééééééééééééééééééééé-", "abcdefghijklmnop", "abcdefghijklmnopq", "abcdefgh", "abcdefg",
        "über", "Über", "für", "że", "şi", "của", "và", "của-", "Tab\there", "\u{7F}", "a\u{00}b",
        // Words the scanner takes whole (ASCII letters, then punctuation that counts for nothing)
        // and their edges: eight and sixteen letters, letters after the punctuation, joiners,
        // separator marks, digits and other scalars right after the letters.
        "the,", "The.", "and)", "Of;", "it!?", "I,", "A", "x", "(the", "\"The\"", "e.g.", "U.S.", "the\u{1}",
        "abcdefgh,", "ABCDEFGHIJKLMNO", "AbcdefghijklmnoP", "abcdefghijklmnopqrs.", "Wikipedia:", "and|", "or/and",
        "a>b", "abc123", "word-", "l'", "THE’", "die»", "und•", "déjà", "naïve.", "then\u{00A0}", "ȺȾ", "ıİ", "ǅǈ",
        // Words after and before punctuation, with joiners and digits, at and around 16 bytes,
        // and punctuation or controls between their letters.
        "(the)", "'the'", "-the-", "--the", "it's.", "l'homme,", "qu'elle", "co-op", "well--", "2024,", "x86-64",
        "abcdefghijklmno-", "abcdefghijklmn--", "(abcdefghijklmno", "abcdefghijklmnop,", "abcdefghijklmnop-q",
        "3.14", "e.g", "a.b.c", "don't-", "'-'", "-'", "a'b'c'd'e", "the\u{1}", "\u{1}the", "a/b", "tl;dr",
    ] + Array(StopwordLists.embedded.masks.keys.sorted().enumerated().filter { $0.offset % 7 == 0 }.map(\.element))
        // Words longer than 16 bytes, which the kernel asks the table's dictionary for.
        + StopwordLists.embedded.masks.keys.filter { $0.utf8.count > WordMaskTable.inlineBytes }.sorted()

    static func randomText(_ generator: inout SystemRandomNumberGenerator, words: Int) -> String {
        var text = ""
        for k in 0..<words {
            if k > 0 { text += Int.random(in: 0..<6, using: &generator) == 0 ? "" : " " }
            var piece = pieces.randomElement(using: &generator)!
            if Int.random(in: 0..<5, using: &generator) == 0 { piece = piece.uppercased() }
            text += piece
        }
        return text
    }

    /// One segment scanned against the reference: features and the masks kept.
    func assertScanMatchesReference(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        let expected = Self.reference(text)
        var scanner = TextScanner(stopwords: Self.lists)
        defer { scanner.deallocate() }
        var copy = text
        let features = copy.withUTF8 { scanner.scan($0) }
        XCTAssertEqual(features, expected.features, text.debugDescription, file: file, line: line)
        XCTAssertEqual(Array(scanner.masks.buffer), expected.masks.filter { $0 != 0 }, text.debugDescription, file: file, line: line)
    }

    func testSegmentsMatchTheReference() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let text = Self.randomText(&generator, words: Int.random(in: 1...40, using: &generator))
            assertScanMatchesReference(text)
            XCTAssertEqual(FeatureMeasurer.textFeatures(of: text), Self.reference(text, collect: false).features, text)
        }
    }

    func testPagesMatchTheReference() {
        var generator = SystemRandomNumberGenerator()
        let measurer = FeatureMeasurer(stopwords: Self.lists)
        // Long pages cross the language guess's word limit.
        for lines in [1, 5, 40, 400, 900] {
            let texts = (0..<lines).map { _ in Self.randomText(&generator, words: Int.random(in: 1...30, using: &generator)) }
            let page = Normaliser().normalise(Array(texts.joined(separator: "\n").utf8))
            let segments = LineSegmenter().segments(of: page)
            let (features, language) = measurer.measure(segments, in: page)
            let reference = segments.map { Self.reference($0.text) }
            let allMasks = reference.flatMap(\.masks)
            let expectedLanguage = measurer.guesser.guess(masks: allMasks.prefix(FeatureMeasurer.wordsForGuess))
            XCTAssertEqual(language, expectedLanguage)
            let selector = Self.lists.selector(for: expectedLanguage)
            for (index, (f, r)) in zip(features, reference).enumerated() {
                var expected = r.features
                expected.stopwords = r.masks.filter { $0 & selector != 0 }.count
                expected.index = index
                expected.count = segments.count
                XCTAssertEqual(f, expected, segments[index].text)
            }
        }
    }

    /// Every class of scalar the scanner tells apart (ASCII letters, digits, joiners, separator
    /// marks, spaces, controls and other punctuation; cached Latin, Cyrillic and other scalars
    /// below U+3000 of each kind; CJK; scalars asked of Unicode, of two, three and four bytes),
    /// drawn one by one into random segments of up to 60 scalars, mostly ASCII letters and
    /// spaces, so that words cross the 8- and 16-byte edges of the whole-word path.
    static let scalarClasses: [[Unicode.Scalar]] = [
        Array("abcxyzABCXYZ".unicodeScalars), Array("0189".unicodeScalars), ["'", "-"], ["|", "/", ">"], [" "],
        ["\u{0}", "\u{1}", "\t", "\u{7F}"], Array(".,;:!?()[]\"@#~_`{}<=+*&%$^".unicodeScalars),
        Array("éÉßÿÀÞ×÷µªº".unicodeScalars), Array("ёЁжЖѐЀӁ".unicodeScalars), ["\u{2019}", "\u{2022}", "\u{B7}", "\u{BB}", "\u{203A}", "\u{2026}", "\u{A0}"],
        Array("ωΩάΆאب٣۴क१ǅǄⅫ\u{0301}".unicodeScalars), Array("東京こカ한".unicodeScalars), Array("ﬁ＂！：\u{FEFF}".unicodeScalars),
        Array("𝐀𝐚😀𐐀𐐨".unicodeScalars),
    ]

    static func randomScalars(_ generator: inout SystemRandomNumberGenerator) -> String {
        var text = String.UnicodeScalarView()
        // Mostly ASCII letters, so that words reach the 16-byte edge.
        for _ in 0..<Int.random(in: 1...60, using: &generator) {
            let classes = Int.random(in: 0..<3, using: &generator) == 0 ? scalarClasses : [scalarClasses[0], scalarClasses[4]]
            text.append(classes.randomElement(using: &generator)!.randomElement(using: &generator)!)
        }
        return String(text)
    }

    func testRandomScalarsMatchTheReference() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20000 { assertScanMatchesReference(Self.randomScalars(&generator)) }
    }

    /// Every scalar of two UTF-8 bytes (U+0080...U+07FF, read through a table of their own),
    /// alone, inside and around ASCII words, doubled, and at the 64-byte end of a long key
    /// (some lower-case to three bytes, such as U+023A).
    func testEveryTwoByteScalarMatchesTheReference() {
        let long = String(repeating: "a", count: 62)
        for value in UInt32(0x80)..<0x800 {
            let s = String(Unicode.Scalar(value)!)
            for text in [s, "x\(s)y", "\(s)\(s) the", "The \(s)x, \(s)", "l'\(s) \(s)- -\(s)", "\(long)\(s)\(s)", "\(long)b\(s)", "2\(s)9"] {
                assertScanMatchesReference(text)
            }
        }
    }

    /// Every ASCII byte value alone, around, inside and right after words (the whole-word
    /// path's letters, its trailing punctuation and what ends it), and words of every length
    /// from 0 to 70 bytes at and near the segment's end (the kernel reads the last sixteen
    /// bytes from a padded copy).
    func testEveryAsciiByteAndWordLengthMatchesTheReference() {
        for value in UInt8(0)..<0x80 {
            let b = String(UnicodeScalar(value))
            for text in [b, "x\(b)y", "\(b)the", "the\(b)", "The\(b) and", "of\(b)\(b) the", "Abcdefgh\(b) x", "abcdefghijklmno\(b)", "l'\(b)", "\(b)-\(b)"] {
                assertScanMatchesReference(text)
            }
        }
        for length in 0...70 {
            let letters = String(repeating: "a", count: length), upper = String(repeating: "B", count: length)
            for text in [letters, "x \(letters)", "\(upper).", "the \(letters)-", "\(letters)'s", "\(letters)é",
                         "\(upper)\(letters)1 ab", "\(letters)., x'y"] where !text.isEmpty {
                assertScanMatchesReference(text)
            }
        }
    }

    /// Bytes that are not UTF-8 (which the normaliser never lets through: `String` and the
    /// pages are valid) are scanned, sequences cut short at the segment's end included (the
    /// kernel checks that a sequence's bytes are there before it reads them); the counts stay
    /// within the segment's bytes.
    func testInvalidUTF8IsReadWithinTheSegment() {
        var generator = SystemRandomNumberGenerator()
        var scanner = TextScanner(stopwords: Self.lists)
        defer { scanner.deallocate() }
        for _ in 0..<20000 {
            let count = Int.random(in: 1...40, using: &generator)
            let bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: count)
            defer { bytes.deallocate() }
            for k in 0..<count {
                bytes[k] = Bool.random(using: &generator) ? UInt8.random(in: 0x80...0xFF, using: &generator) : UInt8.random(in: 0x20...0x7F, using: &generator)
            }
            let features = scanner.scan(UnsafeBufferPointer(bytes))
            XCTAssertLessThanOrEqual(features.chars, count)
            XCTAssertLessThanOrEqual(features.letters + features.digits, count)
        }
    }

    /// The language guess as first written: each mask's weight added to the sum of each of
    /// its bits, one bit after another.
    static func referenceGuess(_ masks: [UInt64], guesser: LanguageGuesser) -> String? {
        let codes = guesser.stopwords.codes
        var hits = [Double](repeating: 0, count: codes.count)
        var total = 0
        for mask in masks where mask != 0 {
            total += 1
            let weight = 1.0 / Double(mask.nonzeroBitCount)
            for bit in 0..<64 where mask >> UInt64(bit) & 1 != 0 && bit < hits.count { hits[bit] += weight }
        }
        guard total >= guesser.minimumHits, let best = hits.indices.max(by: { hits[$0] < hits[$1] }),
              hits[best] >= Double(total) * 0.25 else { return nil }
        return codes[best]
    }

    /// Masks of one to all lists' bits (the guess takes four bits a mask without a branch), in
    /// pages of a few to thousands of words, often leaning to one or two languages and near
    /// ties, give the reference's guess.
    func testLanguageGuessMatchesTheReference() {
        var generator = SystemRandomNumberGenerator()
        let guesser = LanguageGuesser(stopwords: Self.lists)
        let lists = Self.lists.codes.count
        for _ in 0..<3000 {
            let favourites = (0..<2).map { _ in UInt64(1) << UInt64(Int.random(in: 0..<lists, using: &generator)) }
            let masks: [UInt64] = (0..<Int.random(in: 0...400, using: &generator)).map { _ in
                var mask: UInt64 = 0
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: mask = favourites.randomElement(using: &generator)!
                case 1: mask = favourites[0] | favourites[1]
                case 2: for _ in 0..<Int.random(in: 1...12, using: &generator) { mask |= 1 << UInt64(Int.random(in: 0..<lists, using: &generator)) }
                default: mask = Bool.random(using: &generator) ? 0 : UInt64.random(in: 1...UInt64.max, using: &generator) & (lists >= 64 ? ~0 : (1 << UInt64(lists)) &- 1)
                }
                return mask
            }
            XCTAssertEqual(guesser.guess(masks: masks), Self.referenceGuess(masks, guesser: guesser), "\(masks)")
        }
    }

    /// Exact ties: two languages whose sums are equal as fractions (1 = 1/2 + 1/2 = 1/3 + 1/3 +
    /// 1/3 = 1/2 + 1/3 + 1/6 ...) but made of other words in another order, so that their
    /// Doubles may differ in the last bit; the best sum at exactly a quarter of the words; more
    /// distinct masks than the tally holds. The guess is the reference's; exact counting leaves
    /// ties and the quarter's edge to the Doubles, and decides the clear cases by itself.
    func testLanguageGuessMatchesTheReferenceOnTies() {
        var generator = SystemRandomNumberGenerator()
        let guesser = LanguageGuesser(stopwords: Self.lists)
        let lists = Self.lists.codes.count
        // For each shape, the number of lists each word is in: the word's weights sum to 1.
        let shapes: [[Int]] = [[1], [2, 2], [3, 3, 3], [2, 3, 6], [4, 4, 2], [6, 6, 6, 2], [5, 5, 5, 5, 5], [7, 7, 7, 7, 7, 7, 7], [3, 6, 6, 3]]
        var counted = (decided: 0, tooClose: 0, ties: 0)
        for round in 0..<3000 {
            let a = Int.random(in: 0..<lists, using: &generator)
            let b = (a + Int.random(in: 1..<lists, using: &generator)) % lists
            let others = (0..<lists).filter { $0 != a && $0 != b }
            // A word of `language` (or of none of the two) in `n` lists, the rest drawn from the others.
            func word(of language: Int?, lists n: Int) -> UInt64 {
                var mask: UInt64 = language.map { 1 << UInt64($0) } ?? 0
                while mask.nonzeroBitCount < n { mask |= 1 << UInt64(others.randomElement(using: &generator)!) }
                return mask
            }
            let units = Int.random(in: 1...12, using: &generator)
            var masks: [UInt64] = []
            for _ in 0..<units {
                for language in [a, b] { masks += shapes.randomElement(using: &generator)!.map { word(of: language, lists: $0) } }
            }
            switch round % 3 {
            case 0: break                                              // the two alone, tied
            case 1:                                                    // their sums a quarter of the words
                while masks.count < 4 * units { masks.append(word(of: nil, lists: Int.random(in: 3...6, using: &generator))) }
            default:                                                   // and words of other lists
                for _ in 0..<Int.random(in: 0...(3 * units), using: &generator) {
                    masks.append(word(of: nil, lists: Int.random(in: 1...4, using: &generator)))
                }
            }
            masks.shuffle(using: &generator)
            XCTAssertEqual(guesser.guess(masks: masks), Self.referenceGuess(masks, guesser: guesser), "\(masks)")
            // Exact sums (words are in at most 7 lists: 420 / n is whole) say which pages tie.
            var exact = [Int](repeating: 0, count: lists)
            for mask in masks { for bit in 0..<lists where mask >> UInt64(bit) & 1 != 0 { exact[bit] += 420 / mask.nonzeroBitCount } }
            let top = exact.sorted(by: >)
            if top[0] == top[1] && masks.count >= guesser.minimumHits {
                XCTAssertEqual(guesser.count(masks), .tooClose, "a tie is left to the Doubles: \(masks)")
                counted.ties += 1
            }
            // One word more for the first language breaks the tie: counting decides.
            let ahead = masks + [1 << UInt64(a)]
            XCTAssertEqual(guesser.guess(masks: ahead), Self.referenceGuess(ahead, guesser: guesser), "\(ahead)")
            switch guesser.count(ahead) {
            case .decided: counted.decided += 1
            case .tooClose: counted.tooClose += 1
            }
        }
        XCTAssertGreaterThan(counted.decided, 1000, "exact counting decides clear cases")
        XCTAssertGreaterThan(counted.ties, 500)
        // Ties the Doubles break: 33 words of a third each add up to 11.000000000000002, 11
        // words of one to 11 (the first language wins, though second in the lists' order);
        // 15 thirds to 4.999999999999999, under a quarter of 20 words.
        let codes = Self.lists.codes
        func thirds(_ n: Int, of language: Int) -> [UInt64] {
            (0..<n).map { 1 << UInt64(language) | 1 << UInt64(2 + $0 % (lists - 2)) | 1 << UInt64(2 + ($0 + 7) % (lists - 2)) }
        }
        let elevens = thirds(33, of: 1) + [UInt64](repeating: 1, count: 11)
        XCTAssertEqual(guesser.count(elevens), .tooClose)
        XCTAssertEqual(guesser.guess(masks: elevens), codes[1])
        XCTAssertEqual(guesser.guess(masks: elevens), Self.referenceGuess(elevens, guesser: guesser))
        let fives = thirds(15, of: 1) + [UInt64](repeating: 1, count: 5)
        XCTAssertEqual(guesser.guess(masks: fives), codes[0])
        XCTAssertEqual(guesser.guess(masks: fives), Self.referenceGuess(fives, guesser: guesser))
        let quarter = thirds(15, of: 1) + (0..<5).map { 1 << UInt64(2 + $0 * 3) }
        XCTAssertEqual(guesser.count(quarter), .tooClose)
        XCTAssertNil(guesser.guess(masks: quarter))
        XCTAssertEqual(guesser.guess(masks: quarter), Self.referenceGuess(quarter, guesser: guesser))
        // More distinct masks than the tally holds.
        let many = (1...200).map { UInt64($0) << 3 | 1 }
        XCTAssertEqual(guesser.count(many), .tooClose)
        XCTAssertEqual(guesser.guess(masks: many), Self.referenceGuess(many, guesser: guesser))
    }

    /// Long segments: the ASCII counts, packed 16 bits each in one word, are added up every
    /// 32K bytes.
    func testLongSegmentsMatchTheReference() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<8 {
            assertScanMatchesReference(Self.randomText(&generator, words: Int.random(in: 300...9000, using: &generator)))
        }
    }

    /// The classification of a word's leading ASCII letters, sixteen bytes in one step and the
    /// portable path's eight at a time, against a byte loop, on random bytes weighted to the
    /// edges of the letter ranges and to bytes above ASCII.
    func testAsciiWordMatchesAByteLoop() {
        var generator = SystemRandomNumberGenerator()
        let edges: [UInt8] = [0x40, 0x41, 0x5A, 0x5B, 0x60, 0x61, 0x7A, 0x7B, 0x20, 0x27, 0x2D, 0x30, 0x39, 0xC3, 0xA9, 0xC1, 0xE1, 0xFF, 0x00]
        for _ in 0..<20000 {
            let count = Int.random(in: 1...20, using: &generator)
            let bytes: [UInt8] = (0..<count).map { _ in
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: return edges.randomElement(using: &generator)!
                case 1: return UInt8.random(in: 0...255, using: &generator)
                default: return UInt8.random(in: 0x41...0x5A, using: &generator) | (Bool.random(using: &generator) ? 0x20 : 0)
                }
            }
            let letters = bytes.prefix { (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
            let expectedLetters = min(letters.count, 16)
            var key = [UInt8](repeating: 0, count: 16)
            for (k, b) in letters.prefix(16).enumerated() { key[k] = b | 0x20 }
            let (low, high) = key.withUnsafeBufferPointer { WordMaskTable.key($0.baseAddress!, count: 16) }
            for portable in [false, true] {
                let word = bytes.withUnsafeBufferPointer { AsciiWord($0.baseAddress!, available: count, portable: portable) }
                XCTAssertEqual(word.letters, expectedLetters, "\(bytes)")
                XCTAssertEqual(word.uppercase, letters.prefix(16).filter { $0 & 0x20 == 0 }.count, "\(bytes)")
                XCTAssertEqual(word.first_is_upper, letters.first.map { $0 & 0x20 == 0 ? 1 : 0 } ?? 0, "\(bytes)")
                XCTAssertEqual(word.low, low, "\(bytes)")
                XCTAssertEqual(word.high, high, "\(bytes)")
            }
        }
    }

    func testWordKeysOfEveryLengthAreFound() {
        let table = Self.lists.table
        for (word, mask) in Self.dictionary {
            XCTAssertEqual(word.withUnsafeBufferPointer { table.value(of: $0.baseAddress!, count: word.count) }, mask)
            // A prefix or an extension of a word is another word.
            let longer = word + [0x61]
            let expected = Self.dictionary[longer] ?? 0
            XCTAssertEqual(longer.withUnsafeBufferPointer { table.value(of: $0.baseAddress!, count: longer.count) }, expected)
        }
    }
}
