/// Runs page expectations through the whole pipeline with a rule set and reports every
/// sentence kept or dropped against expectation, and every segment with the wrong label,
/// naming the segment and the rule or scorer that decided it.
public struct PageExpectationCheck {
    public struct Failure: Sendable, CustomStringConvertible {
        public enum Kind: Sendable, Equatable {
            /// A `keep` sentence is missing from the cleaned article.
            case lost
            /// A `drop` sentence is still in the cleaned article.
            case kept
            /// A `labels` segment got another label.
            case wrongLabel(expected: Label, got: Label)
            /// No segment reads as a `labels` entry says.
            case noSuchSegment
            /// The page file cannot be read.
            case unreadable
        }

        public var origin: RuleOrigin
        public var page: String
        public var kind: Kind
        public var text: String
        /// The segment involved and who labelled it, when there is one.
        public var blame: String?

        public var description: String {
            let what: String
            switch kind {
            case .lost: what = "sentence to keep is not in the cleaned article"
            case .kept: what = "sentence to drop is in the cleaned article"
            case .wrongLabel(let expected, let got): what = "segment should be \(expected.rawValue), is \(got.rawValue)"
            case .noSuchSegment: what = "no segment reads"
            case .unreadable: what = "cannot read page"
            }
            let shown = text.count > 100 ? String(text.prefix(97)) + "..." : text
            return "\(origin): page \(page.quoted): \(what): \(shown.quoted)" + (blame.map { " (\($0))" } ?? "")
        }
    }

    public struct Result: Sendable {
        public var files = 0
        public var pages = 0
        public var checks = 0
        public var failures: [Failure] = []
    }

    let pipeline: Pipeline

    public init(rules: RuleSet) { pipeline = Pipeline(rules: rules) }

    public func run(_ sets: [ExpectationSet]) -> Result {
        var result = Result()
        for set in sets {
            result.files += 1
            for expectation in set.pages {
                result.pages += 1
                result.checks += expectation.checkCount
                result.failures += check(expectation, resolver: set.resolver)
            }
        }
        return result
    }

    func check(_ expectation: PageExpectation, resolver: PageResolver) -> [Failure] {
        let page: ClassifiedPage
        switch expectation.source {
        case .inline(let text):
            page = pipeline.run(RawDocument(id: expectation.name, source: expectation.origin.file, bytes: Array(text.utf8)))
        case .file(let path):
            let shown = resolver.path(of: path)
            guard let bytes = resolver.bytes(of: path),
                  let document = try? PageReader().document(id: path, source: shown, bytes: bytes) else {
                return [Failure(origin: expectation.origin, page: expectation.name, kind: .unreadable, text: shown)]
            }
            page = pipeline.run(document)
        }
        var failures: [Failure] = []
        func blame(_ index: Int?) -> String? {
            guard let index else { return nil }
            let decision = page.names.decision(page.codes[index])
            return "segment \(index), line \(page.spans[index].line): \(decision.label.rawValue) by \(decision.source)"
        }
        func origin(_ line: Int) -> RuleOrigin { RuleOrigin(file: expectation.origin.file, line: line) }
        let article = SnippetText.normalise(page.text())
        for sentence in expectation.keep where !SnippetText.contains(article, SnippetText.normalise(sentence.text)) {
            let index = page.segmentIndex(holding: sentence.text)
            failures.append(Failure(origin: origin(sentence.line), page: expectation.name, kind: .lost, text: sentence.text,
                                    blame: blame(index) ?? "not in any single segment of the page"))
        }
        for sentence in expectation.drop where SnippetText.contains(article, SnippetText.normalise(sentence.text)) {
            failures.append(Failure(origin: origin(sentence.line), page: expectation.name, kind: .kept, text: sentence.text,
                                    blame: blame(page.segmentIndex(holding: sentence.text))))
        }
        for check in expectation.labels {
            let wanted = SnippetText.normalise(check.text)
            let segments = page.pageSegments
            let matching = segments.indices.filter { SnippetText.normalise(segments.text($0)) == wanted }
            if matching.isEmpty {
                failures.append(Failure(origin: origin(check.line), page: expectation.name, kind: .noSuchSegment, text: check.text))
            }
            let wrong = matching.filter { page.codes[$0].label != check.label }
            if let index = wrong.first {
                let more = wrong.count > 1 ? "; \(wrong.count - 1) more segment\(wrong.count == 2 ? "" : "s") with this text" : ""
                failures.append(Failure(origin: origin(check.line), page: expectation.name,
                                        kind: .wrongLabel(expected: check.label, got: page.codes[index].label),
                                        text: check.text, blame: blame(index).map { $0 + more }))
            }
        }
        return failures
    }
}
