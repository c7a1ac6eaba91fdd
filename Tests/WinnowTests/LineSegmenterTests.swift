import XCTest
@testable import Winnow

final class LineSegmenterTests: XCTestCase {
    func testEachNonEmptyLineIsASegmentWithLineNumberAndByteRange() {
        let page = Normaliser().normalise(Array("Über uns\n\nZweite Zeile\n".utf8))
        let segments = LineSegmenter().segments(of: page)
        XCTAssertEqual(segments.map(\.text), ["Über uns", "Zweite Zeile"])
        XCTAssertEqual(segments.map(\.line), [1, 3])
        XCTAssertEqual(segments.map(\.index), [0, 1])
        XCTAssertEqual(segments[0].byteRange, 0..<9)  // Ü is two bytes
        let bytes = Array(page.text.utf8)
        XCTAssertEqual(String(decoding: bytes[segments[1].byteRange], as: UTF8.self), "Zweite Zeile")
    }

    func testLastLineWithoutNewlineAndEmptyPage() {
        XCTAssertEqual(LineSegmenter().segments(of: Normaliser().normalise(Array("a\nb".utf8))).map(\.text), ["a", "b"])
        XCTAssertTrue(LineSegmenter().segments(of: Normaliser().normalise([])).isEmpty)
    }
}
