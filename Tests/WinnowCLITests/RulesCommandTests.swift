import XCTest
import Winnow
import WinnowPCRE2

final class RulesCommandTests: CLITestCase {
    func testBadPatternNamesFileLineAndRuleAndExitsTwo() throws {
        let pack = try write("rules:\n  - id: my-broken-rule\n    label: tags\n    patterns:\n      - '[unclosed'\n", to: "pack.yaml")
        let page = try write(Self.article, to: "page.txt")
        let result = try winnow(["clean", "--rules", pack, page])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("pack.yaml:5: rule \"my-broken-rule\": pattern does not compile"), result.stderr)
        XCTAssertEqual(result.stdout, "")
    }

    func testCatastrophicPatternEndsByItsLimitAndThePageIsStillClassified() throws {
        let pack = try write("rules:\n  - id: slow\n    label: tags\n    patterns: ['^(\\w+\\s?)+$']\n    examples: ['a b']\n", to: "slow.yaml")
        let long = String(repeating: "word ", count: 3000) + "!"
        let page = try write(Self.article + long + "\n", to: "page.txt")
        let result = try winnow(["clean", "--rules", pack, "--format", "jsonl", page])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("slow: segment"), result.stderr)
        XCTAssertTrue(result.stderr.contains("limit exceeded"), result.stderr)
        XCTAssertTrue(result.stdout.contains("The harbour wall"))
    }

    /// `rules profile` gives the time spent JIT-compiling the patterns that ran apart from
    /// their runs' times (figures in nanoseconds; times are never checked).
    func testRulesProfileGivesCompilationApart() throws {
        let pack = try write("rules:\n  - {id: home, label: navigation, patterns: ['^home$', '^start$'], priority: 99}\n", to: "p.yaml")
        let page = try write("Home\nStart\nA line of prose that no rule of this pack takes.\n", to: "page.txt")
        let result = try winnow(["rules", "profile", "--no-default-rules", "--rules", pack, "--format", "json", page])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("\"compiled_patterns\":2"), result.stdout)
        XCTAssertTrue(result.stdout.contains("\"compile_ns\":"), result.stdout)
        let text = try winnow(["rules", "profile", "--no-default-rules", "--rules", pack, page])
        XCTAssertTrue(text.stdout.contains("JIT-compiling 2 of them"), text.stdout)
    }

    func testRulesTestPassesOnDefaultsAndNamesABrokenExample() throws {
        let ok = try winnow(["rules", "test"])
        XCTAssertEqual(ok.status, 0, ok.stdout)
        XCTAssertTrue(ok.stdout.contains(" 0 failed"), ok.stdout)
        let pack = try write("rules:\n  - id: my-tags\n    label: tags\n    patterns: ['^labels:']\n    examples: ['Keywords: x']\n", to: "p.yaml")
        let failing = try winnow(["rules", "test", "--rules", pack])
        XCTAssertEqual(failing.status, 1)
        XCTAssertTrue(failing.stdout.contains("FAIL"), failing.stdout)
        XCTAssertTrue(failing.stdout.contains("my-tags"), failing.stdout)
        XCTAssertTrue(failing.stdout.contains("Keywords: x"), failing.stdout)
    }

    func testOverrideAndDisableByID() throws {
        let pack = try write("disable: [tags-heading]\n", to: "p.yaml")
        let page = try write(Self.article, to: "page.txt")
        let result = try winnow(["clean", "--rules", pack, "--format", "jsonl", page])
        XCTAssertFalse(result.stdout.contains("rule:tags-heading"))
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    /// `--literals` shows PCRE2's own bounds (first byte, fewest bytes) of a pattern without
    /// literals, and "(always runs)" only for a pattern nothing gates.
    func testPatternsLiteralsShowsFirstByteAndLengthGates() throws {
        let pack = try write("rules:\n  - id: my-numbers\n    label: tags\n    patterns: ['^[ 0-9]{3,}$', 'x*']\n", to: "p.yaml")
        let result = try winnow(["rules", "patterns", "--literals", "--rules", pack])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").filter { $0.hasPrefix("my-numbers\t") }
        XCTAssertEqual(lines, ["my-numbers\tno literal; first byte [\\x20 0-9]; at least 3 bytes\t(?i)^[ 0-9]{3,}$",
                               "my-numbers\t(always runs)\t(?i)x*"])
    }

    /// How the prefilter gates every default pattern (`rules patterns --literals`: the prefixes
    /// or contained strings, the lead, the first bytes and fewest bytes), as written down when
    /// the literal analysis was restructured: any change to the analysis or to how the
    /// prefilter prepares its strings that moves a gate fails here. After a deliberate change to
    /// the default rules or to the gates, write the file again with `make gates` and read its diff.
    func testDefaultPatternGatesAreUnchanged() throws {
        let snapshot = Self.packageRoot.appendingPathComponent("Tests/Snapshots/default-pattern-gates.txt")
        let expected = try String(contentsOf: snapshot, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let result = try winnow(["rules", "patterns", "--literals"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, expected.count, "number of lines")
        for (line, was) in zip(lines, expected) where line != was {
            XCTFail("gate changed (after a deliberate change to the default rules, `make gates` writes the snapshot again):\nwas \(was)\nnow \(line)")
        }
    }

    func testPatternsPrintsInlineOptions() throws {
        let result = try winnow(["rules", "patterns"])
        XCTAssertEqual(result.status, 0)
        let lines = result.stdout.split(separator: "\n")
        XCTAssertGreaterThan(lines.count, 50)
        XCTAssertTrue(lines.allSatisfy { $0.hasPrefix("(*UTF)(*UCP)(?i)") })
    }

    /// `pcre2grep -f` given the output of `rules patterns` runs the same patterns as Winnow:
    /// on the corpus lines, it finds exactly the lines some Winnow pattern matches.
    func testPatternsRunUnchangedUnderPcre2grep() throws {
        let pcre2grep = "/usr/bin/pcre2grep"
        guard FileManager.default.isExecutableFile(atPath: pcre2grep) else { throw XCTSkip("pcre2grep is not installed (apt-get install pcre2-utils)") }
        let listing = try winnow(["rules", "patterns"])
        XCTAssertEqual(listing.status, 0, listing.stderr)
        let patternsFile = try write(listing.stdout, to: "patterns.txt")
        var lines: [String] = []
        let corpus = Self.packageRoot.appendingPathComponent("corpus")
        for name in try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted() where name.hasSuffix(".labels") {
            let text = try String(contentsOf: corpus.appendingPathComponent(name), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: "\t", maxSplits: 1)
                if parts.count == 2 { lines.append(String(parts[1])) }
            }
        }
        lines += ["© 2024 Harbour Times", "\u{212A}ONTAKT", "ſubscribe to our newsletter", "ΣΟΦΊΑ", "Zum Inhalt springen"]
        let input = try write(lines.joined(separator: "\n") + "\n", to: "lines.txt")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: pcre2grep)
        process.arguments = ["-n", "-f", patternsFile, input]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let grepLines = Set(String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { Int($0.split(separator: ":", maxSplits: 1)[0]) })

        let rules = try RuleSet.load(extraPacks: [])
        let scratch = MatchScratch()
        var winnowLines = Set<Int>()
        for (index, line) in lines.enumerated() {
            for rule in rules.rules where try rule.patterns.contains(where: { try $0.matches(line, scratch: scratch) }) {
                winnowLines.insert(index + 1)
                break
            }
        }
        XCTAssertGreaterThan(winnowLines.count, 500)
        XCTAssertEqual(grepLines.subtracting(winnowLines).sorted(), [], "pcre2grep matched lines Winnow's patterns do not")
        XCTAssertEqual(winnowLines.subtracting(grepLines).sorted(), [], "Winnow's patterns matched lines pcre2grep did not")
    }

    func testEvalReportsPerLabelFigures() throws {
        try write("body\tThe harbour wall will be rebuilt next spring, the council said on Tuesday after a long debate in the town hall.\ndisclaimer\t© 2024 Harbour Times\n", to: "c/p.labels")
        let result = try winnow(["eval", "--json", workDir.appendingPathComponent("c").path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(object["pages"] as? Int, 1)
        XCTAssertEqual(object["macro_f1"] as? Double, 1.0)
        let text = try winnow(["eval", workDir.appendingPathComponent("c").path])
        XCTAssertTrue(text.stdout.contains("macro F1"))
        XCTAssertTrue(text.stdout.contains("confusion"))
    }

    func testExplainNamesTheRuleAndTheRunnerUp() throws {
        let page = try write(Self.article, to: "page.txt")
        let result = try winnow(["explain", page, "--only", "disclaimer"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("by rule:disclaimer-copyright"), result.stdout)
        XCTAssertTrue(result.stdout.contains("also matched disclaimer-rights-reserved"), result.stdout)
        XCTAssertFalse(result.stdout.contains("\u{1B}["), "no colour when piped")
        XCTAssertFalse(result.stdout.contains("The harbour wall"))
    }
}
