import CNormaliseKernel
import Foundation
import XCTest
@testable import Winnow

/// The normaliser's fast paths (runs of printable ASCII copied at once, a decoder of its own,
/// NFC only when a character could change) give exactly what the straightforward version gives,
/// on the corpus, on random bytes and on every kind of character it treats apart.
final class NormaliserEquivalenceTests: XCTestCase {
    func assertSame(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
        let fast = Normaliser().normalise(bytes)
        let reference = ReferenceNormaliser().normalise(bytes)
        XCTAssertTrue(fast.utf8 == reference.utf8, "\(bytes)", file: file, line: line)
        XCTAssertEqual(fast.repairs, reference.repairs, "\(bytes)", file: file, line: line)
        // From a buffer (no array to keep when the page is one plain run).
        let buffered = bytes.withUnsafeBufferPointer { Normaliser().normalise($0) }
        XCTAssertTrue(buffered.utf8 == reference.utf8, "\(bytes)", file: file, line: line)
        XCTAssertEqual(buffered.repairs, reference.repairs, "\(bytes)", file: file, line: line)
    }

    func testCorpusPages() throws {
        let corpus = AccuracyFloorTests.root.appendingPathComponent("corpus")
        for name in try FileManager.default.contentsOfDirectory(atPath: corpus.path) where name.hasSuffix(".labels") {
            assertSame(Array(try Data(contentsOf: corpus.appendingPathComponent(name))))
        }
    }

