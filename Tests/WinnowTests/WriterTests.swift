import XCTest
@testable import Winnow

final class WriterTests: XCTestCase {
    func page() throws -> ClassifiedPage {
        let pipeline = Pipeline(rules: try RuleSet.load(extraPacks: []))
        let text = "Skip to content\n\nThe harbour wall will be rebuilt next spring, the council said on Tuesday after a long debate.\n\"Quoted\" line\twith tab\n© 2024 Harbour Times\n"
        return pipeline.run(RawDocument(id: "a/b.txt", source: "a/b.txt", bytes: Array(text.utf8)))
    }

    func testAnnotatedOutputKeepsEmptyLinesAndRoundTrips() throws {
        let page = try page()
        let annotated = AnnotatedWriter().render(page)
        let lines = annotated.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines[1], "")
        XCTAssertTrue(lines[0].hasPrefix("navigation\tSkip to content"))
        let parsed = try AnnotatedPage.parse(annotated)
        XCTAssertEqual(parsed.page, page.page.text)
    }

    func testJSONLIsOneValidObjectPerPage() throws {
        let line = JSONLWriter().render(try page())
        XCTAssertEqual(line.filter { $0 == "\n" }.count, 1)
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        XCTAssertEqual(object["id"] as? String, "a/b.txt")
        let segments = object["segments"] as! [[String: Any]]
        XCTAssertEqual(segments.count, 4)
        XCTAssertEqual(segments.last?["by"] as? String, "rule:disclaimer-copyright")
        let everything = try JSONSerialization.jsonObject(with: Data(JSONLWriter(keep: Set(Label.allCases)).render(try page()).utf8)) as! [String: Any]
        XCTAssertTrue((everything["text"] as! String).contains("\"Quoted\" line with tab"))
    }

    func testTextKeepsChosenLabels() throws {
        let page = try page()
        XCTAssertFalse(TextWriter().render(page).contains("©"))
        XCTAssertTrue(TextWriter(keep: [.body, .disclaimer]).render(page).contains("© 2024"))
    }

    func testJSONQuoting() {
        XCTAssertEqual(JSON.quote("a\"b\\c\n\u{1}é"), "\"a\\\"b\\\\c\\n\\u0001é\"")
    }

    /// A closed writer must not close its descriptor number again when it is freed: by then the
    /// number may belong to another file (another thread's input, say), which would fail to read.
    func testClosedFileWriterLeavesAReusedDescriptorAlone() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-fd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let other = folder.appendingPathComponent("other.txt").path
        try Data("still readable".utf8).write(to: URL(fileURLWithPath: other))
        var writer: FileWriter? = try FileWriter(path: folder.appendingPathComponent("out.txt").path)
        try writer?.write("done")
        try writer?.close()
        // The lowest free number is reused: the source gets the writer's old descriptor.
        let source = try FileSource(path: other)
        writer = nil
        var bytes = [UInt8](repeating: 0, count: 64)
        let count = try bytes.withUnsafeMutableBytes { try source.read(into: $0) }
        XCTAssertEqual(String(decoding: bytes[..<count], as: UTF8.self), "still readable")
    }
}
