import XCTest

final class ReportCommandTests: CLITestCase {
    func testReportWritesOneSelfContainedFile() throws {
        try write("navigation\tHome\nbody\tThe harbour wall will be rebuilt next spring, the council said on Tuesday after a long debate in the town hall.\nbody\tBy Jane Doe\n", to: "c/p.labels")
        try write(Self.article, to: "c/plain.txt")
        let out = workDir.appendingPathComponent("out/report.html").path
        let result = try winnow(["report", workDir.appendingPathComponent("c").path, "--out", out, "--title", "Harbour pages"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("wrote \(out): 2 pages"), result.stderr)
        let html = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(html.contains("<title>Harbour pages</title>"))
        XCTAssertTrue(html.contains("<svg class=\"confusion\""))
        XCTAssertTrue(html.contains("p.labels"))
        XCTAssertTrue(html.contains("plain.txt"))
        XCTAssertTrue(html.contains("✗ gold body"))
        XCTAssertTrue(html.contains("rules: defaults ("))
        for external in ["<link", "src=", "@import", "url(", "href=\"http"] {
            XCTAssertFalse(html.contains(external), "external reference \(external)")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: workDir.appendingPathComponent("out").path)
        XCTAssertEqual(leftovers, ["report.html"])
    }

    func testReportToStandardOutputAndMissingInput() throws {
        let page = try write(Self.article, to: "a.txt")
        let result = try winnow(["report", page, workDir.appendingPathComponent("missing.txt").path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.hasPrefix("<!DOCTYPE html>"), String(result.stdout.prefix(100)))
        XCTAssertTrue(result.stderr.contains("missing.txt: no such file or folder"), result.stderr)
    }
}