    func testRandomBytesAndSpecialCharacters() {
        let pieces: [[UInt8]] = ["a", "Z", " ", "  ", "\t", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}",
                                 "\u{A0}", "\u{3000}", "\u{200B}", "\u{AD}", "\u{FEFF}", "\u{7F}", "\u{01}", "é", "e\u{301}", "ễ", "ệ\u{323}",
                                 "\u{1F71}", "\u{212B}", "\u{2126}", "한", "\u{1100}\u{1161}", "क़", "\u{FFFD}", "😀", "ẞ", "ǅ",
                                 "Привет", "й", "и\u{306}", "\u{483}", "–", "“", "€"].map { Array($0.utf8) }
            + [[0xFF], [0xC0], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF0, 0x9F], [0x80], [0xE0, 0x80]]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                if Bool.random(using: &generator) { bytes += pieces.randomElement(using: &generator)! }
                else { bytes.append(UInt8.random(in: 0...255, using: &generator)) }
            }
            assertSame(bytes)
        }
    }

    /// The text is written into the String's own storage, sized by the input: invalid bytes,
    /// each three bytes of U+FFFD, make it outgrow that storage and move to a buffer of its own.
    func testTextLongerThanItsInputAndLongLines() {
        assertSame([UInt8](repeating: 0xFF, count: 5))
        assertSame([UInt8](repeating: 0x80, count: 40))
        assertSame(Array("ok ".utf8) + [UInt8](repeating: 0xC3, count: 3000) + Array(" end\r\n".utf8))
        var generator = SystemRandomNumberGenerator()
        let pieces: [[UInt8]] = ["word ", "Wörter ", "  ", "\r\n", "\n", "\n ", " \n", "\u{A0}", "\u{200B}", "e\u{301}", "東京 ", "слова ", "Łódź "]
            .map { Array($0.utf8) } + [[0xFF], [0xE2, 0x82]]
        for _ in 0..<50 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 500...5000, using: &generator) { bytes += pieces.randomElement(using: &generator)! }
            assertSame(bytes)
        }
        assertSame(Array(String(repeating: "a long line without an end ", count: 20000).utf8))
    }

    /// Single and double spaces at every offset of the sixteen bytes read at once, and at the
    /// end of a line or of the input (a space is kept only when a visible character follows).
    func testSpacesAtEveryOffsetOfAWord() {
        for length in 1...36 {
            for at in 0..<length {
                for gap in [" ", "  ", "\t", " \n", "\u{A0}", "\n", "\n ", " \n ", "\n\n", "\r\n", "é", " й"] {
                    var letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN".prefix(length)).map(String.init)
                    letters.insert(gap, at: at)
                    let text = letters.joined()
                    assertSame(Array(text.utf8))
                    assertSame(Array((text + " ").utf8))
                    assertSame(Array((text + gap + "é").utf8))
                    assertSame(Array(("x " + text + "\n" + text).utf8))
                }
            }
        }
    }

    /// Every byte value at every offset of the sixteen bytes read at once, alone, after a space
    /// and between spaces: the run stops just before the first byte that is not printable
    /// ASCII (or before a space it follows), whatever lies past it in the sixteen.
    func testEveryByteAtEveryOffsetOfAStep() {
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN".utf8)
        for byte in UInt8(0)...0xFF {
            for at in 0...20 {
                for around: [UInt8] in [[], [0x20], [0x20, 0x20]] {
                    var bytes = letters
                    bytes.insert(contentsOf: around + [byte] + around, at: at)
                    assertSame(bytes)
                    assertSame(Array(bytes.prefix(at + around.count * 2 + 1)))
                }
            }
        }
    }

    /// The C kernel's sixteen-byte steps end every run where its byte-at-a-time path does, from
    /// every start of random text made of the pieces a run meets (spaces single and double,
    /// plain and other scalars, controls, broken sequences) and of random bytes.
    func testPlainRunKernelAgreesWithItsScalarPath() {
        let pieces: [[UInt8]] = ["word", "Wörter", " ", "  ", "\n", "\n ", " \n", "\n\n", "\r\n", "\t", "\u{7F}", "é", "“", "e\u{301}", "東京",
                                 "😀", "\u{A0}", "«", "Привет", "ééééééééé", "λόγος", "\u{387}", "\u{483}", "ǅ", "\u{2FF}"].map { Array($0.utf8) }
            + [[0xFF], [0xC3], [0xD0], [0xE2, 0x82], [0x80], [0xBF], [0xE0, 0x80, 0x80], [0xC0, 0x80]]
        let plain = Normaliser.plainScalars
        var generator = SystemRandomNumberGenerator()
        for round in 0..<400 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 1...40, using: &generator) {
                if round % 4 == 3 { bytes.append(UInt8.random(in: 0...255, using: &generator)) }
                else { bytes += pieces.randomElement(using: &generator)! }
            }
            bytes.withUnsafeBufferPointer { text in
                for start in 0...text.count {
                    XCTAssertEqual(nk_plain_run(text.baseAddress!, start, text.count, plain),
                                   nk_plain_run_scalar(text.baseAddress!, start, text.count, plain), "\(bytes) from \(start)")
                }
            }
        }
    }

    /// Every lead byte of a two-byte sequence with every byte after it, at every offset of the
    /// sixteen bytes read at once and across the step's end, alone, after a space and before a
    /// line feed: the steps take whole blocks of accented Latin, Greek and Cyrillic leads
    /// without looking the scalars up, and must end every run where the byte-at-a-time path does.
    func testPlainRunKernelAgreesOnEveryTwoByteSequence() {
        let plain = Normaliser.plainScalars
        for lead in Array(0xC3...0xCB) + Array(0xCF...0xD1) {
            XCTAssertEqual(plain[lead & 0x1F], ~0, "the kernel takes every scalar of the lead byte \(lead) as plain")
        }
        let letters = Array("abcdefghijklmnopqrstuvwxyz".utf8)
        for lead in UInt8(0xC0)...0xDF {
            for second in UInt8(0)...0xFF {
                for at in 0...17 {
                    for (before, after) in [([], []), ([0x20], []), ([], [0x0A]), ([0xD0, 0xB6], [0xD1, 0x8F])] as [([UInt8], [UInt8])] {
                        for tail in [0, 1, 17] {
                            let bytes = Array(letters.prefix(at)) + before + [lead, second] + after + Array(letters.prefix(tail))
                            bytes.withUnsafeBufferPointer { text in
                                for start in 0...min(1, text.count) {
                                    let fast = nk_plain_run(text.baseAddress!, start, text.count, plain)
                                    let slow = nk_plain_run_scalar(text.baseAddress!, start, text.count, plain)
                                    if fast != slow { XCTFail("\(bytes) from \(start): \(fast), not \(slow)") }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Every scalar of the Basic Multilingual Plane, alone and amid words and spaces, as the
    /// runs of plain scalars (copied at once) meet the scalars handled one by one.
    func testEveryBMPScalarInAndAroundRuns() {
        for value in UInt32(0x80)..<0x10000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(Character(scalar))
            assertSame(Array(text.utf8))
            assertSame(Array("ab \(text) c\(text)\(text)d \(text)".utf8))
        }
    }

    /// Every scalar that NFC could touch by itself, having a combining class (it may compose
    /// with or reorder around the character before it) or an NFC form other than itself (a
    /// singleton or a composition exclusion, such as U+FB3E, a Hebrew presentation form), is one
    /// the normaliser sends through composition.
    func testEveryScalarNFCMayChangeIsFlagged() {
        var missed: [String] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value), scalar.properties.generalCategory != .unassigned else { continue }
            if Normaliser.mayChangeUnderNFC(value) { continue }
            let text = String(scalar)
            if scalar.properties.canonicalCombiningClass.rawValue != 0
                || !text.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(text.unicodeScalars) {
                missed.append(String(format: "U+%04X", value))
            }
        }
        XCTAssertEqual(missed, [], "scalars NFC may change but the normaliser does not flag")
    }

    /// The tables made at start agree with their definitions: the NFC test (a bit for each BMP
    /// scalar, bisection beyond) with its list of ranges; the plain scalars with the kinds and
    /// the NFC test, scalar by scalar.
    func testStartUpTablesAgreeWithTheirDefinitions() {
        var listed = [Bool](repeating: false, count: 0x110000)
        for range in Normaliser.nfcUnstableRanges { for value in range { listed[Int(value)] = true } }
        var wrong: [String] = []
        for value in UInt32(0)...0x10FFFF where Normaliser.mayChangeUnderNFC(value) != listed[Int(value)] {
            wrong.append(String(format: "U+%04X", value))
        }
        XCTAssertEqual(wrong, [], "the NFC test disagrees with its ranges")
        for value in UInt32(0)..<0x10000 {
            let plain = value >= 0x80 && !(0xD800...0xDFFF).contains(value) && Normaliser.kind(of: value) == .visible
                && (value < 0x300 || !listed[Int(value)])
            let bit = Normaliser.plainScalars[Int(value >> 6)] >> UInt64(value & 63) & 1 != 0
            if bit != plain { wrong.append(String(format: "U+%04X", value)) }
        }
        XCTAssertEqual(wrong, [], "plain scalars that should not be, or the reverse")
    }

    /// Latin Extended Additional (Vietnamese and the like) is precomposed: NFC leaves it as it
    /// is, so it need not send a page through composition.
    func testLatinExtendedAdditionalIsStableUnderNFC() {
        for value in UInt32(0x1E00)...0x1EFF {
            let text = "a" + String(Unicode.Scalar(value)!) + "b"
            XCTAssertTrue(text.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(text.unicodeScalars), String(format: "U+%04X", value))
        }
    }
}

/// Turns any bytes into clean text the later stages can trust: valid UTF-8 (invalid sequences
/// become U+FFFD and are counted), `\n` line endings, Unicode NFC, no invisible characters,
/// single spaces, no spaces at line ends. It never fails: every input yields a page.
struct ReferenceNormaliser {

    func normalise(_ bytes: [UInt8]) -> NormalisedPage {
        var report = NormalisationReport()
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var pendingSpace = false   // a space seen but not yet written: dropped at line end
        var atLineStart = true
        var previousWasCR = false

        func newline() {
            output.append(0x0A)
            pendingSpace = false
            atLineStart = true
        }
        func emit(_ scalar: Unicode.Scalar) {
            if pendingSpace && !atLineStart { output.append(0x20) }
            pendingSpace = false
            atLineStart = false
            if scalar.value < 0x80 {
                output.append(UInt8(scalar.value))
            } else {
                output.append(contentsOf: UTF8.encode(scalar)!)
            }
        }

        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        decoding: while true {
            let scalar: Unicode.Scalar
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                scalar = Unicode.UTF8.decode(encoded)
            case .error:
                report.invalidSequences += 1
                scalar = "\u{FFFD}"
            case .emptyInput:
                break decoding
            }
            let value = scalar.value
            if value == 0x0A {
                if !previousWasCR { newline() }
                previousWasCR = false
                continue
            }
            previousWasCR = false
            switch value {
            case 0x0D, 0x2028, 0x2029, 0x0B, 0x0C, 0x85:
                newline()
                previousWasCR = value == 0x0D
            case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
                pendingSpace = true
            case 0x00...0x1F, 0x7F, 0x80...0x9F, 0xAD, 0x200B, 0x200E, 0x200F, 0x2060...0x2064, 0xFEFF:
                report.invisiblesRemoved += 1
            default:
                emit(scalar)
            }
        }
        // Always composed: the reference does not guess which texts NFC leaves alone.
        var text = String(decoding: output, as: UTF8.self)
        let composed = text.precomposedStringWithCanonicalMapping
        // Compare scalars, not Characters: String == already treats canonical equivalents as equal.
        report.composed = !composed.unicodeScalars.elementsEqual(text.unicodeScalars)
        text = composed
        return NormalisedPage(text: text, repairs: report)
    }
}
