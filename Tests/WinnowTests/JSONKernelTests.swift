import CJSONKernel
import XCTest

/// The C searches for a JSON string's special bytes against a simple reference: every byte value
/// at every place of texts of 0 to 64 bytes (the sixteen-byte blocks and the tails), and random texts.
final class JSONKernelTests: XCTestCase {
    static func reference(_ text: [UInt8], controls: Bool) -> Int {
        text.firstIndex { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || (controls && $0 < 0x20) } ?? text.count
    }

    func check(_ text: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
        text.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
            XCTAssertEqual(winnow_json_find_quote_or_backslash(base, text.count), Self.reference(text, controls: false), "\(text)", file: file, line: line)
            XCTAssertEqual(winnow_json_find_escape(base, text.count), Self.reference(text, controls: true), "\(text)", file: file, line: line)
        }
    }

    func testEveryByteAtEveryPlace() {
        KernelTestTexts.everyByteAtEveryPlace(lengths: 0...64, filler: UInt8(ascii: "a")) { check($0) }
    }

    func testRandomTexts() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<2000 {
            let length = Int.random(in: 0...200, using: &generator)
            // Mostly plain bytes above 0x20, with special ones now and then, and invalid UTF-8.
            let share = Double(round % 10) / 200
            let text = (0..<length).map { _ -> UInt8 in
                Double.random(in: 0..<1, using: &generator) < share ? UInt8.random(in: 0...255, using: &generator)
                    : [UInt8(ascii: "x"), 0x7F, 0x80, 0xC3, 0xFF, 0x21, 0x5B][Int.random(in: 0..<7, using: &generator)]
            }
            check(text)
        }
    }
}
