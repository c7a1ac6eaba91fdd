import XCTest

/// Moderation end to end, through the built binary: verdicts with reasons, the dropped-file
/// accounting, review marking, redaction that leaves everything else byte-identical, and a
/// catastrophic blocklist pattern that ends by the match limit without stopping the batch.
final class ModerationCommandTests: CLITestCase {
    static let short = "Home\nThe library is closed on Monday for staff training.\n© 2024 Town Library\n"
    static let spam = """
    Best online casino bonus codes
    Claim 200 free spins with no deposit needed and start to win real money today, our experts say, because every casino bonus here is tested.
    Every casino on our list offers a casino bonus, free spins and fast payouts, so sign up now and win real money with no deposit required.
    Online slots, live roulette and blackjack are all available on your phone, and the casino bonus codes expire at midnight tonight.

    """

    func lines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    func testVerdictsWithReasonsInJSONL() throws {
        try write(Self.article.replacingOccurrences(of: "Residents", with: "Write to jane@example.com. Residents"), to: "in/a-good.txt")
        try write(Self.short, to: "in/b-short.txt")
        try write(Self.spam, to: "in/c-spam.txt")
        let result = try winnow(["clean", "--moderate", "--profile", "pii", "--format", "jsonl", "--rules", try write("documents:\n  - {id: long-enough, verdict: review, when: {words: \">= 60\"}}\n", to: "r.yaml"),
                                 "--dropped", "dropped.jsonl", workDir.appendingPathComponent("in").path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let pages = try lines(result.stdout)
        XCTAssertEqual(pages.map { $0["id"] as? String }, ["a-good.txt"], "dropped documents leave the output")
        XCTAssertEqual(pages[0]["verdict"] as? String, "review")
        let reasons = try XCTUnwrap(pages[0]["reasons"] as? [[String: Any]])
        XCTAssertEqual(reasons.map { $0["rule"] as? String }, ["long-enough"])
        let words = try XCTUnwrap((reasons[0]["figures"] as? [String: Any])?["words"] as? Int)
        XCTAssertGreaterThanOrEqual(words, 60)
        XCTAssertEqual(reasons[0]["why"] as? String, "words \(words) >= 60")
        XCTAssertEqual(pages[0]["redactions"] as? [String: Int], ["email": 1])
        XCTAssertTrue((pages[0]["text"] as! String).contains("Write to [EMAIL]."))
        let dropped = try lines(String(contentsOf: workDir.appendingPathComponent("dropped.jsonl"), encoding: .utf8))
        XCTAssertEqual(dropped.map { $0["id"] as? String }, ["b-short.txt", "c-spam.txt"])
        XCTAssertEqual(dropped.map { $0["verdict"] as? String }, ["drop", "drop"])
        XCTAssertTrue((dropped[0]["reasons"] as! [[String: Any]]).contains { $0["rule"] as? String == "quality-too-short" })
        let spamReason = try XCTUnwrap((dropped[1]["reasons"] as! [[String: Any]]).first { $0["rule"] as? String == "quality-spam-terms" })
        XCTAssertGreaterThanOrEqual((spamReason["figures"] as? [String: Any])?["score"] as? Double ?? 0, 8)
    }

    func testModerationOnJSONLAcrossJobsKeepsOrderFieldsAndAccounting() throws {
        var input = ""
        for index in 0..<6 {
            let text = index % 3 == 2 ? Self.spam : Self.article
            let object: [String: Any] = ["id": "d\(index)", "text": text, "lang_hint": "en"]
            input += String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self) + "\n"
        }
        let path = try write(input, to: "docs.jsonl")
        let dropped = workDir.appendingPathComponent("dropped.jsonl").path
        let one = try winnow(["clean", "--moderate", "--jobs", "1", path, "--dropped", dropped])
        XCTAssertEqual(one.status, 0, one.stderr)
        let two = try winnow(["clean", "--moderate", "--jobs", "2", path, "--dropped", dropped])
        XCTAssertEqual(one.stdout, two.stdout, "output is identical for every --jobs")
        let kept = try lines(one.stdout)
        XCTAssertEqual(kept.compactMap { $0["id"] as? String }, ["d0", "d1", "d3", "d4"])
        XCTAssertTrue(kept.allSatisfy { $0["verdict"] as? String == "keep" && $0["lang_hint"] as? String == "en" })
        let droppedLines = try lines(String(contentsOfFile: dropped, encoding: .utf8))
        XCTAssertEqual(droppedLines.compactMap { $0["id"] as? String }, ["d2", "d5"])
    }

    func testDroppedFileAccountingAndSummary() throws {
        for index in 0..<3 { try write(Self.article, to: "in/good\(index).txt") }
        for index in 0..<2 { try write(Self.short, to: "in/short\(index).txt") }
        try write(Self.spam, to: "in/spam.txt")
        let result = try winnow(["clean", "--moderate", workDir.appendingPathComponent("in").path, "--out", workDir.appendingPathComponent("out").path,
                                 "--dropped", workDir.appendingPathComponent("dropped.jsonl").path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("cleaned 6 pages"), result.stderr)
        XCTAssertTrue(result.stderr.contains("verdicts: keep 3  review 0  drop 3"), result.stderr)
        // Hidden files are the run's own bookkeeping (the resume index), not documents.
        let written = try FileManager.default.contentsOfDirectory(atPath: workDir.appendingPathComponent("out").path).filter { !$0.hasPrefix(".") }.sorted()
        XCTAssertEqual(written, ["good0.txt", "good1.txt", "good2.txt"])
        let dropped = try lines(String(contentsOf: workDir.appendingPathComponent("dropped.jsonl"), encoding: .utf8))
        XCTAssertEqual(dropped.compactMap { $0["id"] as? String }.sorted(), ["short0.txt", "short1.txt", "spam.txt"])
        XCTAssertEqual(written.count + dropped.count, 6, "every document is either written or in the dropped file")
        XCTAssertTrue(dropped.allSatisfy { !(($0["reasons"] as? [Any]) ?? []).isEmpty })
    }

    func testDroppedAndReviewAreNotedWithoutFilesAndTextOutputSkipsDrops() throws {
        let good = try write(Self.article, to: "good.txt")
        let short = try write(Self.short, to: "short.txt")
        let pack = try write("documents:\n  - {id: mentions-harbour, verdict: review, terms: ['harbour'], threshold: 1}\n", to: "p.yaml")
        let result = try winnow(["clean", "--rules", pack, "--moderate", short, good, "--summary"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("The harbour wall"), "no separator left by the dropped page: \(result.stdout.debugDescription)")
        XCTAssertFalse(result.stdout.contains("library"))
        XCTAssertTrue(result.stderr.contains("short.txt: drop: quality-too-short (words 9 < 50)"), result.stderr)
        XCTAssertTrue(result.stderr.contains("good.txt: review: mentions-harbour (term score 1 >= 1 (harbour ×1))"), result.stderr)
        let file = try winnow(["clean", "--rules", pack, "--moderate", short, good, "--review", "review.jsonl", "--dropped", "dropped.jsonl"])
        XCTAssertFalse(file.stderr.contains("review:"), file.stderr)
        let review = try lines(String(contentsOf: workDir.appendingPathComponent("review.jsonl"), encoding: .utf8))
        XCTAssertEqual(review.map { $0["id"] as? String }, ["good.txt"])
        XCTAssertTrue(file.stdout.hasPrefix("The harbour wall"), "review documents are still written")
    }

    func testStatsCountVerdictsRedactionsAndFlagsOnlyWithModeration() throws {
        let good = try write(Self.article.replacingOccurrences(of: "Residents", with: "Write to jane@example.com. Residents"), to: "good.txt")
        let short = try write(Self.short, to: "short.txt")
        let result = try winnow(["clean", "--moderate", "--profile", "pii", short, good, "--stats", "stats.json", "-q"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let figures = try JSONSerialization.jsonObject(with: Data(contentsOf: workDir.appendingPathComponent("stats.json"))) as! [String: Any]
        let moderation = try XCTUnwrap(figures["moderation"] as? [String: Any], "\(figures)")
        XCTAssertEqual(moderation["verdicts"] as? [String: Int], ["keep": 1, "review": 0, "drop": 1])
        XCTAssertEqual(moderation["redactions"] as? [String: Int], ["email": 1])
        XCTAssertEqual(moderation["flags"] as? [String: Int], [:])
        XCTAssertEqual(figures["cleaned"] as? Int, 2, "a dropped document is cleaned, then left out of the output")
        _ = try winnow(["clean", short, good, "--stats", "plain.json", "-q"])
        let plain = try JSONSerialization.jsonObject(with: Data(contentsOf: workDir.appendingPathComponent("plain.json"))) as! [String: Any]
        XCTAssertNil(plain["moderation"], "no moderation figures when moderation is off")
    }

    func testCatastrophicBlocklistPatternEndsByTheMatchLimitWithoutStoppingTheBatch() throws {
        let pack = try write("documents:\n  - id: slow-blocklist\n    verdict: drop\n    terms: ['^(\\w+\\s?)+\\d$']\n", to: "slow.yaml")
        let long = String(repeating: "word ", count: 3000) + "!"
        try write(Self.article + long + "\n", to: "in/1-slow.txt")
        try write(Self.article, to: "in/2-next.txt")
        try write(Self.article, to: "in/3-last.txt")
        let started = Date()
        let result = try winnow(["clean", "--rules", pack, "--keep", "body,navigation,teasers", "--format", "jsonl", "--summary", workDir.appendingPathComponent("in").path])
        XCTAssertLessThan(Date().timeIntervalSince(started), 60)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("1-slow.txt: match limit: slow-blocklist: segment"), result.stderr)
        XCTAssertTrue(result.stderr.contains("limit exceeded"), result.stderr)
        XCTAssertTrue(result.stderr.contains("cleaned 3 pages"), result.stderr)
        XCTAssertTrue(result.stderr.contains("verdicts: keep 3  review 0  drop 0"), result.stderr)
        XCTAssertEqual(try lines(result.stdout).map { $0["verdict"] as? String }, ["keep", "keep", "keep"])
    }

    /// A pii run over the seed page and the labelled corpus: every page has the same lines, and
    /// each line is byte-identical to the run without pii except where a placeholder replaced a span.
    func testPIIRunLeavesTextOtherwiseByteIdentical() throws {
        let corpus = Self.packageRoot.appendingPathComponent("corpus")
        let pages = try FileManager.default.contentsOfDirectory(atPath: corpus.path).filter { $0.hasSuffix(".labels") }.sorted().map { corpus.appendingPathComponent($0).path }
        let seed = Self.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/seed/page.txt").path
        let inputs = (FileManager.default.fileExists(atPath: seed) ? [seed] : []) + pages
        XCTAssertGreaterThanOrEqual(inputs.count, 100)
        let plain = try winnow(["clean", "--format", "jsonl"] + inputs)
        let pii = try winnow(["clean", "--format", "jsonl", "--profile", "pii"] + inputs)
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertEqual(pii.status, 0, pii.stderr)
        let before = try lines(plain.stdout), after = try lines(pii.stdout)
        XCTAssertEqual(before.count, after.count)
        var redacted = 0, identical = 0
        for (a, b) in zip(before, after) {
            XCTAssertEqual(a["id"] as? String, b["id"] as? String)
            XCTAssertEqual(b["verdict"] as? String, "keep", "pii alone never drops")
            let original = (a["text"] as! String).split(separator: "\n", omittingEmptySubsequences: false)
            let cleaned = (b["text"] as! String).split(separator: "\n", omittingEmptySubsequences: false)
            XCTAssertEqual(original.count, cleaned.count, "\(a["id"]!): line count changed")
            for (x, y) in zip(original, cleaned) {
                if x == y { identical += 1; continue }
                redacted += 1
                XCTAssertTrue(Self.matchesTemplate(String(x), template: String(y)), "\(a["id"]!): \(x.debugDescription) became \(y.debugDescription)")
            }
            let counts = (b["redactions"] as? [String: Int]) ?? [:]
            let placeholders = cleaned.reduce(0) { sum, line in sum + ["[EMAIL]", "[PHONE]", "[IP]", "[CARD]"].reduce(0) { $0 + line.components(separatedBy: $1).count - 1 } }
            XCTAssertEqual(counts.values.reduce(0, +), placeholders, "\(a["id"]!): redaction counts match the placeholders")
        }
        XCTAssertGreaterThan(redacted, 5, "the corpus holds contact details")
        XCTAssertGreaterThan(identical, 1000)
    }

    /// True when `template` is `original` with some non-empty spans replaced by placeholders.
    static func matchesTemplate(_ original: String, template: String) -> Bool {
        var parts: [Substring] = [Substring(template)]
        for placeholder in ["[EMAIL]", "[PHONE]", "[IP]", "[CARD]"] {
            parts = parts.flatMap { $0.components(separatedBy: placeholder).map { Substring($0) } }
        }
        guard parts.count > 1 else { return false }
        var rest = Substring(original)
        guard rest.hasPrefix(parts[0]) else { return false }
        rest = rest.dropFirst(parts[0].count)
        for (offset, part) in parts.dropFirst().enumerated() {
            let isLast = offset == parts.count - 2
            if isLast { return rest.count > part.count && rest.hasSuffix(part) }
            guard !part.isEmpty, let found = rest.dropFirst().range(of: part) else { return false }
            rest = rest[found.upperBound...]
        }
        return false
    }

    func testRulesTestRunsProfileExamplesAndNamesABrokenOne() throws {
        let plain = try winnow(["rules", "test"])
        let profiles = try winnow(["rules", "test", "--profile", "pii", "--moderate"])
        XCTAssertEqual(profiles.status, 0, profiles.stdout)
        // The count of "examples: N passed, ..." in the summary.
        func checks(_ text: String) -> Int {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("examples: ") }) else { return 0 }
            return Int(line.dropFirst("examples: ".count).split(separator: " ").first ?? "") ?? 0
        }
        XCTAssertGreaterThan(checks(profiles.stdout), checks(plain.stdout) + 100)
        let pack = try write("rules:\n  - id: my-redact\n    action: redact\n    kind: code\n    patterns: ['\\d{4}']\n    examples: ['pin [[123456]]']\n    counterexamples: ['year 2024']\n", to: "p.yaml")
        let failing = try winnow(["rules", "test", "--rules", pack])
        XCTAssertEqual(failing.status, 1)
        XCTAssertTrue(failing.stdout.contains("p.yaml:2: rule \"my-redact\": example did not fire: \"pin [[123456]]\" (matched \"1234\")"), failing.stdout)
        XCTAssertTrue(failing.stdout.contains("counterexample fired: \"year 2024\""), failing.stdout)
        let unknown = try winnow(["clean", "--profile", "nope", "-"], stdin: "")
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.stderr.contains("corpus-quality"), unknown.stderr)
        let noModeration = try winnow(["clean", "--dropped", "d.jsonl", "-"], stdin: Self.article)
        XCTAssertEqual(noModeration.status, 64, noModeration.stderr)
    }

    func testEvalModerationReportsFiguresPerKind() throws {
        let result = try winnow(["eval", "--moderation", Self.packageRoot.appendingPathComponent("corpus/moderation").path, "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        let kinds = (object["redactions"] as! [String: Any])["kinds"] as! [String: [String: Any]]
        XCTAssertEqual(Set(kinds.keys), ["card", "email", "ip", "phone"])
        for (kind, figures) in kinds {
            XCTAssertGreaterThanOrEqual(figures["precision"] as! Double, 0.98, kind)
            XCTAssertGreaterThanOrEqual(figures["recall"] as! Double, 0.98, kind)
        }
        let text = try winnow(["eval", "--moderation", Self.packageRoot.appendingPathComponent("corpus/moderation").path])
        XCTAssertTrue(text.stdout.contains("verdicts: 42 documents"), text.stdout)
        XCTAssertTrue(text.stdout.contains("kind       precision  recall"), text.stdout)
    }
}
