import WinnowPCRE2

/// What a pattern's matches hold of the characters the measure stage counts, read from the
/// pattern itself, so that a segment whose counts rule a match out is not tried:
/// - `mostLetters`: a pattern anchored at both ends matches the whole segment (but for a
///   final newline, no letter), so a segment with more letters (`Features.letters`) than a
///   match can hold cannot match. `^(menu|main menu|...)\s*:?$` matches nothing with more
///   letters than its longest word, whatever the white space, and
///   `^[«‹<]?\s*\d{1,3}(\s+\d{1,3}){1,12}...$` nothing with more than the ten letters of its
///   last word: the prose lines that start like them are not tried.
/// - `fewestSeparators`, `fewestDigits`: any match holds at least so many separator marks
///   (`Features.separators`: `|` `/` `>` `•` `·` `»` `›`) or digits (`Features.digits`), so
///   a segment with fewer cannot match: a link row `a | b | c` needs two bars.
///
/// Sound by construction: a character of the pattern counts as no letter only when no
/// character it matches is one by `TextScanner.classify`, case variants included, and as a
/// sure separator or digit only when every character it matches is one; anything the parse
/// does not follow (back references, recursion, verbs) gives no bound, and extended mode
/// (which changes what the source means) none at all.
struct CharacterBounds {
    /// The most letters a segment can hold for the pattern to match it; nil when there is no bound.
    private(set) var mostLetters: Int?
    /// The fewest separator marks and digits (as the measure stage counts them) any match holds.
    private(set) var fewestSeparators: Int
    private(set) var fewestDigits: Int

    init(mostLetters: Int?, fewestSeparators: Int, fewestDigits: Int) {
        self.mostLetters = mostLetters
        self.fewestSeparators = fewestSeparators
        self.fewestDigits = fewestDigits
    }

    /// Reads the pattern once (one parse, one walk: this runs for every pattern at start-up).
    init(_ pattern: Pattern) {
        // Extended mode changes what the source means; a source that names no end anchor, no
        // separator mark and no digit has no bound to find (four default patterns in ten: their
        // parse is skipped).
        let inline = Self.inlineOptions(in: pattern.source)
        guard Self.mayHaveBounds(pattern.source), !pattern.options.contains(.extended), !inline.contains("x") else {
            self.init(mostLetters: nil, fewestSeparators: 0, fewestDigits: 0)
            return
        }
        let analysis = PatternAnalysis(source: pattern.source, caseless: pattern.options.contains(.caseInsensitive))
        let counts = Self.inSubject(analysis.node)
        // Multi-line `^`/`$` match inside the subject.
        let wholeSubject = !pattern.options.contains(.multiline) && !inline.contains("m")
            && analysis.anchoredAtStart && analysis.anchoredAtEnd
        self.init(mostLetters: wholeSubject ? counts.mostLetters : nil, fewestSeparators: counts.fewestSeparators,
                  fewestDigits: counts.fewestDigits)
    }

    /// Whether the source holds an end anchor (`$`, `\z`, `\Z`), a separator mark that is no
    /// alternation (`/`, `>`, `\|`, a bar in a class, `•` `·` `»` `›`) or a digit class (`\d`,
    /// `0-9`): a bound needs one of them. (A digit written as itself is not looked for: it then
    /// goes unread, which is sound.)
    static func mayHaveBounds(_ source: String) -> Bool {
        source.utf8.withContiguousStorageIfAvailable(mayHaveBounds) ?? mayHaveBounds(Array(source.utf8))
    }

    private static func mayHaveBounds<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Bool {
        var escaped = false, inClass = false, previous: UInt8 = 0, beforePrevious: UInt8 = 0
        for byte in bytes {
            defer { beforePrevious = previous; previous = byte }
            if escaped {
                escaped = false
                if byte == UInt8(ascii: "z") || byte == UInt8(ascii: "Z") || byte == UInt8(ascii: "d") || byte == UInt8(ascii: "|") { return true }
                continue
            }
            switch byte {
            case UInt8(ascii: "\\"): escaped = true
            case UInt8(ascii: "["): inClass = true
            case UInt8(ascii: "]"): inClass = false
            case UInt8(ascii: "|"): if inClass { return true }
            case UInt8(ascii: "$"), UInt8(ascii: "/"), UInt8(ascii: ">"): return true
            case UInt8(ascii: "9"): if previous == UInt8(ascii: "-") && beforePrevious == UInt8(ascii: "0") { return true }
            case 0xB7, 0xBB: if previous == 0xC2 { return true }      // · »
            case 0xA2, 0xBA: if previous == 0x80 && beforePrevious == 0xE2 { return true }   // • ›
            default: break
            }
        }
        return false
    }

