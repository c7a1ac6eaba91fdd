import XCTest
@testable import Winnow

/// The quality gate: the labelled corpus must score at least the floors recorded in
/// `Tests/accuracy-floors.json`. Floors only move up: raise them when the rules improve.
final class AccuracyFloorTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Floors: Decodable {
        struct Corpus: Decodable { var pages: Int; var macro_f1: Double; var labels: [String: Double] }
        /// Snippet figures on `../shared/devset` (the README's dev-set table), overall and for
        /// every language with enough pages to be measured.
        struct DevSet: Decodable { var f1: Double; var precision: Double; var recall: Double; var languages: [String: Double] }
        var corpus: Corpus
        var devset: DevSet?
    }

    func evaluateCorpus() throws -> Evaluation {
        let pipeline = Pipeline(rules: try RuleSet.load(extraPacks: []))
        let reader = PageReader(format: .annotated)
        let items = InputWalker().items(for: [Self.root.appendingPathComponent("corpus").path]).items.filter { $0.path.hasSuffix(".labels") }
        var evaluation = Evaluation()
        for item in items {
            let page = pipeline.run(try reader.read(item))
            let gold = try XCTUnwrap(page.gold, "\(item.path): labels do not line up with segments")
            evaluation.add(gold: gold, predicted: page.decisions.map(\.label))
        }
        return evaluation
    }

    func testCorpusScoresAtLeastTheRecordedFloors() throws {
        let data = try Data(contentsOf: Self.root.appendingPathComponent("Tests/accuracy-floors.json"))
        let floors = try JSONDecoder().decode(Floors.self, from: data).corpus
        let evaluation = try evaluateCorpus()
        XCTAssertGreaterThanOrEqual(evaluation.pages, floors.pages, "the corpus lost pages")
        XCTAssertGreaterThanOrEqual(evaluation.macroF1, floors.macro_f1, "corpus macro F1 fell below its floor")
        for label in Label.allCases {
            let floor = try XCTUnwrap(floors.labels[label.rawValue], "no floor for \(label)")
            XCTAssertGreaterThanOrEqual(evaluation.scores(for: label).f1, floor, "\(label) F1 fell below its floor")
        }
    }

    /// The dev set is data beside the repository, not part of it: without it the test skips.
    func testDevSetScoresAtLeastTheRecordedFloors() throws {
        let folder = Self.root.deletingLastPathComponent().appendingPathComponent("shared/devset")
        let expectationsFile = folder.appendingPathComponent("expectations.jsonl")
        guard FileManager.default.fileExists(atPath: expectationsFile.path) else {
            throw XCTSkip("no dev set at \(folder.path)")
        }
        let data = try Data(contentsOf: Self.root.appendingPathComponent("Tests/accuracy-floors.json"))
        let floors = try XCTUnwrap(try JSONDecoder().decode(Floors.self, from: data).devset, "no dev-set floors")
        let expectations = try SnippetExpectation.parseLines(String(decoding: try Data(contentsOf: expectationsFile), as: UTF8.self))
        let pipeline = Pipeline(rules: try RuleSet.load(extraPacks: []))
        let reader = PageReader(format: .text)
        var overall = SnippetCounts()
        var languages: [String: SnippetCounts] = [:]
        for expectation in expectations {
            let name = expectation.id + ".txt"
            let page = pipeline.run(try reader.read(InputWalker.Item(path: folder.appendingPathComponent("pages/" + name).path, relativePath: name)))
            let counts = SnippetScorer().score(output: TextWriter().render(page), against: expectation).counts
            overall += counts
            languages[page.language ?? "unknown", default: SnippetCounts()] += counts
        }
        XCTAssertGreaterThanOrEqual(overall.f1, floors.f1, "dev-set F1 fell below its floor")
        XCTAssertGreaterThanOrEqual(overall.precision, floors.precision, "dev-set precision fell below its floor")
        XCTAssertGreaterThanOrEqual(overall.recall, floors.recall, "dev-set recall fell below its floor")
        for (language, floor) in floors.languages {
            XCTAssertGreaterThanOrEqual(languages[language]?.f1 ?? 0, floor, "dev-set F1 of \(language) fell below its floor")
        }
    }

    func testCorpusIsWellFormedAndVaried() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("corpus").path).filter { $0.hasSuffix(".labels") }
        XCTAssertGreaterThanOrEqual(files.count, 40)
        let languages = Set(files.map { $0.split(separator: "-")[0] })
        XCTAssertGreaterThanOrEqual(languages.count, 3)
        var labelCounts: [Label: Int] = [:]
        for file in files {
            let text = try String(contentsOf: Self.root.appendingPathComponent("corpus/" + file), encoding: .utf8)
            let parsed = try AnnotatedPage.parse(text)
            for case let label? in parsed.labels { labelCounts[label, default: 0] += 1 }
        }
        for label in Label.allCases { XCTAssertGreaterThan(labelCounts[label] ?? 0, 100, "\(label) is under-represented") }
    }
}
