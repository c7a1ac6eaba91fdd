import Foundation
import XCTest
@testable import Winnow

/// The streaming readers on their own: JSON lines, gzip members, buffered lines, WARC records, detection.
final class ReaderTests: XCTestCase {
    func gzip(_ text: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -c -n"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(data)
    }

    func readAll(_ source: ByteSource) throws -> String {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 7)   // small reads cross member boundaries
        while true {
            let count = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if count == 0 { break }
            out += buffer[..<count]
        }
        return String(decoding: out, as: UTF8.self)
    }

    func testJSONObjectLineKeepsMembersInOrderWithRawValues() throws {
        let line = Array(#" {"b": [1, {"x": null}], "a":"t\u00e9xt\n\ud83d\ude00", "n": -1.5e+3, "t": true} "#.utf8)
        let object = try JSONObjectLine(parsing: line)
        XCTAssertEqual(object.members.map(\.key), ["b", "a", "n", "t"])
        XCTAssertEqual(String(decoding: object.bytes[object.members[0].rawValue], as: UTF8.self), #"[1, {"x": null}]"#)
        XCTAssertEqual(object.stringValue(of: object.members[1]).map { String(decoding: $0, as: UTF8.self) }, "téxt\n😀")
        XCTAssertNil(object.stringValue(of: object.members[2]))
        XCTAssertEqual(object.textValue(of: object.members[2]), "-1.5e+3")
    }

    func testJSONObjectLineRejectsWhatIsNotOneObject() {
        for bad in [#"{"a":1"#, #"{"a" 1}"#, #"{"a":1} x"#, #"{"a":tru}"#, #"{"a":"\x"}"#, #"{"a":01}"#, "", #"{"a":"open}"#,
                    String(repeating: "[", count: 300) + String(repeating: "]", count: 300)] {
            XCTAssertThrowsError(try JSONObjectLine(parsing: Array(("{\"k\":" + bad + "}").utf8)), bad)
        }
        XCTAssertThrowsError(try JSONObjectLine(parsing: Array("[1,2]".utf8))) { error in
            XCTAssertTrue("\(error)".contains("not a JSON object"), "\(error)")
        }
    }

    func testLoneSurrogatesBecomeReplacementCharacters() throws {
        let object = try JSONObjectLine(parsing: Array(#"{"t":"a\ud800b"}"#.utf8))
        XCTAssertEqual(String(decoding: object.stringValue(of: object.members[0])!, as: UTF8.self), "a\u{FFFD}b")
    }

    func testGzipMembersReadAsOneStreamAndTruncationIsReported() throws {
        let joined = try gzip("first member\n") + gzip("second member\n") + [0, 0, 0, 0]
        XCTAssertEqual(try readAll(try GzipStream(MemorySource(joined))), "first member\nsecond member\n")
        let whole = try gzip(String(repeating: "some text that compresses\n", count: 200) + UUID().uuidString)
        XCTAssertThrowsError(try readAll(try GzipStream(MemorySource(Array(whole.dropLast(10)))))) { error in
            XCTAssertEqual((error as? StreamError)?.reason, .truncatedGzip)
        }
        XCTAssertThrowsError(try readAll(try GzipStream(MemorySource(try gzip("x") + Array("trailing".utf8))))) { error in
            XCTAssertEqual((error as? StreamError)?.reason, .corruptGzip)
        }
    }

    func testByteReaderLinesAndOverlongLinesAreNeverHeld() throws {
        let text = "one\n" + String(repeating: "x", count: 5000) + "\nthree\r\nlast"
        let reader = ByteReader(MemorySource(Array(text.utf8)), chunkSize: 64)
        var lines: [String] = []
        while let line = try reader.readLine(limit: 100) {
            switch line {
            case .line(let bytes): lines.append(String(decoding: bytes, as: UTF8.self))
            case .tooLong(let length): lines.append("<\(length)>")
            }
        }
        XCTAssertEqual(lines, ["one", "<5000>", "three\r", "last"])
    }

    /// A read past the end of a stream that is wholly buffered hands the buffer over; the
    /// reader is then at its end, at the right offset.
    func testByteReaderHandsOverTheRestOfAStreamItHoldsWhole() throws {
        let bytes = Array("a page of text\nand a second line".utf8)
        for chunk in [bytes.count + 1, 64, 4] {
            let reader = ByteReader(MemorySource(bytes), chunkSize: chunk)
            XCTAssertEqual(Array(try reader.peek(2)), Array(bytes.prefix(2)))
            XCTAssertEqual(try reader.read(count: 3), Array(bytes.prefix(3)))
            XCTAssertEqual(try reader.read(count: bytes.count), Array(bytes.dropFirst(3)), "chunk \(chunk)")
            XCTAssertEqual(reader.offset, bytes.count)
            XCTAssertTrue(try reader.atEnd())
            XCTAssertEqual(try reader.read(count: 10), [])
        }
        let whole = ByteReader(MemorySource(bytes), chunkSize: 1 << 10)
        XCTAssertEqual(Array(try whole.peek(1 << 10)), bytes)
        XCTAssertEqual(try whole.read(count: bytes.count + 1), bytes)
        XCTAssertEqual(whole.offset, bytes.count)
        XCTAssertEqual(try whole.read(count: 1), [])
    }

    func testWARCReaderReadsDocumentRecordsAndPassesOverOthers() throws {
        func record(_ type: String, _ content: String) -> String {
            "WARC/1.0\r\nWARC-Type: \(type)\r\nWARC-Target-URI: <https://a.example/\(type)>\r\nContent-Length: \(content.utf8.count)\r\n\r\n\(content)\r\n\r\n"
        }
        let text = record("warcinfo", "x: y\r\n") + record("conversion", "Hello\nWorld") + record("request", "GET /")
        let reader = WARCReader(ByteReader(MemorySource(Array(text.utf8))), maxBytes: 1000)
        guard case .ignored("warcinfo") = try reader.next() else { return XCTFail() }
        guard case .record(let record) = try reader.next() else { return XCTFail() }
        XCTAssertEqual(record.number, 2)
        XCTAssertEqual(record.targetURI, "https://a.example/conversion")
        XCTAssertEqual(String(decoding: record.content, as: UTF8.self), "Hello\nWorld")
        guard case .ignored("request") = try reader.next() else { return XCTFail() }
        XCTAssertNil(try reader.next())
    }

    func testHTTPPayloadBodyTypeAndChunks() {
        let plain = HTTPPayload(Array("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Hi</p>".utf8))
        XCTAssertTrue(plain.isText)
        XCTAssertEqual(String(decoding: plain.body, as: UTF8.self), "<p>Hi</p>")
        XCTAssertFalse(HTTPPayload(Array("HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n\r\n\u{1}".utf8)).isText)
        XCTAssertFalse(HTTPPayload(Array("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\nxx".utf8)).isText)
        let chunked = HTTPPayload(Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nHello\r\n7;x=y\r\n, world\r\n0\r\n\r\n".utf8))
        XCTAssertEqual(String(decoding: chunked.body, as: UTF8.self), "Hello, world")
    }

    func testFormatDetectionByNameThenContent() {
        XCTAssertEqual(FormatDetector.detect(name: "a/b.jsonl.gz", head: []), .jsonl)
        XCTAssertEqual(FormatDetector.detect(name: "CC.warc.wet.gz", head: []), .wet)
        XCTAssertEqual(FormatDetector.detect(name: "x.warc", head: []), .warc)
        XCTAssertEqual(FormatDetector.detect(name: "p.labels", head: []), .annotated)
        XCTAssertEqual(FormatDetector.detect(name: "data", head: Array("WARC/1.1\r\n".utf8)[...]), .warc)
        XCTAssertEqual(FormatDetector.detect(name: "data", head: Array("{\"text\":\"a\"}\n{".utf8)[...]), .jsonl)
        XCTAssertEqual(FormatDetector.detect(name: "data", head: Array("{ a page that starts with a brace\n".utf8)[...]), .text)
        XCTAssertEqual(FormatDetector.detect(name: "page.txt", head: Array("Hello".utf8)[...]), .text)
    }

    func testBinaryDetection() {
        XCTAssertTrue(BinaryDetector.looksBinary([UInt8](repeating: 0, count: 100)))
        XCTAssertTrue(BinaryDetector.looksBinary(Array("a\0b\0c\0d\0".utf8)))
        XCTAssertFalse(BinaryDetector.looksBinary(Array((String(repeating: "Plain text line.\n", count: 10)).utf8) + [0xFF, 0xFE, 0x00]))
        XCTAssertFalse(BinaryDetector.looksBinary(Array("tabs\tand\r\nbreaks\u{0C}".utf8)))
    }

    func testBinaryDetectionInMemoryAgreesWithTheByteLoop() {
        // Bytes in an Array take the C kernel's path; a lazy view of them, the byte loop.
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = Array(0...0x1F) + Array("a b\u{7F}".utf8) + [0x80, 0x9F, 0xA0, 0xC3, 0xFF]
        var agreedBinary = 0
        for round in 0..<400 {
            let count = round % 50 + Int.random(in: 0...300, using: &generator)
            let controlShare = Double(round % 20) / 150
            let bytes = (0..<count).map { _ -> UInt8 in
                Double.random(in: 0..<1, using: &generator) < controlShare
                    ? alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] : UInt8.random(in: 0x20...0x7E, using: &generator)
            }
            let fast = BinaryDetector.looksBinary(bytes)
            XCTAssertEqual(fast, BinaryDetector.looksBinary(bytes.lazy.map { $0 }), "\(bytes)")
            if fast { agreedBinary += 1 }
        }
        XCTAssertGreaterThan(agreedBinary, 20, "both answers occur")
        XCTAssertLessThan(agreedBinary, 380, "both answers occur")
    }

    func testOpenedInputReadsTheFileItOpenedAndSaysWhatIsWrong() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-opened-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/a", withIntermediateDirectories: true)
        let paths = ["a/1.txt", "a/22.txt"].map { root + "/" + $0 }
        for path in paths { try Data(path.utf8).write(to: URL(fileURLWithPath: path)) }
        for path in paths {
            let input = try OpenedInput(path: path)
            XCTAssertEqual(input.regularFileSize, path.utf8.count)
            XCTAssertEqual(try readAll(FileSource(input)), path)
        }
        func failure(_ path: String) -> StreamError? {
            do { _ = try OpenedInput(path: path); return nil } catch { return error as? StreamError }
        }
        XCTAssertEqual(failure(root + "/a/missing.txt")?.reason, .noSuchFile)
        XCTAssertEqual(failure(root + "/missing/1.txt")?.reason, .noSuchFile)
        XCTAssertEqual(failure(root + "/a/1.txt/x")?.reason, .unreadable)   // under a file
        XCTAssertNil(try OpenedInput(path: root + "/a").regularFileSize, "a folder is no regular file")
    }
}
