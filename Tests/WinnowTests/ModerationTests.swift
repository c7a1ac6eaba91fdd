import XCTest
import WinnowPCRE2
@testable import Winnow

final class ModerationTests: XCTestCase {
    let loader = RuleLoader()

    func testLuhnAndIBANChecks() {
        XCTAssertTrue(LuhnCheck.isValidCardNumber(Array("4111 1111 1111 1111".utf8)))
        XCTAssertTrue(LuhnCheck.isValidCardNumber(Array("3782-822463-10005".utf8)))
        XCTAssertFalse(LuhnCheck.isValidCardNumber(Array("4111 1111 1111 1112".utf8)))
        XCTAssertFalse(LuhnCheck.isValidCardNumber(Array("0".utf8)), "too short")
        XCTAssertFalse(LuhnCheck.isValidCardNumber(Array("41111111111111111111111".utf8)), "too long")
        XCTAssertTrue(IBANCheck.isValid(Array("DE89 3704 0044 0532 0130 00".utf8)))
        XCTAssertTrue(IBANCheck.isValid(Array("GB29NWBK60161331926819".utf8)))
        XCTAssertFalse(IBANCheck.isValid(Array("DE89 3704 0044 0532 0130 01".utf8)))
    }

    func testParsesActionAndDocumentRules() throws {
        let pack = try loader.load(yaml: """
        rules:
          - id: my-email
            action: redact
            kind: email
            patterns: ['\\w+@\\w+\\.com']
            examples: ['mail [[a@b.com]] now']
          - id: my-card
            action: flag
            kind: card
            pattern: '\\d{13,19}'
            check: luhn
            digits: "13..19"
        documents:
          - id: short
            verdict: drop
            when: {words: "< 50", sentences: "< 3"}
          - id: spam
            verdict: review
            terms:
              - 'casino'
              - {pattern: 'free spins', weight: 2.5, name: spins}
            threshold: 3
          - id: english
            verdict: review
            languages: [en, unknown]
        """, file: "mod.yaml")
        XCTAssertEqual(pack.rules.count, 0)
        XCTAssertEqual(pack.actions.map(\.id), ["my-email", "my-card"])
        XCTAssertEqual(pack.actions[0].placeholder, "[EMAIL]")
        XCTAssertEqual(pack.actions[1].action, .flag)
        XCTAssertEqual(pack.actions[1].check, .luhn)
        XCTAssertEqual(pack.documents.map(\.id), ["short", "spam", "english"])
        XCTAssertEqual(pack.documents[0].conditions.map(\.metric), [.words, .sentences])
        XCTAssertEqual(pack.documents[1].terms.map(\.weight), [1, 2.5])
        XCTAssertEqual(pack.documents[1].terms.map(\.name), ["casino", "spins"])
        XCTAssertEqual(pack.documents[1].threshold, 3)
        XCTAssertEqual(pack.documents[2].languages, ["en", "unknown"])
        XCTAssertEqual(pack.documents[2].origin, RuleOrigin(file: "mod.yaml", line: 23))
    }

    func testModerationRuleErrorsNameFileLineAndRule() {
        XCTAssertThrowsError(try loader.load(yaml: """
        rules:
          - id: a
            action: redact
            label: body
            kind: email
            patterns: ['x']
          - id: b
            action: erase
            kind: Email
            patterns: ['y']
            check: crc
          - id: c
            action: flag
            placeholder: '[X]'
            patterns: ['(']
        documents:
          - id: d
            verdict: keep
            when: {wrods: "< 3"}
          - id: e
            verdict: drop
            threshold: 3
            languages: [en, xx]
          - id: a
            verdict: drop
            when: {words: "< 3"}
          - id: f
            verdict: review
        """, file: "bad.yaml")) { error in
            let errors = (error as! RuleErrors).errors
            func has(_ rule: String, _ line: Int, _ text: String) {
                XCTAssertTrue(errors.contains { $0.ruleID == rule && $0.line == line && $0.message.contains(text) && $0.file == "bad.yaml" },
                              "\(rule):\(line) \(text) not in\n\(RuleErrors(errors: errors))")
            }
            has("a", 4, "an action rule has no label")
            has("b", 8, "action must be one of redact, flag")
            has("b", 9, "kind must be a lower-case name")
            has("b", 11, "unknown check")
            has("c", 12, "needs a kind")
            has("c", 14, "placeholder is for action: redact")
            has("c", 15, "pattern does not compile")
            has("d", 18, "verdict must be drop or review")
            has("d", 19, "unknown document metric \"wrods\"")
            has("e", 22, "threshold is for terms")
            has("e", 23, "unknown language \"xx\"")
            has("a", 24, "duplicate rule id")
            has("f", 27, "needs a test")
        }
    }

