import Foundation
import WinnowPCRE2

/// Scores moderation against a labelled fixture set (`corpus/moderation/`):
///
/// - `*.page` files: a header of `key: value` lines (`expect: keep|review|drop`, optional
///   `reasons: id, id` that must be among the verdict's reasons, `note:`), an empty line, then the page.
///   Each page runs through the whole pipeline; verdict accuracy, the confusion matrix and the share of
///   expected reasons found are reported.
/// - `*.marked` files: one text a line (`#` comments and empty lines skipped) with every span to
///   redact marked `[[KIND:text]]`. Each line is redacted on its own (as one kept segment); a predicted
///   span counts as right only when its kind and its exact range match a mark. Precision and recall per kind.
public struct ModerationEvaluation: Sendable {
    public struct Counts: Sendable, Equatable {
        public var truePositives = 0, falsePositives = 0, falseNegatives = 0
        public var precision: Double { let p = truePositives + falsePositives; return p == 0 ? 1 : Double(truePositives) / Double(p) }
        public var recall: Double { let a = truePositives + falseNegatives; return a == 0 ? 1 : Double(truePositives) / Double(a) }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    }

    public private(set) var documents = 0
    public private(set) var correct = 0
    /// confusion[expected][got]
    public private(set) var confusion: [Verdict: [Verdict: Int]] = [:]
    public private(set) var expectedReasons = 0
    public private(set) var foundReasons = 0
    public private(set) var verdictErrors: [String] = []
    public private(set) var texts = 0
    public private(set) var kinds: [String: Counts] = [:]
    public private(set) var redactionErrors: [String] = []
    /// Flags raised on the redaction texts, per kind (not scored: flags leave the text alone).
    public private(set) var flags: [String: Int] = [:]

    public init() {}

    public var accuracy: Double { documents == 0 ? 0 : Double(correct) / Double(documents) }
    public var reasonRecall: Double { expectedReasons == 0 ? 1 : Double(foundReasons) / Double(expectedReasons) }
    public func count(expected: Verdict, got: Verdict) -> Int { confusion[expected]?[got] ?? 0 }

    public struct FixtureError: Error, CustomStringConvertible {
        public let path: String
        public let message: String
        public var description: String { "\(path): \(message)" }
    }

    /// A labelled page: its expected verdict, the reasons it must carry, and the page text.
    public static func parsePage(_ text: String, path: String) throws -> (expect: Verdict, reasons: [String], page: String) {
        guard let blank = text.range(of: "\n\n") else { throw FixtureError(path: path, message: "no empty line after the header") }
        var expect: Verdict?
        var reasons: [String] = []
        for line in text[..<blank.lowerBound].split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { throw FixtureError(path: path, message: "header line without a colon: \(String(line).debugDescription)") }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces), value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "expect":
                guard let verdict = Verdict(rawValue: value) else { throw FixtureError(path: path, message: "expect must be keep, review or drop, not \(value.debugDescription)") }
                expect = verdict
            case "reasons": reasons = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            case "note": break
            default: throw FixtureError(path: path, message: "unknown header key \(key.debugDescription) (expect, reasons, note)")
            }
        }
        guard let expect else { throw FixtureError(path: path, message: "no expect: line") }
        return (expect, reasons, String(text[blank.upperBound...]))
    }

    /// Runs one labelled page through `pipeline` (which must moderate) and scores its verdict.
    public mutating func addPage(_ text: String, id: String, pipeline: Pipeline) throws {
        let (expect, reasons, page) = try Self.parsePage(text, path: id)
        let result = pipeline.run(RawDocument(id: id, source: id, bytes: Array(page.utf8)))
        let moderation = result.moderation
        let got = moderation?.verdict ?? .keep
        documents += 1
        confusion[expect, default: [:]][got, default: 0] += 1
        let fired = Set(moderation?.reasons.map(\.rule) ?? [])
        expectedReasons += reasons.count
        let missing = reasons.filter { !fired.contains($0) }
        foundReasons += reasons.count - missing.count
        if got == expect { correct += 1 }
        if got != expect || !missing.isEmpty {
            let why = moderation?.reasons.map { "\($0.rule) (\($0.why))" }.joined(separator: "; ") ?? ""
            verdictErrors.append("\(id): expected \(expect.rawValue), got \(got.rawValue)" + (why.isEmpty ? "" : ": \(why)")
                                 + (missing.isEmpty ? "" : "; missing reasons \(missing.joined(separator: ", "))"))
        }
    }

    /// Redacts every text line of a `.marked` file with `redactor` and scores the spans per kind.
    public mutating func addMarkedFile(_ text: String, path: String, redactor: Redactor, scratch: MatchScratch) {
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            texts += 1
            let (plain, marks) = MarkedText.parse(String(line))
            let (_, spans, flagged) = redactor.redact(plain, scratch: scratch)
            for flag in flagged { flags[redactor.rules[flag.rule].kind, default: 0] += 1 }
            let bytes = Array(plain.utf8)
            func show(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self).debugDescription }
            let gold = Set(marks.map { "\($0.kind ?? "?")|\($0.range.lowerBound)|\($0.range.upperBound)" })
            var matched = Set<String>()
            for span in spans {
                let kind = redactor.rules[span.rule].kind
                let key = "\(kind)|\(span.range.lowerBound)|\(span.range.upperBound)"
                if gold.contains(key) {
                    kinds[kind, default: Counts()].truePositives += 1
                    matched.insert(key)
                } else {
                    kinds[kind, default: Counts()].falsePositives += 1
                    redactionErrors.append("\(path):\(number + 1): extra \(kind) \(show(span.range)) by \(redactor.rules[span.rule].id)")
                }
            }
            for mark in marks {
                let key = "\(mark.kind ?? "?")|\(mark.range.lowerBound)|\(mark.range.upperBound)"
                guard !matched.contains(key) else { continue }
                kinds[mark.kind ?? "?", default: Counts()].falseNegatives += 1
                redactionErrors.append("\(path):\(number + 1): missed \(mark.kind ?? "?") \(show(mark.range))")
            }
        }
    }

    /// Evaluates every `*.page` and `*.marked` file under `folder` (recursively, sorted).
    public static func run(folder: String, pipeline: Pipeline) throws -> ModerationEvaluation {
        var evaluation = ModerationEvaluation()
        let (items, problems) = InputWalker().items(for: [folder])
        if let problem = problems.first { throw FixtureError(path: problem.path, message: problem.reason) }
        let redactor = Redactor(rules: pipeline.rules.moderation.actions)
        let scratch = MatchScratch()
        for item in items {
            guard item.path.hasSuffix(".page") || item.path.hasSuffix(".marked") else { continue }
            guard let data = FileManager.default.contents(atPath: item.path) else { throw FixtureError(path: item.path, message: "cannot read file") }
            let text = String(decoding: data, as: UTF8.self)
            if item.path.hasSuffix(".page") {
                try evaluation.addPage(text, id: item.relativePath, pipeline: pipeline)
            } else {
                evaluation.addMarkedFile(text, path: item.relativePath, redactor: redactor, scratch: scratch)
            }
        }
        return evaluation
    }
}
