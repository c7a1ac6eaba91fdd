import XCTest
@testable import Winnow

/// The quality gate: the labelled corpus must score at least the floors recorded in
/// `Tests/accuracy-floors.json`. Floors only move up: raise them when the rules improve.
final class AccuracyFloorTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Floors: Decodable {
        struct Corpus: Decodable { var pages: Int; var macro_f1: Double; var labels: [String: Double] }
        var corpus: Corpus
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
