import XCTest
@testable import Winnow

final class FeatureMeasurerTests: XCTestCase {
    func testTextFeatures() {
        let f = FeatureMeasurer.textFeatures(of: "The Council met on 12 May, and it agreed.")
        XCTAssertEqual(f.words, 9)
        XCTAssertEqual(f.digits, 2)
        XCTAssertTrue(f.endsWithPunctuation)
        XCTAssertEqual(f.capitalisedWords, 3)  // The, Council, May
        XCTAssertFalse(FeatureMeasurer.textFeatures(of: "Latest Stories").endsWithPunctuation)
        XCTAssertTrue(FeatureMeasurer.textFeatures(of: "He said “it is over.”").endsWithPunctuation)
        XCTAssertTrue(FeatureMeasurer.textFeatures(of: "Tags:").endsWithColon)
        XCTAssertEqual(FeatureMeasurer.textFeatures(of: "Home | News | Sport").separators, 2)
    }

    func testScriptsWithoutSpacesGetAWordEstimate() {
        XCTAssertGreaterThan(FeatureMeasurer.textFeatures(of: "東京都は今日新しい計画を発表しました。").words, 5)
    }

    func testLanguageGuessAndStopwordShare() {
        let text = """
        Der Stadtrat hat am Montag den Haushalt für das kommende Jahr beschlossen, und die Opposition war dagegen.
        Die Bürgermeisterin sagte, dass die Stadt mit den Mitteln auch die Schulen sanieren will.
        """
        let segments = LineSegmenter().segments(of: Normaliser().normalise(Array(text.utf8)))
        let (features, language) = FeatureMeasurer(stopwords: .embedded).measure(segments)
        XCTAssertEqual(language, "de")
        XCTAssertGreaterThan(features[0].stopwordShare, 0.3)
        XCTAssertEqual(features[1].fromBottom, 0)
        XCTAssertEqual(features[0].fromTop, 0)
    }

    /// Lists read as bytes hold the words Foundation's trimming and lower-casing made of them.
    func testStopwordParsingAgreesWithFoundation() {
        for file in EmbeddedResources.files where file.path.hasPrefix("stopwords/") {
            XCTAssertEqual(StopwordLists.parse(file.text), StopwordLists.parseByCharacters(file.text), file.path)
        }
        let edges = [
            "  the \t\nund\n\n# comment\n  #not a word\nL’été\n\u{A0}nbsp\u{A0}\n\u{3000}全角\u{2003}\nÉCOLE\n\t\n",
            "#\u{301}mark\nİstanbul\nΣΟΦΟΣ\n\u{200B}zero\u{FEFF}\nd’\n'\n\u{B}vt\u{C}",
            "crlf\r\nlines\r\n", "", "\n\n", "   ", "straße\nǅ\n", "UPPER Case\n@AZ[`az{\n\u{7F}DEL\n",
            "żółć\nŻÓŁĆ\nılık\nİzmir\nſ\nŸ\nőrült\nÆØÅ\nчто\nЧТО\nѐѝ\nЀ\nλόγος\nΛΌΓΟΣ\nσοφός\n÷×\n",
            "# Persian ی/ک, ZWNJ (U+200C)\n#é\n  #\u{300}x\n# \u{A0}\n#\n",
        ]
        for text in edges {
            XCTAssertEqual(StopwordLists.parse(text), StopwordLists.parseByCharacters(text), text.debugDescription)
        }
    }

    /// The scalars the lists' reading takes as their own lower case are, by Unicode's mapping.
    func testScalarsTakenAsLowerCaseAre() {
        for v in UInt32(0)..<0x800 where StopwordLists.isLowerCase(v) {
            let scalar = Unicode.Scalar(v)!
            XCTAssertEqual(scalar.properties.lowercaseMapping, String(scalar), String(v, radix: 16))
        }
    }

    func testEmbeddedStopwordListsCoverFifteenLanguages() {
        XCTAssertGreaterThanOrEqual(StopwordLists.embedded.lists.count, 15)
        XCTAssertTrue(StopwordLists.embedded.lists["en"]!.contains("the"))
    }

    /// A word in several lists is one entry of the table, with the lists' bits merged.
    func testWordMaskTableMergesRepeatedWords() {
        let long = Array("abcdefghijklmnopqrstuvwxyz".utf8)
        let table = WordMaskTable([(Array("the".utf8), 1), (Array("die".utf8), 2), (Array("the".utf8), 4),
                                   (long, 8), (Array("a".utf8), 0), (long, 16)])
        func value(_ word: [UInt8]) -> UInt64 { word.withUnsafeBufferPointer { table.value(of: $0.baseAddress!, count: $0.count) } }
        XCTAssertEqual(value(Array("the".utf8)), 5)
        XCTAssertEqual(value(Array("die".utf8)), 2)
        XCTAssertEqual(value(long), 24)
        XCTAssertEqual(value(Array("a".utf8)), 0)
        XCTAssertEqual(value(Array("th".utf8)), 0)
    }

    /// Words of at most 8 bytes sit in the main slots, those of 9 to 16 bytes in the long ones
    /// (their home slots taken, so that a lookup goes on to them): an 8-byte word and its 9-byte
    /// extension share their first key word, and neither answers for the other.
    func testWordMaskTableKeepsShortAndLongWordsApart() {
        var words: [([UInt8], UInt64)] = [(Array("dieselbe".utf8), 1), (Array("dieselben".utf8), 2),
                                          (Array("abcdefghijklmnop".utf8), 4), (Array("сейчас".utf8), 8), (Array("это".utf8), 16)]
        for k in 0..<300 {
            let word: [UInt8] = Array("word\(k)long".utf8)
            words.append((word, 32))
        }
        let table = WordMaskTable(words)
        func value(_ word: String) -> UInt64 {
            let bytes = Array(word.utf8)
            return bytes.withUnsafeBufferPointer { table.value(of: $0.baseAddress!, count: $0.count) }
        }
        XCTAssertEqual(value("dieselbe"), 1)
        XCTAssertEqual(value("dieselben"), 2)
        XCTAssertEqual(value("dieselb"), 0)
        XCTAssertEqual(value("dieselbenx"), 0)
        XCTAssertEqual(value("abcdefghijklmnop"), 4)
        XCTAssertEqual(value("abcdefghijklmno"), 0)
        XCTAssertEqual(value("сейчас"), 8)
        XCTAssertEqual(value("это"), 16)
        for k in 0..<300 {
            XCTAssertEqual(value("word\(k)long"), 32)
            XCTAssertEqual(value("word\(k)lon"), 0)
        }
        XCTAssertEqual(value("word300long"), 0)
    }
}
