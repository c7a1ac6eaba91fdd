import XCTest

/// Every input kind of `winnow clean`, end to end through the binary.
final class BatchInputTests: CLITestCase {
    func jsonlLine(id: String, text: String, extra: String = "") -> String {
        "{\"id\":\(Self.quoted(id)),\"url\":\"https://news.example/\(id)\",\"text\":\(Self.quoted(text))\(extra)}\n"
    }

    func testJSONLInGivesJSONLOutWithFieldsCarriedThroughInOrder() throws {
        let input = jsonlLine(id: "a", text: Self.page(1), extra: ",\"meta\":{\"n\": [1, 2.5e3, null, true]},\"text_len\":42")
            + jsonlLine(id: "b", text: Self.page(2))
        let file = try write(input, to: "shard.jsonl")
        let result = try winnow(["clean", file])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 2)
        // Key order: the input's, the text replaced in place, Winnow's fields after.
        XCTAssertTrue(lines[0].hasPrefix("{\"id\":\"a\",\"url\":\"https://news.example/a\",\"text\":\"The harbour wall"), String(lines[0]))
        XCTAssertTrue(lines[0].contains("\"meta\":{\"n\": [1, 2.5e3, null, true]},\"text_len\":42,\"language\":\"en\",\"segments\":["), String(lines[0]))
        let objects = try objects(result.stdout)
        XCTAssertEqual(objects.map { $0["id"] as? String }, ["a", "b"])
        let text = objects[1]["text"] as! String
        XCTAssertTrue(text.hasPrefix("The harbour wall"))
        XCTAssertTrue(text.contains("Resident number 2"))
        XCTAssertFalse(text.contains("©"))
        XCTAssertEqual((objects[0]["segments"] as! [[String: Any]]).count, 8)
    }

    func testTextAndIDFieldsAndTextOutput() throws {
        let input = "{\"doc\":\"x1\",\"content\":\(Self.quoted(Self.page(7)))}\n"
        let file = try write(input, to: "data.ndjson")
        let jsonl = try winnow(["clean", "--text-field", "content", "--id-field", "doc", file])
        XCTAssertEqual(jsonl.status, 0, jsonl.stderr)
        let object = try objects(jsonl.stdout)[0]
        XCTAssertEqual(object["doc"] as? String, "x1")
        XCTAssertTrue((object["content"] as! String).contains("Resident number 7"))
        XCTAssertNil(object["text"])
        let text = try winnow(["clean", "--text-field", "content", "--format", "text", file])
        XCTAssertTrue(text.stdout.hasPrefix("The harbour wall"), text.stdout)
        XCTAssertEqual(text.stdout.split(separator: "\n").count, 3)
    }

    func testGzipIsDetectedByMagicBytesWhateverTheName() throws {
        let input = jsonlLine(id: "a", text: Self.page(1)) + jsonlLine(id: "b", text: Self.page(2))
        let plain = try winnow(["clean", try write(input, to: "p.jsonl")])
        let named = try winnow(["clean", try write(raw: try gzip(Array(input.utf8)), to: "p.jsonl.gz")])
        let unnamed = try winnow(["clean", "--input-format", "jsonl", try write(raw: try gzip(Array(input.utf8)), to: "blob.bin")])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertEqual(named.stdout, plain.stdout)
        XCTAssertEqual(unnamed.stdout, plain.stdout)
        // A gzip-compressed text page, and JSONL recognised by its content.
        let page = try winnow(["clean", try write(raw: try gzip(Array(Self.article.utf8)), to: "page.txt.gz")])
        XCTAssertTrue(page.stdout.hasPrefix("The harbour wall"), page.stdout + page.stderr)
        let sniffed = try winnow(["clean", try write(input, to: "noext")])
        XCTAssertEqual(sniffed.stdout, plain.stdout)
    }

    func testStandardInputPlainAndGzipJSONL() throws {
        let input = jsonlLine(id: "a", text: Self.page(1)) + jsonlLine(id: "b", text: Self.page(2))
        let file = try winnow(["clean", try write(input, to: "s.jsonl")])
        let stdin = try winnow(["clean", "-"], stdinBytes: Array(input.utf8))
        XCTAssertEqual(stdin.status, 0, stdin.stderr)
        XCTAssertEqual(stdin.stdout, file.stdout)
        let compressed = try winnow(["clean"], stdinBytes: try gzip(Array(input.utf8)))
        XCTAssertEqual(compressed.stdout, file.stdout)
        let page = try winnow(["clean", "-"], stdinBytes: try gzip(Array(Self.article.utf8)))
        XCTAssertTrue(page.stdout.hasPrefix("The harbour wall"))
    }

    func testWARCResponsesAreDocumentsByTargetURIAndNonTextIsSkippedWithACount() throws {
        let records = [
            Self.warcRecord(type: "warcinfo", uri: nil, contentType: "application/warc-fields", content: Array("software: test\r\n".utf8)),
            Self.warcRecord(type: "request", uri: "https://news.example/harbour", contentType: "application/http; msgtype=request", content: Array("GET /harbour HTTP/1.1\r\n\r\n".utf8)),
            Self.warcRecord(type: "response", uri: "https://news.example/harbour", contentType: "application/http; msgtype=response", content: Self.httpResponse(Self.page(1))),
            Self.warcRecord(type: "response", uri: "https://news.example/logo.png", contentType: "application/http; msgtype=response", content: Self.httpResponse("\u{89}PNG", contentType: "image/png")),
            Self.warcRecord(type: "metadata", uri: "https://news.example/harbour", contentType: "application/warc-fields", content: Array("fetchTimeMs: 12\r\n".utf8)),
            Self.warcRecord(type: "response", uri: "https://news.example/quay", contentType: "application/http; msgtype=response", content: Self.httpResponse(Self.page(2))),
        ]
        // Plain, and gzip member by member as Common Crawl writes it.
        let plain = try write(raw: records.flatMap { $0 }, to: "crawl.warc")
        let members = try write(raw: try records.flatMap { try gzip($0) }, to: "crawl.warc.gz")
        for file in [plain, members] {
            let result = try winnow(["clean", "--format", "jsonl", "--summary", file])
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(try objects(result.stdout).map { $0["id"] as? String }, ["https://news.example/harbour", "https://news.example/quay"])
            XCTAssertFalse(result.stdout.contains("HTTP/1.1"), "the HTTP header is not part of the text")
            XCTAssertTrue(result.stderr.contains("skipped: not text 1"), result.stderr)
            XCTAssertTrue(result.stderr.contains("documents in 3: cleaned 2"), result.stderr)
            XCTAssertTrue(result.stderr.contains("WARC records that are not documents: metadata 1, request 1, warcinfo 1"), result.stderr)
        }
        let stats = path("stats.json")
        _ = try winnow(["clean", "--stats", stats, "-q", members])
        let figures = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: stats))) as! [String: Any]
        XCTAssertEqual((figures["skipped"] as! [String: Any])["total"] as? Int, 1)
        XCTAssertEqual(figures["cleaned"] as? Int, 2)
    }

    func testWETConversionRecordsAndAFolderOfDocumentsUnderOut() throws {
        let records = [
            Self.warcRecord(type: "warcinfo", uri: nil, contentType: "application/warc-fields", content: Array("isPartOf: test\r\n".utf8)),
            Self.warcRecord(type: "conversion", uri: "https://news.example/harbour", contentType: "text/plain", content: Array(Self.page(1).utf8)),
            Self.warcRecord(type: "conversion", uri: "http://other.example/a/b?c=d", contentType: "text/plain", content: Array(Self.page(2).utf8)),
        ]
        let file = try write(raw: try records.flatMap { try gzip($0) }, to: "in/CC-TEST-00001.warc.wet.gz")
        let result = try winnow(["clean", file, "--out", path("out")])
        XCTAssertEqual(result.status, 0, result.stderr)
        let files = try tree("out").keys.filter { !$0.hasPrefix(".") }.sorted()
        XCTAssertEqual(files, ["CC-TEST-00001.wet/news.example_harbour.txt", "CC-TEST-00001.wet/other.example_a_b_c_d.txt"])
        let text = try String(contentsOfFile: path("out/CC-TEST-00001.wet/other.example_a_b_c_d.txt"))
        XCTAssertTrue(text.contains("Resident number 2"))
        // The same input as JSONL: one file for the input.
        let jsonl = try winnow(["clean", file, "--format", "jsonl", "--out", path("out2")])
        XCTAssertEqual(jsonl.status, 0, jsonl.stderr)
        XCTAssertEqual(try objects(try String(contentsOfFile: path("out2/CC-TEST-00001.jsonl"))).count, 2)
    }

    func testInputFormatOverridesDetection() throws {
        let input = jsonlLine(id: "a", text: Self.page(1))
        let file = try write(input, to: "looks.jsonl")
        let asText = try winnow(["clean", "--input-format", "text", "--format", "jsonl", file])
        XCTAssertEqual(asText.status, 0, asText.stderr)
        let object = try objects(asText.stdout)[0]
        XCTAssertEqual(object["id"] as? String, "looks.jsonl", "read as one text page")
    }

    func testEmptyDocumentsAreKeptAndCountedUnlessDropped() throws {
        let input = jsonlLine(id: "full", text: Self.page(1)) + jsonlLine(id: "menu", text: "Home\nNews\nSport") + jsonlLine(id: "blank", text: "")
        let file = try write(input, to: "e.jsonl")
        let kept = try winnow(["clean", "--summary", file])
        XCTAssertEqual(kept.status, 0, kept.stderr)
        let objects = try objects(kept.stdout)
        XCTAssertEqual(objects.map { $0["id"] as? String }, ["full", "menu", "blank"])
        XCTAssertEqual(objects[1]["text"] as? String, "")
        XCTAssertTrue(kept.stderr.contains("cleaned 3 (2 empty)"), kept.stderr)
        let dropped = try winnow(["clean", "--summary", "--drop-empty", file])
        XCTAssertEqual(try self.objects(dropped.stdout).map { $0["id"] as? String }, ["full"])
        XCTAssertTrue(dropped.stderr.contains("cleaned 3 (2 empty, 2 dropped)"), dropped.stderr)
    }

    func testFoldersMixFormatsAndJSONLOutIsOneFilePerShard() throws {
        try write(Self.page(1), to: "in/pages/a.txt")
        try write("navigation\tHome\nbody\tThe quay road will stay open to traffic for most of the two years the work is expected to take.\n", to: "in/pages/b.labels")
        try write(jsonlLine(id: "x", text: Self.page(2)) + jsonlLine(id: "y", text: Self.page(3)), to: "in/shards/s1.jsonl")
        let result = try winnow(["clean", path("in"), "--out", path("out")])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("cleaned 4 pages"), result.stderr)
        let files = try tree("out")
        XCTAssertEqual(files.keys.filter { !$0.hasPrefix(".") }.sorted(), ["pages/a.txt", "pages/b.txt", "shards/s1.jsonl"])
        XCTAssertEqual(String(decoding: files["pages/b.txt"]!, as: UTF8.self), "The quay road will stay open to traffic for most of the two years the work is expected to take.\n",
                       "an annotated page is read without its labels")
        XCTAssertEqual(String(decoding: files["shards/s1.jsonl"]!, as: UTF8.self).split(separator: "\n").count, 2)
    }
}
