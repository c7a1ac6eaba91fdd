/// Stopword lists by language code, read from `rules/stopwords/<code>.txt` (embedded at build
/// time). One word a line; lines starting with `#` are comments.
public struct StopwordLists: Sendable {
    public private(set) var lists: [String: Set<String>]
    /// For each word, the languages whose list holds it (language guessing reads this).
    let languagesByWord: [String: [String]]
    /// Every list's words: the fallback for a page whose language no list recognises.
    let union: Set<String>

    public init(lists: [String: Set<String>]) {
        self.lists = lists
        var byWord: [String: [String]] = [:]
        for (code, words) in lists.sorted(by: { $0.key < $1.key }) {
            for word in words { byWord[word, default: []].append(code) }
        }
        languagesByWord = byWord
        union = Set(byWord.keys)
    }

    public static func parse(_ text: String) -> Set<String> {
        var words = Set<String>()
        for line in text.split(separator: "\n") {
            let word = line.trimmingCharacters(in: .whitespaces)
            if word.isEmpty || word.hasPrefix("#") { continue }
            words.insert(word.lowercased())
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

    /// The words that count as stopwords on a page in `language` (all lists when unknown).
    public func words(for language: String?) -> Set<String> {
        if let language, let list = lists[language] { return list }
        return union
    }
}

import Foundation
