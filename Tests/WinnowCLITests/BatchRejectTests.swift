import XCTest

/// Bad input of every kind is rejected with a reason, logged, counted, and the run goes on.
final class BatchRejectTests: CLITestCase {
    func rejects(_ file: String) throws -> [[String: Any]] {
        try objects(try String(contentsOfFile: file))
    }

    func testEachBadKindOfJSONLLineIsRejectedWithItsReasonAndTheRunGoesOn() throws {
        let good = "{\"id\":\"good\",\"text\":\(Self.quoted(Self.page(1)))}\n"
        let lines = [
            good,
            "{\"id\":\"broken\",\"text\":\"unterminated}\n",                               // 2 malformed JSON
            "[1,2,3]\n",                                                                 // 3 not an object
            "{\"id\":\"nofield\",\"body\":\"x\"}\n",                                      // 4 missing text field
            "{\"id\":\"number\",\"text\":42}\n",                                          // 5 text not a string
            "{\"id\":\"nul\",\"text\":\"" + String(repeating: "\\u0000\\u0001", count: 40) + "abc\"}\n", // 6 binary
            "{\"id\":\"big\",\"text\":\"" + String(repeating: "word ", count: 400) + "\"}\n", // 7 over --max-bytes
            good.replacingOccurrences(of: "good", with: "last"),
        ]
        let file = try write(lines.joined(), to: "bad.jsonl")
        let log = path("rejects.jsonl"), stats = path("stats.json")
        let result = try winnow(["clean", file, "--max-bytes", "1K", "--rejects", log, "--stats", stats, "--summary"])
        XCTAssertEqual(result.status, 1, "rejects make the exit status 1")
        XCTAssertEqual(try objects(result.stdout).map { $0["id"] as? String }, ["good", "last"])
        let logged = try rejects(log)
        XCTAssertEqual(logged.map { $0["position"] as? Int }, [2, 3, 4, 5, 6, 7])
        XCTAssertEqual(logged.map { $0["reason"] as? String },
                       ["malformed JSON", "malformed JSON", "missing text field", "text field is not a string", "binary content", "over --max-bytes"])
        XCTAssertEqual(logged.map { $0["id"] as? String }, [nil, nil, "nofield", "number", "nul", nil])
        XCTAssertTrue(logged.allSatisfy { $0["source"] as? String == file })
        XCTAssertFalse(result.stderr.contains("bad.jsonl:2"), "with --rejects, rejects go to the file")
        XCTAssertTrue(result.stderr.contains("documents in 8: cleaned 2 (0 empty), rejected 6"), result.stderr)
        let figures = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: stats))) as! [String: Any]
        let rejected = figures["rejected"] as! [String: Any]
        XCTAssertEqual(rejected["total"] as? Int, 6)
        XCTAssertEqual((rejected["by_reason"] as! [String: Int])["malformed JSON"], 2)
        XCTAssertEqual(figures["documents"] as? Int, 8)
    }

    func testInvalidUTF8IsRepairedNotRejected() throws {
        var bytes = Array("{\"id\":\"latin1\",\"text\":\"".utf8) + Array(Self.page(1).replacingOccurrences(of: "\n", with: "\\n").utf8)
        bytes += [0xE9, 0x20, 0xFF, 0xFE] + Array("\"}\n".utf8)
        let file = try write(raw: bytes, to: "latin.jsonl")
        let result = try winnow(["clean", "--summary", file])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try objects(result.stdout)[0]
        XCTAssertEqual((object["repairs"] as? [String: Any])?["invalid_utf8"] as? Int, 3)
        XCTAssertTrue(result.stderr.contains("1 repaired"), result.stderr)
        // A text page with a few stray bytes is repaired as well.
        let page = try write(raw: Array(Self.article.utf8) + [0xC3, 0x28, 0x0A], to: "page.txt")
        XCTAssertEqual(try winnow(["clean", page]).status, 0)
    }

    func testNULHeavyBinaryFilesAreRejected() throws {
        var binary: [UInt8] = Array("GIF89a".utf8)
        for index in 0..<4000 { binary.append(UInt8(truncatingIfNeeded: index * 7)); binary.append(0) }
        let file = try write(raw: binary, to: "in/image.txt")
        try write(Self.page(1), to: "in/page.txt")
        let result = try winnow(["clean", path("in")])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("\(file): binary content"), result.stderr)
        XCTAssertTrue(result.stdout.contains("Resident number 1"))
    }

    func testTruncatedGzipKeepsTheDocumentsBeforeTheCut() throws {
        // Distinct pages, so the compressed stream is long enough to cut in the middle.
        var input = ""
        for number in 0..<60 {
            input += "{\"id\":\"d\(number)\",\"text\":\(Self.quoted(Self.page(number) + "Sentence \(UUID().uuidString) \(number * 7919)."))}\n"
        }
        let compressed = try gzip(Array(input.utf8))
        let file = try write(raw: Array(compressed.prefix(compressed.count * 2 / 3)), to: "cut.jsonl.gz")
        let log = path("r.jsonl")
        let result = try winnow(["clean", file, "--rejects", log])
        XCTAssertEqual(result.status, 1)
        let cleaned = try objects(result.stdout)
        XCTAssertGreaterThan(cleaned.count, 10)
        XCTAssertLessThan(cleaned.count, 60)
        let logged = try rejects(log)
        XCTAssertEqual(logged.count, 1)
        XCTAssertEqual(logged[0]["reason"] as? String, "truncated gzip stream")
        XCTAssertEqual(logged[0]["position"] as? Int, cleaned.count + 1, "the line being read when the stream ended")
    }

    func testTruncatedWARCRecordIsRejectedAndTheRecordsBeforeItKept() throws {
        let first = Self.warcRecord(type: "response", uri: "https://news.example/one", contentType: "application/http; msgtype=response", content: Self.httpResponse(Self.page(1)))
        let second = Self.warcRecord(type: "response", uri: "https://news.example/two", contentType: "application/http; msgtype=response", content: Self.httpResponse(Self.page(2)))
        let file = try write(raw: first + second.dropLast(200), to: "cut.warc")
        let log = path("r.jsonl")
        let result = try winnow(["clean", "--format", "jsonl", file, "--rejects", log])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(try objects(result.stdout).map { $0["id"] as? String }, ["https://news.example/one"])
        let logged = try rejects(log)
        XCTAssertEqual(logged.count, 1)
        XCTAssertEqual(logged[0]["reason"] as? String, "truncated WARC record")
        XCTAssertEqual(logged[0]["id"] as? String, "https://news.example/two")
        XCTAssertEqual(logged[0]["position"] as? Int, 2)
        // Cut inside a gzip member instead: the gzip stream is what is truncated.
        let members = try gzip(first) + gzip(second)
        let gz = try write(raw: Array(members.dropLast(60)), to: "cut.warc.gz")
        let compressed = try winnow(["clean", "--format", "jsonl", gz, "--rejects", log])
        XCTAssertEqual(compressed.status, 1)
        XCTAssertEqual(try objects(compressed.stdout).count, 1)
        XCTAssertEqual(try rejects(log).map { $0["reason"] as? String }, ["truncated gzip stream"])
    }

    func testMalformedWARCHeaderIsRejectedAndReadingResumesAtTheNextRecord() throws {
        let good = Self.warcRecord(type: "conversion", uri: "https://news.example/ok", contentType: "text/plain", content: Array(Self.page(1).utf8))
        let bad = Array("WARC/1.0\r\nWARC-Type: conversion\r\nthis line has no colon\r\n\r\nsome text\r\n\r\n".utf8)
        let file = try write(raw: bad + good, to: "odd.wet")
        let result = try winnow(["clean", "--format", "jsonl", file])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("odd.wet:1: malformed WARC record"), result.stderr)
        XCTAssertEqual(try objects(result.stdout).map { $0["id"] as? String }, ["https://news.example/ok"])
    }

    func testOversizedPageFileIsRejected() throws {
        let file = try write(String(repeating: Self.article, count: 40), to: "huge.txt")
        let result = try winnow(["clean", "--max-bytes", "2K", file])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("huge.txt: over --max-bytes"), result.stderr)
    }
}
