import XCTest
import WinnowPCRE2
@testable import Winnow

/// The moderation fixture set (`corpus/moderation/`) against the floors in `Tests/moderation-floors.json`:
/// redaction precision and recall per kind, verdict accuracy. Floors only move up.
final class ModerationFixtureTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Floors: Decodable {
        struct Verdicts: Decodable { var documents: Int; var accuracy: Double; var reason_recall: Double }
        struct Kind: Decodable { var precision: Double; var recall: Double }
        struct Redactions: Decodable { var texts: Int; var kinds: [String: Kind] }
        var verdicts: Verdicts
        var redactions: Redactions
    }

    func evaluate() throws -> ModerationEvaluation {
        let set = try RuleSet.load(extraPacks: [], profiles: ["corpus-quality", "pii"])
        return try ModerationEvaluation.run(folder: Self.root.appendingPathComponent("corpus/moderation").path, pipeline: Pipeline(rules: set))
    }

    func testFixturesScoreAtLeastTheFloors() throws {
        let floors = try JSONDecoder().decode(Floors.self, from: Data(contentsOf: Self.root.appendingPathComponent("Tests/moderation-floors.json")))
        let e = try evaluate()
        XCTAssertGreaterThanOrEqual(e.documents, floors.verdicts.documents, "the verdict fixtures lost documents")
        XCTAssertGreaterThanOrEqual(e.accuracy, floors.verdicts.accuracy, "verdict accuracy fell below its floor:\n" + e.verdictErrors.joined(separator: "\n"))
        XCTAssertGreaterThanOrEqual(e.reasonRecall, floors.verdicts.reason_recall)
        XCTAssertGreaterThanOrEqual(e.texts, floors.redactions.texts, "the redaction fixtures lost texts")
        for (kind, floor) in floors.redactions.kinds {
            let counts = try XCTUnwrap(e.kinds[kind], "no \(kind) in the fixtures")
            XCTAssertGreaterThanOrEqual(counts.truePositives + counts.falseNegatives, 40, "\(kind) is under-represented")
            XCTAssertGreaterThanOrEqual(counts.precision, floor.precision, "\(kind) precision:\n" + e.redactionErrors.joined(separator: "\n"))
            XCTAssertGreaterThanOrEqual(counts.recall, floor.recall, "\(kind) recall:\n" + e.redactionErrors.joined(separator: "\n"))
        }
        XCTAssertEqual(Set(e.kinds.keys), Set(floors.redactions.kinds.keys), "every redaction kind has a floor")
    }

    /// No card-like number that fails the Luhn check is ever redacted: every 13-19 digit run in
    /// the fixtures (and variants of the valid ones with the last digit changed) is tried.
    func testNoLuhnFailingNumberIsRedactedAsACard() throws {
        let set = try RuleSet.load(extraPacks: [], profiles: ["pii"])
        let redactor = Redactor(rules: set.moderation.actions)
        let scratch = MatchScratch()
        let folder = Self.root.appendingPathComponent("corpus/moderation/redactions")
        var tried = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".marked") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                let plain = MarkedText.parse(String(line)).plain
                for variant in [plain] + Self.lastDigitVariants(of: plain) {
                    let result = redactor.redact(variant, scratch: scratch)
                    let bytes = Array(variant.utf8)
                    for span in result.redactions where redactor.rules[span.rule].kind == "card" {
                        tried += 1
                        XCTAssertTrue(LuhnCheck.isValidCardNumber(bytes[span.range]), "redacted a number failing Luhn: \(String(decoding: bytes[span.range], as: UTF8.self))")
                    }
                }
            }
        }
        XCTAssertGreaterThan(tried, 40)
    }

    /// The text with the last digit of its first long digit run changed to each other digit.
    static func lastDigitVariants(of text: String) -> [String] {
        var bytes = Array(text.utf8)
        var run = 0, last: Int?
        for (index, byte) in bytes.enumerated() {
            if (0x30...0x39).contains(byte) { run += 1; last = index }
            else if byte != 0x20 && byte != 0x2D { if run >= 13 { break }; run = 0; last = nil }
        }
        guard run >= 13, let last else { return [] }
        let original = bytes[last]
        return (0x30...0x39).compactMap { digit -> String? in
            guard digit != original else { return nil }
            bytes[last] = UInt8(digit)
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
