import CReadKernel
import XCTest

/// The C count of control bytes (the binary check's) against a simple reference: every byte
/// value at every place of texts of 0 to 64 bytes (the sixteen-byte blocks and the tails),
/// long runs of control bytes (the lanes are summed every 255 blocks, before one overflows),
/// and random texts.
final class ReadKernelTests: XCTestCase {
    static func reference(_ text: [UInt8]) -> Int {
        text.filter { $0 < 0x20 && !(0x09...0x0D).contains($0) && $0 != 0x1B }.count
    }

    func check(_ text: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
        text.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
            let expected = Self.reference(text)
            XCTAssertEqual(winnow_read_control_bytes(base, text.count), expected, "\(text)", file: file, line: line)
            XCTAssertEqual(winnow_read_control_bytes_portable(base, text.count), expected, "\(text)", file: file, line: line)
        }
    }

    func testEveryByteAtEveryPlace() {
        for filler: UInt8 in [0x61, 0x00, 0xFF] {
            KernelTestTexts.everyByteAtEveryPlace(lengths: 0...64, filler: filler) { check($0) }
        }
    }

    func testLongRunsOfControlBytes() {
        // 255 blocks of 16 NULs fill every lane to 255; more must be summed, not wrapped.
        for count in [16 * 255 - 1, 16 * 255, 16 * 255 + 1, 16 * 256, 16 * 255 * 3 + 7, 100_000] {
            check([UInt8](repeating: 0x00, count: count))
            check((0..<count).map { UInt8(truncatingIfNeeded: $0 % 37) })
        }
    }

    func testRandomTexts() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<2000 {
            let length = Int.random(in: 0...600, using: &generator)
            let share = Double(round % 10) / 20
            let text = (0..<length).map { _ -> UInt8 in
                Double.random(in: 0..<1, using: &generator) < share ? UInt8.random(in: 0...0x20, using: &generator)
                    : UInt8.random(in: 0...255, using: &generator)
            }
            check(text)
        }
    }
}