    func testProfilesLoadAndCanBeDisabledOrOverriddenByAUserPack() throws {
        XCTAssertTrue(RuleSet.profileNames.contains("pii"))
        XCTAssertTrue(RuleSet.profileNames.contains("corpus-quality"))
        let plain = try RuleSet.load(extraPacks: [])
        XCTAssertTrue(plain.moderation.isEmpty, "no moderation unless asked")
        let pii = try RuleSet.load(extraPacks: [], profiles: ["pii"])
        XCTAssertTrue(pii.moderation.actions.contains { $0.id == "pii-card" && $0.check == .luhn })
        XCTAssertTrue(pii.moderation.documents.isEmpty)
        let user = try loader.load(yaml: """
        disable: [pii-ipv4, quality-too-short]
        rules:
          - {id: pii-email, action: redact, kind: email, placeholder: '<email>', patterns: ['\\S+@\\S+']}
        """, file: "user.yaml")
        let set = try RuleSet(packs: try RuleSet.embeddedDefaultPacks() + RuleSet.profilePacks("pii") + RuleSet.profilePacks("corpus-quality") + [user])
        XCTAssertFalse(set.moderation.actions.contains { $0.id == "pii-ipv4" })
        XCTAssertFalse(set.moderation.documents.contains { $0.id == "quality-too-short" })
        XCTAssertEqual(set.moderation.actions.first { $0.id == "pii-email" }?.placeholder, "<email>")
        XCTAssertEqual(set.overridden["pii-email"]?.file, "user.yaml")
        XCTAssertThrowsError(try RuleSet.profilePacks("nope"))
    }

    func testDocumentMetrics() {
        let text = "Hello there. How are you?\n#tag #other …\nHello there. How are you?\n• item one"
        let moderator = Moderator(rules: ModerationRules())
        let (result, _) = moderator.moderate(article: text)
        let m = result.metrics
        XCTAssertEqual(m[.lines], 4)
        XCTAssertEqual(m[.words], 16, "space-separated tokens, as the measure stage counts them")
        XCTAssertEqual(m[.sentences], 4)
        XCTAssertEqual(m[.repeatedLines], 0.25)
        XCTAssertEqual(m[.bulletLines], 0.25)
        XCTAssertEqual(m[.ellipsisLines], 0.25)
        XCTAssertEqual(m[.symbolWordRatio], 3.0 / 16.0, accuracy: 1e-9)
        XCTAssertEqual(m[.bodyShare], 1)
        XCTAssertEqual(m[.alphaWords], 14.0 / 16.0, accuracy: 1e-9)
    }

    func rules(_ yaml: String) throws -> RuleSet {
        try RuleSet(packs: try RuleSet.embeddedDefaultPacks() + [loader.load(yaml: yaml, file: "t.yaml")])
    }

    static let article = """
    Home
    News
    The harbour wall will be rebuilt next spring, the council said on Tuesday after a debate that lasted most of the evening.
    Engineers expect the work to take two years, and the quay road will stay open to traffic for most of that time.
    Residents who had asked for the repairs for a decade welcomed the decision. Write to jane@example.com or call 020 7946 0958.
    © 2024 Harbour Times. All rights reserved. Contact: desk@example.com

    """

    func testRedactionReplacesOnlyMatchesInKeptText() throws {
        let set = try RuleSet.load(extraPacks: [], profiles: ["pii"])
        let page = Pipeline(rules: set).run(RawDocument(id: "a", source: "a", bytes: Array(Self.article.utf8)))
        let plain = Pipeline(rules: try RuleSet.load(extraPacks: [])).run(RawDocument(id: "a", source: "a", bytes: Array(Self.article.utf8)))
        let moderation = try XCTUnwrap(page.moderation)
        XCTAssertEqual(moderation.verdict, .keep)
        XCTAssertEqual(moderation.redactionCounts.map(\.kind), ["email", "phone"])
        XCTAssertEqual(page.text(), plain.text().replacingOccurrences(of: "jane@example.com", with: "[EMAIL]").replacingOccurrences(of: "020 7946 0958", with: "[PHONE]"))
        // The disclaimer is not kept, so its address stays (and is not counted).
        XCTAssertTrue(page.text(keeping: [.body, .disclaimer]).contains("desk@example.com"))
        XCTAssertEqual(moderation.redactions.count, 2)
        XCTAssertNil(plain.moderation)
    }

