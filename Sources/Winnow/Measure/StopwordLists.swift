import Foundation

/// Stopword lists by language code, read from `rules/stopwords/<code>.txt` (embedded at build
/// time). One word a line; lines starting with `#` are comments.
///
/// For speed each word maps to a bitmask of the languages whose list holds it, so one lookup
/// per token serves both the language guess and the stopword count of any language.
public struct StopwordLists: Sendable {
    public private(set) var lists: [String: Set<String>]
    /// Language codes in bit order.
    public let codes: [String]
    /// For each word, bit `i` set when `codes[i]`'s list holds it.
    let masks: [String: UInt64]
    /// Longest word in any list, in UTF-8 bytes: longer tokens need no lookup.
    let longestWordBytes: Int

    public init(lists: [String: Set<String>]) {
        self.lists = lists
        let codes = Array(lists.keys.sorted().prefix(64))
        self.codes = codes
        var masks: [String: UInt64] = [:]
        var longest = 0
        for (bit, code) in codes.enumerated() {
            for word in lists[code]! {
                masks[word, default: 0] |= 1 << UInt64(bit)
                longest = max(longest, word.utf8.count)
            }
        }
        self.masks = masks
        longestWordBytes = longest
    }

    public static func parse(_ text: String) -> Set<String> {
        var words = Set<String>()
        for line in text.split(separator: "\n") {
            let word = line.trimmingCharacters(in: .whitespaces)
            if word.isEmpty || word.hasPrefix("#") { continue }
            words.insert(word.lowercased().replacingOccurrences(of: "’", with: "'"))
        }
        return words
    }

    /// The lists built into the binary.
    public static let embedded: StopwordLists = {
        var lists: [String: Set<String>] = [:]
        for file in EmbeddedResources.files where file.path.hasPrefix("stopwords/") && file.path.hasSuffix(".txt") {
            let code = String(file.path.dropFirst("stopwords/".count).dropLast(".txt".count))
            lists[code] = parse(file.text)
        }
        return StopwordLists(lists: lists)
    }()

    /// The language mask of a lower-cased token (0 when no list holds it).
    @inline(__always)
    func mask(of token: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard !token.isEmpty, token.count <= longestWordBytes else { return 0 }
        // Tokens of up to 15 bytes become small strings: no allocation for the lookup.
        return masks[String(decoding: token, as: UTF8.self)] ?? 0
    }

    /// The bitmask that selects `language`'s list, or every list when the language is unknown.
    public func selector(for language: String?) -> UInt64 {
        if let language, let bit = codes.firstIndex(of: language) { return 1 << UInt64(bit) }
        return ~0
    }
}
