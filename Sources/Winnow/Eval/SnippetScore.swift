import Foundation

/// One page's snippet expectations, as a line of a dev set's `expectations.jsonl`:
/// `{"id": ..., "url": ..., "with": [...], "without": [...]}`. `with` snippets must appear in
/// the cleaned article, `without` snippets must not.
public struct SnippetExpectation: Sendable, Equatable {
    public var id: String
    public var url: String?
    public var with: [String]
    public var without: [String]

    public init(id: String, url: String? = nil, with: [String], without: [String]) {
        self.id = id
        self.url = url
        self.with = with
        self.without = without
    }

    public struct ParseError: Error, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Parses a JSON-lines file; blank lines are skipped, anything else malformed is an error.
    public static func parseLines(_ text: String) throws -> [SnippetExpectation] {
        var result: [SnippetExpectation] = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            let object: Any
            do { object = try JSONSerialization.jsonObject(with: Data(line.utf8)) } catch {
                throw ParseError(line: offset + 1, message: "not JSON")
            }
            guard let fields = object as? [String: Any], let id = fields["id"] as? String else {
                throw ParseError(line: offset + 1, message: "expected an object with a string \"id\"")
            }
            func strings(_ key: String) throws -> [String] {
                guard let value = fields[key] else { return [] }
                guard let list = value as? [String] else { throw ParseError(line: offset + 1, message: "\"\(key)\" must be a list of strings") }
                return list
            }
            result.append(SnippetExpectation(id: id, url: fields["url"] as? String, with: try strings("with"), without: try strings("without")))
        }
        return result
    }
}

/// Whitespace normalisation and substring tests exactly as the dev set's `score.py` does them:
/// every run of whitespace (Python's `\s`: the ASCII and Unicode spaces, separators and
/// U+001C–U+001F) becomes one space, the ends are trimmed, and the test is a substring test on
/// code points (here on UTF-8 bytes, which is the same thing) — no Unicode equivalence.
public enum SnippetText {
    @inline(__always)
    static func isPythonSpace(_ v: UInt32) -> Bool {
        switch v {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// The normalised text as UTF-8 bytes.
    public static func normalise(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isPythonSpace(scalar.value) {
                pendingSpace = true
                continue
            }
            if pendingSpace && !out.isEmpty { out.append(0x20) }
            pendingSpace = false
            out.append(contentsOf: UTF8.encode(scalar)!)
        }
        return out
    }

    /// Whether `needle` occurs in `haystack` (both normalised). The empty needle occurs everywhere.
    public static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard needle.count <= haystack.count else { return false }
        return haystack.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                let first = n[0], last = h.count - n.count
                var start = 0
                while start <= last {
                    // Jump to the next occurrence of the first byte, then compare the rest.
                    guard let hit = memchr(h.baseAddress! + start, Int32(first), last - start + 1) else { return false }
                    start = h.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(h.baseAddress! + start, n.baseAddress!, n.count) == 0 { return true }
                    start += 1
                }
                return false
            }
        }
    }
}

/// Scores cleaned articles against snippet expectations: a `with` snippet found is a true
/// positive, one missing a false negative; a `without` snippet found is a false positive, one
/// absent a true negative. The figures are those of the dev set's `score.py`.
public struct SnippetScorer: Sendable {
    public init() {}

    public func score(output: String, against expectation: SnippetExpectation) -> SnippetPageResult {
        let text = SnippetText.normalise(output)
        let lost = expectation.with.filter { !SnippetText.contains(text, SnippetText.normalise($0)) }
        let kept = expectation.without.filter { SnippetText.contains(text, SnippetText.normalise($0)) }
        var counts = SnippetCounts()
        counts.truePositives = expectation.with.count - lost.count
        counts.falseNegatives = lost.count
        counts.falsePositives = kept.count
        counts.trueNegatives = expectation.without.count - kept.count
        return SnippetPageResult(id: expectation.id, counts: counts, lost: lost, kept: kept)
    }
}

/// One page's outcome: its counts and the snippets it got wrong.
public struct SnippetPageResult: Sendable, Equatable {
    public var id: String
    public var counts: SnippetCounts
    /// `with` snippets missing from the cleaned article.
    public var lost: [String]
    /// `without` snippets still in the cleaned article.
    public var kept: [String]
    public var misses: Int { lost.count + kept.count }
}

/// Snippet counts of a page, or pooled over pages.
public struct SnippetCounts: Sendable, Equatable {
    public var truePositives = 0, falsePositives = 0, falseNegatives = 0, trueNegatives = 0

    public init() {}

    public static func += (a: inout SnippetCounts, b: SnippetCounts) {
        a.truePositives += b.truePositives
        a.falsePositives += b.falsePositives
        a.falseNegatives += b.falseNegatives
        a.trueNegatives += b.trueNegatives
    }

    public var snippets: Int { truePositives + falsePositives + falseNegatives + trueNegatives }
    public var precision: Double { truePositives + falsePositives == 0 ? 0 : Double(truePositives) / Double(truePositives + falsePositives) }
    public var recall: Double { truePositives + falseNegatives == 0 ? 0 : Double(truePositives) / Double(truePositives + falseNegatives) }
    public var f1: Double { truePositives == 0 ? 0 : 2 * Double(truePositives) / Double(2 * truePositives + falsePositives + falseNegatives) }
    public var accuracy: Double { snippets == 0 ? 0 : Double(truePositives + trueNegatives) / Double(snippets) }
}

extension ClassifiedPage {
    /// The segment holding a snippet (whitespace-normalised); for a snippet spanning several
    /// lines, the first segment of some length inside it. Tells who decided a missed snippet.
    public func segmentIndex(holding snippet: String) -> Int? {
        let needle = SnippetText.normalise(snippet)
        let texts = segments.map { SnippetText.normalise($0.text) }
        return texts.firstIndex { SnippetText.contains($0, needle) }
            ?? texts.firstIndex { $0.count >= 12 && SnippetText.contains(needle, $0) }
    }
}
