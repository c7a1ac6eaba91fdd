import XCTest

/// The README's tutorial, run as written: the Courier pack passes its tests, lints clean and
/// improves the figures on its pages.
final class TutorialTests: CLITestCase {
    var tutorial: String { Self.packageRoot.appendingPathComponent("examples/tutorial").path }

    func testCourierPackPassesItsTestsAndLintsClean() throws {
        let test = try winnow(["rules", "test", "--rules", tutorial + "/courier"])
        XCTAssertEqual(test.status, 0, test.stdout)
        XCTAssertTrue(test.stdout.contains("pages: 48 passed, 0 failed"), test.stdout)
        let lint = try winnow(["rules", "lint", "--rules", tutorial + "/courier", "--corpus", tutorial + "/pages", "--packs-only"])
        XCTAssertEqual(lint.status, 0, lint.stdout)
        XCTAssertTrue(lint.stdout.hasPrefix("lint: 0 errors, 0 warnings"), lint.stdout)
    }

    func testCourierPackImprovesTheFigures() throws {
        func macroF1(_ extra: [String]) throws -> Double {
            let result = try winnow(["eval", "--json"] + extra + [tutorial + "/pages"])
            XCTAssertEqual(result.status, 0, result.stderr)
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
            return object["macro_f1"] as! Double
        }
        let before = try macroF1([]), after = try macroF1(["--rules", tutorial + "/courier"])
        XCTAssertLessThan(before, 0.8)
        XCTAssertEqual(after, 1.0)
        let diff = try winnow(["diff", "--rules", tutorial + "/courier", tutorial + "/pages"])
        XCTAssertTrue(diff.stdout.contains("6 fixed, 0 broken"), diff.stdout)
    }
}