    /// The letters of the source's inline option groups (`(?m)`, `(?im:...)`, `(?-i)`), off
    /// or on: a letter found turns the option on somewhere, or may.
    struct InlineOptions {
        var letters: UInt32 = 0
        func contains(_ letter: Unicode.Scalar) -> Bool { letters & 1 << (letter.value & 31) != 0 }
    }

    static func inlineOptions(in source: String) -> InlineOptions {
        source.utf8.withContiguousStorageIfAvailable(inlineOptions) ?? inlineOptions(Array(source.utf8))
    }

    private static func inlineOptions<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> InlineOptions {
        var options = InlineOptions()
        var utf8 = bytes.makeIterator()
        var previous: UInt8 = 0
        while let byte = utf8.next() {
            defer { previous = byte }
            guard previous == UInt8(ascii: "("), byte == UInt8(ascii: "?") else { continue }
            while let next = utf8.next() {
                let lower = next | 0x20
                if lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z") { options.letters |= 1 << UInt32(lower & 31) }
                else if next != UInt8(ascii: "-") && next != UInt8(ascii: "^") { break }
            }
        }
        return options
    }

    /// The counts of the subject for a match of `node`: those of what it consumes and, for a
    /// positive lookahead among the top-level items, the fewest of the lookahead's text. That
    /// text may overlap what follows the lookahead, never what comes before it.
    static func inSubject(_ node: PatternNode) -> CharacterBounds {
        var top = node
        while case .group(let inner, let kind) = top, !kind.isLookaround { top = inner }
        guard case .concat(let items) = top else { return consumed(top) }
        let each = items.map(consumed)
        var best = each.reduce(CharacterBounds.nothing, +)
        for (index, item) in items.enumerated() {
            guard case .group(let inner, .lookahead) = item else { continue }
            let before = each[..<index].reduce(CharacterBounds.nothing, +), after = each[(index + 1)...].reduce(CharacterBounds.nothing, +)
            let ahead = consumed(inner)
            best.fewestSeparators = max(best.fewestSeparators, before.fewestSeparators + max(ahead.fewestSeparators, after.fewestSeparators))
            best.fewestDigits = max(best.fewestDigits, before.fewestDigits + max(ahead.fewestDigits, after.fewestDigits))
        }
        return best
    }

    /// What nothing holds: no letter, no separator, no digit.
    static let nothing = CharacterBounds(mostLetters: 0, fewestSeparators: 0, fewestDigits: 0)

    /// The counts of what a match of `node` consumes: the most letters (nil when unbounded or
    /// unknown), the fewest separators and digits (lookarounds consume none: they count for
    /// nothing here).
    static func consumed(_ node: PatternNode) -> CharacterBounds {
        switch node {
        case .empty, .anchor: return nothing
        case .opaque: return CharacterBounds(mostLetters: nil, fewestSeparators: 0, fewestDigits: 0)
        case .literal(let scalar) where scalar.isASCII: return asciiLiteral(scalar.value)
        case .literal(let scalar):
            // Literals are taken as caseless (the parse does not keep the option with them).
            let variants = hasCaseVariants(scalar)
            let kind = TextScanner.classify(scalar.value)
            var letter = variants, digit = false
            switch kind {
            case .upper, .lower, .cjk: letter = true
            case .digit: digit = !variants
            case .apostrophe, .other: break
            }
            return CharacterBounds(mostLetters: letter ? 1 : 0, fewestSeparators: !variants && TextScanner.isSeparatorMark(scalar.value) ? 1 : 0,
                                   fewestDigits: digit ? 1 : 0)
        case .set:
            return CharacterBounds(mostLetters: mayBeLetter(node) ? 1 : 0, fewestSeparators: isSure(node, TextScanner.isSeparatorMark) ? 1 : 0,
                                   fewestDigits: isSureDigit(node) ? 1 : 0)
        case .group(let inner, let kind): return kind.isLookaround ? nothing : consumed(inner)
        case .concat(let items):
            // An ASCII character (most items) is counted here, not by a call of its own.
            var total = nothing
            for item in items {
                if case .literal(let scalar) = item, scalar.isASCII { total = total + asciiLiteral(scalar.value) } else { total = total + consumed(item) }
            }
            return total
        case .alternation(let branches):
            var result: CharacterBounds?
            for branch in branches.lazy.map(consumed) {
                guard let sofar = result else { result = branch; continue }
                result = CharacterBounds(mostLetters: sofar.mostLetters.flatMap { a in branch.mostLetters.map { max(a, $0) } },
                                         fewestSeparators: min(sofar.fewestSeparators, branch.fewestSeparators),
                                         fewestDigits: min(sofar.fewestDigits, branch.fewestDigits))
            }
            return result ?? nothing
        case .repetition(let inner, let low, let high, _):
            let body = consumed(inner)
            var most: Int? = nil
            if body.mostLetters == 0 { most = 0 } else if let letters = body.mostLetters, let high {
                let (product, overflow) = letters.multipliedReportingOverflow(by: high)
                most = overflow ? nil : product
            }
            return CharacterBounds(mostLetters: most, fewestSeparators: times(body.fewestSeparators, low), fewestDigits: times(body.fewestDigits, low))
        }
    }

