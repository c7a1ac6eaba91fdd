import Foundation

/// The names under which document rules read the cleaned article's metrics (`when: {words: "< 50"}`).
public enum DocumentMetric: String, CaseIterable, Sendable {
    /// Whitespace-separated words of the cleaned article.
    case words
    /// Characters of the cleaned article (without line breaks).
    case chars
    /// Kept segments (lines).
    case lines
    /// Sentence ends: `.`, `!`, `?`, `…` and their CJK forms, followed by a space or the end of a line.
    case sentences
    /// Share of the page's characters that the cleaned article keeps (how much of the page is body).
    case bodyShare = "body_share"
    /// Share of kept lines that repeat an earlier kept line exactly.
    case repeatedLines = "repeated_lines"
    /// Letters and digits per word.
    case meanWordLength = "mean_word_length"
    /// Share of non-space characters that are symbols: neither letters, digits, spaces nor ordinary punctuation.
    case symbols
    /// Hash signs and ellipses per word (Gopher's symbol-to-word ratio).
    case symbolWordRatio = "symbol_word_ratio"
    /// Share of words that contain at least one letter.
    case alphaWords = "alpha_words"
    /// Share of words in the page language's stopword list (all lists when the language is unknown).
    case stopwords
    /// Share of kept lines that start with a bullet.
    case bulletLines = "bullet_lines"
    /// Share of kept lines that end with an ellipsis.
    case ellipsisLines = "ellipsis_lines"
    /// Share of characters that are digits.
    case digits
    /// Share of letters that are upper case.
    case upper
}

/// Figures on the cleaned article that document rules test: the thresholds of C4- and
/// Gopher-style quality filters, computed over the kept segments of one page.
public struct DocumentMetrics: Sendable, Equatable {
    public private(set) var values: [Double]

    public init() { values = Array(repeating: 0, count: DocumentMetric.allCases.count) }

    public subscript(_ metric: DocumentMetric) -> Double {
        get { values[Self.position[metric]!] }
        set { values[Self.position[metric]!] = newValue }
    }

    private static let position: [DocumentMetric: Int] = Dictionary(uniqueKeysWithValues: DocumentMetric.allCases.enumerated().map { ($1, $0) })

    /// Metrics of the segments at `kept` (indices into `segments` and `features`), against the whole page.
    public static func measure(segments: [Segment], features: [Features], kept: [Int]) -> DocumentMetrics {
        measure(segments: PageSegments(segments), features: features, kept: kept)
    }

    /// `measure` on the pipeline's segments (their texts read in the page's bytes).
    static func measure(segments: PageSegments, features: [Features], kept: [Int]) -> DocumentMetrics {
        var m = DocumentMetrics()
        let pageChars = features.reduce(0) { $0 + $1.chars }
        var chars = 0, words = 0, letters = 0, digits = 0, upper = 0, stopwords = 0, bullets = 0
        var seen = Set<String>()
        var repeated = 0, ellipsisLines = 0
        var scan = ArticleScan()
        for index in kept {
            let f = features[index], text = segments.text(index)
            chars += f.chars; words += f.words; letters += f.letters; digits += f.digits
            upper += f.uppercase; stopwords += f.stopwords
            if f.startsWithBullet { bullets += 1 }
            if !seen.insert(text).inserted { repeated += 1 }
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.hasSuffix("…") || trimmed.hasSuffix("...") { ellipsisLines += 1 }
            scan.add(text)
        }
        func share(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }
        m[.words] = Double(words)
        m[.chars] = Double(chars)
        m[.lines] = Double(kept.count)
        m[.sentences] = Double(scan.sentences)
        m[.bodyShare] = share(chars, pageChars)
        m[.repeatedLines] = share(repeated, kept.count)
        m[.meanWordLength] = share(letters + digits, words)
        m[.symbols] = share(scan.symbols, scan.visible)
        m[.symbolWordRatio] = share(scan.hashesAndEllipses, words)
        m[.alphaWords] = share(scan.alphaWords, scan.words)
        m[.stopwords] = share(stopwords, words)
        m[.bulletLines] = share(bullets, kept.count)
        m[.ellipsisLines] = share(ellipsisLines, kept.count)
        m[.digits] = share(digits, chars)
        m[.upper] = share(upper, letters)
        return m
    }
}

/// One pass over the kept lines for the metrics the measure stage does not count.
struct ArticleScan {
    var sentences = 0
    var symbols = 0
    var visible = 0
    var hashesAndEllipses = 0
    var words = 0
    var alphaWords = 0

    static let sentenceEnds: Set<Unicode.Scalar> = [".", "!", "?", "…", "。", "！", "？", "؟", "।"]
    /// CJK sentence ends need no space after them.
    static let fullWidthEnds: Set<Unicode.Scalar> = ["。", "！", "？"]
    static let closers: Set<Unicode.Scalar> = ["\"", "'", "”", "’", "»", ")", "]", "」", "』"]
    /// Punctuation that ordinary prose uses; other punctuation and every symbol count as symbols.
    static let ordinaryPunctuation: Set<Unicode.Scalar> = [
        ".", ",", ";", ":", "!", "?", "'", "\"", "(", ")", "-", "–", "—", "…", "«", "»", "„", "“", "”", "‘", "’",
        "‚", "‹", "›", "¿", "¡", "/", "%", "&", "[", "]", "。", "、", "，", "！", "？", "：", "；", "「", "」", "『", "』",
        "؟", "،", "।",
    ]

    mutating func add(_ line: String) {
        var inWord = false, wordHasLetter = false
        var previous: Unicode.Scalar = " ", beforeRun: Unicode.Scalar = " "
        var dots = 0
        let scalars = Array(line.unicodeScalars)
        for (offset, scalar) in scalars.enumerated() {
            let isSpace = scalar.properties.isWhitespace
            if isSpace {
                if inWord { words += 1; if wordHasLetter { alphaWords += 1 } }
                inWord = false; wordHasLetter = false
            } else {
                visible += 1
                if !inWord { inWord = true }
                let props = scalar.properties
                if props.isAlphabetic { wordHasLetter = true }
                else if props.numericType != nil {}
                else if !Self.ordinaryPunctuation.contains(scalar) { symbols += 1 }
                if scalar == "#" || scalar == "…" { hashesAndEllipses += 1 }
            }
            // "..." counts once as an ellipsis.
            if scalar == "." { dots += 1; if dots == 3 { hashesAndEllipses += 1 } } else { dots = 0 }
            // A run of sentence ends ("?!", "...") after a word, then a space, a closer or the line's end.
            if Self.sentenceEnds.contains(scalar) {
                if !Self.sentenceEnds.contains(previous) { beforeRun = previous }
                let next = offset + 1 < scalars.count ? scalars[offset + 1] : " "
                let ends = next.properties.isWhitespace || Self.closers.contains(next) || Self.fullWidthEnds.contains(scalar)
                if ends && !beforeRun.properties.isWhitespace { sentences += 1 }
            }
            previous = scalar
        }
        if inWord { words += 1; if wordHasLetter { alphaWords += 1 } }
    }
}