    func testOverlapsResolveToTheEarliestLongestMatch() throws {
        let set = try rules("""
        rules:
          - {id: long, action: redact, kind: long, patterns: ['abc def']}
          - {id: short, action: redact, kind: short, patterns: ['def ghi', 'abc']}
          - {id: seen, action: flag, kind: seen, patterns: ['ghi']}
        """)
        let redactor = Redactor(rules: set.moderation.actions)
        let (text, spans, flags) = redactor.redact("xx abc def ghi yy é", scratch: MatchScratch())
        XCTAssertEqual(text, "xx [LONG] ghi yy é")
        XCTAssertEqual(spans.map { redactor.rules[$0.rule].id }, ["long"])
        XCTAssertEqual(flags.count, 1)
        let untouched = "nothing here — ünïcödé\u{00A0}text"
        XCTAssertEqual(redactor.redact(untouched, scratch: MatchScratch()).text, untouched)
    }

    func testVerdictsTakeTheMostSevereReasonAndFlagsAskForReview() throws {
        let set = try rules("""
        rules:
          - {id: watch, action: flag, kind: watch, patterns: ['\\bharbour\\b']}
        documents:
          - {id: long-enough, verdict: review, when: {words: "> 10"}}
          - {id: no-dragons, verdict: drop, terms: ['dragons?'], threshold: 2}
        """)
        let pipeline = Pipeline(rules: set)
        let first = try XCTUnwrap(pipeline.run(RawDocument(id: "a", source: "a", bytes: Array(Self.article.utf8))).moderation)
        XCTAssertEqual(first.verdict, .review)
        XCTAssertEqual(first.reasons.map(\.rule), ["long-enough", "watch"])
        XCTAssertEqual(first.reasons[0].figures.first?.name, "words")
        XCTAssertEqual(first.flagCounts.first?.count, 1)
        let dragons = Self.article.replacingOccurrences(of: "Engineers", with: "Dragons and a dragon")
        let second = try XCTUnwrap(pipeline.run(RawDocument(id: "b", source: "b", bytes: Array(dragons.utf8))).moderation)
        XCTAssertEqual(second.verdict, .drop)
        XCTAssertEqual(second.reasons.first { $0.rule == "no-dragons" }?.why, "term score 2 >= 2 (dragons? ×2)")
    }

    func testCatastrophicTermEndsByTheMatchLimitAndCountsAsNoMatch() throws {
        let set = try rules("""
        documents:
          - {id: slow-blocklist, verdict: drop, terms: ['^(\\w+\\s?)+\\d$'], threshold: 1}
          - {id: short, verdict: review, when: {words: "< 5000"}}
        """)
        let long = String(repeating: "word ", count: 3000) + "!"
        let page = Pipeline(rules: set, keep: Set(Label.allCases)).run(RawDocument(id: "a", source: "a", bytes: Array((Self.article + long + "\n").utf8)))
        XCTAssertTrue(page.matchLimitHits.contains { $0.hasPrefix("slow-blocklist: segment") && $0.contains("limit exceeded") }, "\(page.matchLimitHits)")
        XCTAssertEqual(page.moderation?.verdict, .review)
        XCTAssertEqual(page.moderation?.reasons.map(\.rule), ["short"])
    }

    func testMarkedTextParsing() {
        let (plain, marks) = MarkedText.parse("Call [[PHONE:+44 20]] or [[IP:::1]] or [[x@y.z]].")
        XCTAssertEqual(plain, "Call +44 20 or ::1 or x@y.z.")
        XCTAssertEqual(marks.map(\.kind), ["phone", "ip", nil])
        let bytes = Array(plain.utf8)
        XCTAssertEqual(marks.map { String(decoding: bytes[$0.range], as: UTF8.self) }, ["+44 20", "::1", "x@y.z"])
    }

    func testProfileExamplesPass() throws {
        let set = try RuleSet.load(extraPacks: [], profiles: ["pii", "corpus-quality"])
        let result = RuleExampleCheck().run(set)
        XCTAssertEqual(result.failures.map(\.description), [])
        XCTAssertGreaterThan(result.checks, RuleExampleCheck().run(set.rules).checks + 100)
    }
}
