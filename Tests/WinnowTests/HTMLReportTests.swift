import XCTest
@testable import Winnow

final class HTMLReportTests: XCTestCase {
    func page(_ annotated: String, id: String = "p.labels") throws -> ClassifiedPage {
        let document = try PageReader(format: .annotated).document(id: id, source: id, bytes: Array(annotated.utf8))
        return Pipeline(rules: try RuleSet.load(extraPacks: [])).run(document)
    }

    func testLabelledReportHasFiguresChartPagesAndMistakes() throws {
        var report = HTMLReport(title: "Test <report>", rules: "defaults")
        report.add(try page("navigation\tHome\nbody\tThe harbour wall will be rebuilt next spring, the council said on Tuesday after a long debate <in> the hall.\nbody\tBy Jane & Joe\ntags\tTags:\n"))
        let html = report.render()
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(html.contains("<title>Test &lt;report&gt;</title>"))
        XCTAssertTrue(html.contains("Per-label figures"))
        XCTAssertTrue(html.contains("<svg class=\"confusion\""))
        XCTAssertTrue(html.contains("debate &lt;in&gt; the hall."), "segment text is escaped")
        XCTAssertTrue(html.contains("By Jane &amp; Joe"))
        // The byline after the article is not kept, against its gold body: marked, with the decider on hover.
        XCTAssertTrue(html.contains("wrong\" data-by=\"teasers by scorer:after main region"), html)
        XCTAssertTrue(html.contains("4 words · gold body ✗"))
        XCTAssertTrue(html.contains("✗ gold body"))
        XCTAssertTrue(html.contains("data-by=\"tags by rule:tags-heading"))
        XCTAssertTrue(html.contains("data-mistakes=\"1\""))
    }

    func testUnlabelledReportShowsLabelsOnly() throws {
        var report = HTMLReport(title: "t", rules: "defaults")
        let document = RawDocument(id: "a.txt", source: "a.txt", bytes: Array("Home\nThe harbour wall will be rebuilt next spring, the council said on Tuesday.\n".utf8))
        report.add(Pipeline(rules: try RuleSet.load(extraPacks: [])).run(document))
        let html = report.render()
        XCTAssertFalse(html.contains("<svg class=\"confusion\""))
        XCTAssertTrue(html.contains("No gold labels"))
        XCTAssertFalse(html.contains(" wrong\""))
    }

    func testReportIsSelfContained() throws {
        var report = HTMLReport(title: "t", rules: "defaults")
        report.add(try page("body\tText that links to https://example.com/page.\n"))
        let html = report.render()
        for external in ["<link", "src=", "@import", "url(", "href=\"http", "<iframe"] {
            XCTAssertFalse(html.contains(external), "external reference \(external)")
        }
    }
}