    /// An ASCII character: only letters have case variants among them.
    @inline(__always)
    static func asciiLiteral(_ value: UInt32) -> CharacterBounds {
        let letter = (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A
        return CharacterBounds(mostLetters: letter ? 1 : 0, fewestSeparators: TextScanner.isSeparatorMark(value) ? 1 : 0,
                               fewestDigits: value >= 0x30 && value <= 0x39 ? 1 : 0)
    }

    /// Side by side: letters add up (unbounded if either is), as do the fewest separators and digits.
    static func + (a: CharacterBounds, b: CharacterBounds) -> CharacterBounds {
        CharacterBounds(mostLetters: a.mostLetters.flatMap { x in b.mostLetters.map { x + $0 } },
                        fewestSeparators: min(a.fewestSeparators + b.fewestSeparators, cap), fewestDigits: min(a.fewestDigits + b.fewestDigits, cap))
    }

    /// A lower bound kept small (any bound below the truth is sound).
    private static let cap = 1 << 20
    private static func times(_ count: Int, _ low: Int) -> Int {
        let (product, overflow) = count.multipliedReportingOverflow(by: low)
        return overflow ? cap : min(product, cap)
    }

    /// Whether every character a literal or set matches is a digit to the measure stage.
    static func isSureDigit(_ atom: PatternNode) -> Bool {
        if case .set(let set) = atom, !set.negated, set.items.count == 1, case .digit(true) = set.items[0] { return true }
        return isSure(atom) { if case .digit = TextScanner.classify($0) { return true } else { return false } }
    }

    /// Whether a literal or set matches only characters for which `holds` is true (a literal
    /// with case variants, or a set of classes, is not sure).
    static func isSure(_ atom: PatternNode, _ holds: (UInt32) -> Bool) -> Bool {
        func sure(_ scalar: Unicode.Scalar) -> Bool { !hasCaseVariants(scalar) && holds(scalar.value) }
        switch atom {
        case .literal(let scalar): return sure(scalar)
        case .set(let set):
            guard !set.negated, !set.items.isEmpty else { return false }
            return set.items.allSatisfy { item in
                switch item {
                case .scalar(let scalar): return sure(scalar)
                case .range(let low, let high):
                    return high.value - low.value < 256 && (low.value...high.value).allSatisfy { Unicode.Scalar($0).map(sure) ?? true }
                default: return false
                }
            }
        default: return false
        }
    }

    /// Whether a literal or set may match a character the measure stage counts as a letter.
    /// Literals are taken as caseless (the parse does not keep the option with them). Only
    /// listed characters and short ranges, digits (`\d`, Unicode decimal digits) and white space
    /// (`\s`, `\h`, `\v`) are known to hold none; the tests check those classes against PCRE2.
    static func mayBeLetter(_ atom: PatternNode) -> Bool {
        switch atom {
        case .literal(let scalar): return mayBeLetter(scalar)
        case .set(let set): return mayBeLetter(set)
        default: return true
        }
    }

    static func mayBeLetter(_ scalar: Unicode.Scalar) -> Bool {
        if hasCaseVariants(scalar) { return true }
        switch TextScanner.classify(scalar.value) {
        case .upper, .lower, .cjk: return true
        case .digit, .apostrophe, .other: return false
        }
    }

    static func mayBeLetter(_ set: CharSet) -> Bool {
        guard !set.negated else { return true }
        for item in set.items {
            switch item {
            case .scalar(let scalar): if mayBeLetter(scalar) { return true }
            case .range(let low, let high):
                guard high.value - low.value < 256 else { return true }
                if (low.value...high.value).contains(where: { Unicode.Scalar($0).map(mayBeLetter) ?? false }) { return true }
            case .digit(true), .space(true), .horizontalSpace(true), .verticalSpace(true): continue
            default: return true
            }
        }
        return false
    }

    /// Whether caseless matching may take the scalar for another.
    static func hasCaseVariants(_ scalar: Unicode.Scalar) -> Bool {
        // ASCII letters have (`k` and the Kelvin sign), other ASCII characters have none.
        if scalar.isASCII { return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) }
        let properties = scalar.properties
        return properties.isCased || properties.changesWhenCaseMapped || properties.changesWhenCaseFolded
    }
}
