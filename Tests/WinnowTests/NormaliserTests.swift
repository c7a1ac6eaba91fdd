import XCTest
@testable import Winnow

final class NormaliserTests: XCTestCase {
    let normaliser = Normaliser()

    func testLineEndingsBecomeNewlines() {
        XCTAssertEqual(normaliser.normalise(Array("a\r\nb\rc\n".utf8)).text, "a\nb\nc\n")
    }

    func testWhitespaceRunsCollapseAndLineEndsAreTrimmed() {
        XCTAssertEqual(normaliser.normalise(Array("  one \t two\u{00A0}\u{00A0}three  \n".utf8)).text, "one two three\n")
    }

    func testInvisibleCharactersAreRemovedAndCounted() {
        let page = normaliser.normalise(Array("\u{FEFF}soft\u{00AD}ware\u{200B}!".utf8))
        XCTAssertEqual(page.text, "software!")
        XCTAssertEqual(page.repairs.invisiblesRemoved, 3)
    }

    func testInvalidUTF8IsRepairedAndCounted() {
        let page = normaliser.normalise([0x61, 0xFF, 0x62, 0xC3, 0x28, 0x63])
        XCTAssertEqual(page.text, "a\u{FFFD}b\u{FFFD}(c")
        XCTAssertEqual(page.repairs.invalidSequences, 2)
    }

    func testComposesToNFC() {
        let page = normaliser.normalise(Array("Cafe\u{0301} Ångström\u{212B}".utf8))
        XCTAssertEqual(Array(page.text.unicodeScalars), Array("Caf\u{00E9} Ångström\u{00C5}".unicodeScalars))
        XCTAssertTrue(page.repairs.composed)
        XCTAssertFalse(normaliser.normalise(Array("déjà vu".utf8)).repairs.composed)
    }

    func testBinaryGarbageNeverCrashes() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<10_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let page = normaliser.normalise(bytes)
        XCTAssertFalse(page.text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    func testZeroWidthNonJoinerIsKept() {
        // ZWNJ carries meaning in Persian and other scripts.
        XCTAssertEqual(normaliser.normalise(Array("می\u{200C}شود".utf8)).text, "می\u{200C}شود")
    }
}
