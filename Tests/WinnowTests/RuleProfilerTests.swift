import XCTest
@testable import Winnow

/// `RuleProfiler` counts each pattern's runs and matches as the classifier runs them (the
/// prefilter's candidates, conditions first, the first rule that fires decides). Times are
/// never checked.
final class RuleProfilerTests: XCTestCase {
    static let pack = """
    rules:
      - {id: home, label: navigation, patterns: ['^home$'], priority: 90}
      - id: share
        label: navigation
        patterns: ['^share on (facebook|twitter)\\b', 'share this']
        priority: 80
      - {id: short-tags, label: tags, patterns: ['^tags?:'], when: {words: "< 3"}, priority: 70}
      - {id: any-digit, label: disclaimer, patterns: ['\\d'], priority: 10}
    """

    func testCountsRunsAndMatchesAsTheClassifierRunsThem() throws {
        let set = try RuleSet(packs: [try RuleLoader().load(yaml: Self.pack, file: "profile.yaml")])
        let profiler = RuleProfiler(rules: set)
        let page = """
        Home
        Share on Facebook: share this
        Share on Twitterverse
        Please share this story with 3 friends
        Tags: harbour
        Tags: harbour, council, weather and more
        The council met on 4 May.
        Nothing to see here

        """
        profiler.profile(RawDocument(id: "p", source: "p", bytes: Array(page.utf8)))
        XCTAssertEqual(profiler.pages, 1)
        XCTAssertEqual(profiler.segments, 8)
        func counts(_ rule: String, _ number: Int) -> [Int] {
            let cost = profiler.costs.first { $0.ruleID == rule && $0.number == number }!
            return [cost.runs, cost.matches]
        }
        XCTAssertEqual(counts("home", 1), [1, 1])        // only the line starting with "home" runs it
        XCTAssertEqual(counts("share", 1), [2, 1])       // lines 2 and 3 start with "share on twitter" or "share on facebook"; "twitterverse" fails the \b
        XCTAssertEqual(counts("share", 2), [1, 1])       // not on line 2, where the rule's first pattern fired already
        XCTAssertEqual(counts("short-tags", 1), [1, 1])  // the long tag line fails words < 3, so the pattern does not run
        XCTAssertEqual(counts("any-digit", 1), [1, 1])   // no literal, but a digit: of the lines still undecided (3, 6, 7, 8) only 7 has one
        XCTAssertEqual(profiler.costs.map(\.limitHits), [0, 0, 0, 0, 0])
        XCTAssertEqual(profiler.compiledPatterns, 5)  // each pattern that ran, compiled (and timed apart) before its first run
        XCTAssertEqual(profiler.ranked.count, 5)
        XCTAssertEqual(profiler.rankedByRule.map(\.runs).reduce(0, +), 6)
        XCTAssertEqual(profiler.rankedByRule.first { $0.ruleID == "share" }.map { [$0.runs, $0.matches] }, [3, 2])
    }

    func testReadsInputsAsCleanDoes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("profiler-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "Home\nSome words\n".write(to: folder.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        try "{\"id\": \"x\", \"text\": \"Home\\nhome\"}\n{\"id\": \"y\", \"text\": \"Share this\"}\n"
            .write(to: folder.appendingPathComponent("b.jsonl"), atomically: true, encoding: .utf8)
        let profiler = RuleProfiler(rules: try RuleSet(packs: [try RuleLoader().load(yaml: Self.pack, file: "profile.yaml")]))
        let unread = profiler.profile(inputs: [folder.path, folder.appendingPathComponent("missing.txt").path])
        XCTAssertEqual(unread.count, 1)
        XCTAssertEqual(profiler.pages, 3)
        XCTAssertEqual(profiler.costs[0].runs, 3)
        XCTAssertEqual(profiler.costs[0].matches, 3)
        XCTAssertEqual(profiler.costs[2].matches, 1)
    }

    /// On the corpus pages with the default rules: each rule's matches are the segments it decides.
    func testMatchesAreTheClassifiersWinners() throws {
        let set = try RuleSet.load(extraPacks: [])
        let profiler = RuleProfiler(rules: set)
        let pipeline = Pipeline(rules: set)
        var winners: [String: Int] = [:]
        let items = InputWalker().items(for: [AccuracyFloorTests.root.appendingPathComponent("corpus").path]).items
        for item in items.filter({ $0.path.hasSuffix(".labels") }).prefix(40) {
            let document = try PageReader().read(item)
            profiler.profile(document)
            for verdict in pipeline.run(document, collectAllHits: false).verdicts {
                if let winner = verdict.winner { winners[set.rules[winner].id, default: 0] += 1 }
            }
        }
        let matches = Dictionary(profiler.costs.map { ($0.ruleID, $0.matches) }, uniquingKeysWith: +).filter { $0.value > 0 }
        XCTAssertFalse(matches.isEmpty)
        XCTAssertEqual(matches, winners)
    }
}
