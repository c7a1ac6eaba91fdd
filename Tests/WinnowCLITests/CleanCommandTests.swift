import XCTest

final class CleanCommandTests: CLITestCase {
    func testCleanPrintsTheArticle() throws {
        let page = try write(Self.article, to: "page.txt")
        let result = try winnow(["clean", page])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout.split(separator: "\n").count, 3)
        XCTAssertTrue(result.stdout.hasPrefix("The harbour wall"))
        XCTAssertFalse(result.stdout.contains("©"))
    }

    func testStandardInputAndKeep() throws {
        let result = try winnow(["clean", "--keep", "body,disclaimer", "-"], stdin: Self.article)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("© 2024 Harbour Times"))
        XCTAssertFalse(result.stdout.contains("Tags:"))
    }

    func testJSONLCarriesLabelsAndRules() throws {
        let page = try write(Self.article, to: "page.txt")
        let result = try winnow(["clean", "--format", "jsonl", page])
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        let segments = object["segments"] as! [[String: Any]]
        XCTAssertEqual(segments.count, 8)
        XCTAssertEqual(segments[5]["label"] as? String, "tags")
        XCTAssertEqual(segments[5]["by"] as? String, "rule:tags-heading")
        XCTAssertEqual(segments[6]["by"] as? String, "zone:tags-heading")
    }

    func testAnnotatedFormatRoundTrips() throws {
        let page = try write(Self.article, to: "page.txt")
        let result = try winnow(["clean", "--format", "annotated", page])
        let stripped = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map { $0.split(separator: "\t", maxSplits: 1).last.map(String.init) ?? "" }
        XCTAssertEqual(stripped.joined(separator: "\n"), Self.article)
    }

    func testOutMirrorsTheInputTree() throws {
        try write(Self.article, to: "in/a.txt")
        try write(Self.article, to: "in/sub/b.txt")
        try write("ignored", to: "in/.hidden")
        let result = try winnow(["clean", workDir.appendingPathComponent("in").path, "--out", workDir.appendingPathComponent("out").path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("cleaned 2 pages"), result.stderr)
        let fm = FileManager.default
        XCTAssertTrue(fm.fileExists(atPath: workDir.appendingPathComponent("out/a.txt").path))
        XCTAssertTrue(fm.fileExists(atPath: workDir.appendingPathComponent("out/sub/b.txt").path))
        let leftovers = try fm.subpathsOfDirectory(atPath: workDir.appendingPathComponent("out").path).filter { $0.contains(".winnow-tmp") }
        XCTAssertEqual(leftovers, [])
    }

    func testOneBadInputDoesNotStopTheOthers() throws {
        let good = try write(Self.article, to: "good.txt")
        let result = try winnow(["clean", workDir.appendingPathComponent("missing.txt").path, good])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("missing.txt: no such file or folder"), result.stderr)
        XCTAssertTrue(result.stdout.contains("The harbour wall"))
    }

    func testInvalidUTF8AndBinaryAreRepairedNotFatal() throws {
        let path = try write(bytes: Array("The harbour wall will be rebuilt next spring, the council said on Tuesday evening \u{2014} \"finally\".\n".utf8) + [0xFF, 0xFE, 0x00, 0x01, 0x0A], to: "bad.txt")
        let result = try winnow(["clean", "--format", "jsonl", path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("\"invalid_utf8\":2"), result.stdout)
    }

    func testBadArgumentsAreUsageErrors() throws {
        let result = try winnow(["clean", "--format", "pdf", "-"], stdin: "")
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.stderr.contains("pdf"), result.stderr)
        let keep = try winnow(["clean", "--keep", "body,footer", "-"], stdin: "")
        XCTAssertEqual(keep.status, 64)
    }
}
