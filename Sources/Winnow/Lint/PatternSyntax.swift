/// A small parser for the PCRE2 pattern syntax rules use, enough for lint's analyses (what a
/// pattern can match, how long, whether its repetitions nest). It never decides whether a
/// pattern is valid — PCRE2 does — and anything it does not model (back-references,
/// recursion, conditionals, callouts, extended mode) becomes `.opaque`, on which analyses
/// give up rather than guess. Only the cases that hold one node are boxed: a literal or a
/// class is not an allocation of its own (the classifier reads every pattern at start-up).
public enum PatternNode: Equatable, Sendable {
    case empty
    case literal(Unicode.Scalar)
    case set(CharSet)
    case anchor(Anchor)
    indirect case group(PatternNode, GroupKind)
    case concat([PatternNode])
    case alternation([PatternNode])
    indirect case repetition(PatternNode, min: Int, max: Int?, mode: RepetitionMode)
    case opaque(String)

    public enum Anchor: Equatable, Sendable { case start, end, other }
    /// `lookahead` is a positive lookahead `(?=...)`; `lookaround` every other one (`(?!...)`,
    /// `(?<=...)`, `(?<!...)`). Both are zero-width.
    public enum GroupKind: Equatable, Sendable {
        case capturing, nonCapturing, atomic, lookahead, lookaround

        public var isLookaround: Bool { self == .lookahead || self == .lookaround }
    }
    public enum RepetitionMode: Equatable, Sendable { case greedy, lazy, possessive }
}

/// A character class, dot or class escape, judged by testing candidate characters against it:
/// enough to tell whether it can match a space, a non-space, a CJK character, and to pick a sample.
public struct CharSet: Equatable, Sendable {
    enum Item: Equatable, Sendable {
        case scalar(Unicode.Scalar)
        case range(Unicode.Scalar, Unicode.Scalar)
        case digit(Bool), word(Bool), space(Bool), horizontalSpace(Bool), verticalSpace(Bool)
        case posix(String, Bool)
        case property(String, Bool)
        case anyButNewline
        case any
    }

    var items: [Item]
    var negated: Bool
    var caseless: Bool

    /// Characters a segment can hold: after normalisation the only whitespace is U+0020, and
    /// control characters are gone, so `\s` in a rule can only ever match a space.
    static let candidates: [Unicode.Scalar] = ["a", "A", "z", "e", "1", "0", "_", "-", "!", ".", ",", ":", "/", "é", "ж", "中", " "]

    public func contains(_ c: Unicode.Scalar) -> Bool {
        let hit = items.contains { item in
            switch item {
            case .scalar(let s):
                if s == c { return true }
                return caseless && String(s).lowercased() == String(c).lowercased()
            case .range(let lo, let hi):
                if lo <= c && c <= hi { return true }
                guard caseless else { return false }
                let l = String(c).lowercased().unicodeScalars.first!, u = String(c).uppercased().unicodeScalars.first!
                return (lo <= l && l <= hi) || (lo <= u && u <= hi)
            case .digit(let positive): return CharSet.isDigit(c) == positive
            case .word(let positive): return (c.properties.isAlphabetic || CharSet.isDigit(c) || c == "_" || c.properties.generalCategory == .nonspacingMark) == positive
            case .space(let positive): return c.properties.isWhitespace == positive
            case .horizontalSpace(let positive): return (c == " " || c == "\t" || c == "\u{A0}" || (0x2000...0x200A).contains(c.value) || c == "\u{3000}") == positive
            case .verticalSpace(let positive): return ((0x0A...0x0D).contains(c.value) || c == "\u{85}" || c == "\u{2028}" || c == "\u{2029}") == positive
            case .posix(let name, let positive): return CharSet.posix(name, c) == positive
            case .property(let name, let positive):
                guard let member = CharSet.property(name, c) else { return true }  // unknown property: assume it can
                return member == positive
            case .anyButNewline: return c != "\n"
            case .any: return true
            }
        }
        return hit != negated
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c.properties.numericType == .decimal }

    static func posix(_ name: String, _ c: Unicode.Scalar) -> Bool {
        switch name {
        case "alpha": return c.properties.isAlphabetic
        case "digit": return isDigit(c)
        case "alnum": return c.properties.isAlphabetic || isDigit(c)
        case "space": return c.properties.isWhitespace
        case "blank": return c == " " || c == "\t"
        case "upper": return c.properties.isUppercase
        case "lower": return c.properties.isLowercase
        case "punct": return c.isASCII && c.properties.generalCategory.isPunctuationOrSymbol
        case "word": return c.properties.isAlphabetic || isDigit(c) || c == "_"
        case "xdigit": return c.isASCII && (isDigit(c) || ("a"..."f").contains(c) || ("A"..."F").contains(c))
        case "cntrl": return c.value < 0x20 || c.value == 0x7F
        case "print": return c.value >= 0x20 && c.value != 0x7F
        case "graph": return c.value > 0x20 && c.value != 0x7F && !c.properties.isWhitespace
        case "ascii": return c.isASCII
        default: return true
        }
    }

    /// Membership in a Unicode property or script, for the ones rules use; nil when unknown.
    static func property(_ name: String, _ c: Unicode.Scalar) -> Bool? {
        let category = c.properties.generalCategory
        switch name.replacingOccurrences(of: "_", with: "").replacingOccurrences(of: " ", with: "").lowercased() {
        case "any": return true
        case "l", "l&", "letter": return c.properties.isAlphabetic && category.isLetter
        case "lu": return category == .uppercaseLetter
        case "ll": return category == .lowercaseLetter
        case "lo": return category == .otherLetter
        case "n", "number": return category.isNumber
        case "nd": return category == .decimalNumber
        case "p", "punctuation": return category.isPunctuation
        case "s", "symbol": return category.isSymbol
        case "z", "separator": return category == .spaceSeparator || category == .lineSeparator || category == .paragraphSeparator
        case "zs": return category == .spaceSeparator
        case "m", "mark", "mn": return category == .nonspacingMark || category == .spacingMark || category == .enclosingMark
        case "c", "cc": return category == .control
        case "xan": return category.isLetter || category.isNumber
        case "xsp", "xps": return c.properties.isWhitespace
        case "xwd": return category.isLetter || category.isNumber || c == "_"
        case "latin": return c.isASCII ? c.properties.isAlphabetic : (0xC0...0x24F).contains(c.value) && c.properties.isAlphabetic
        case "cyrillic": return (0x400...0x52F).contains(c.value)
        case "greek": return (0x370...0x3FF).contains(c.value)
        case "han": return (0x4E00...0x9FFF).contains(c.value) || (0x3400...0x4DBF).contains(c.value)
        case "arabic": return (0x600...0x6FF).contains(c.value)
        default: return nil
        }
    }

    /// Whether it can match a space (U+0020, the only word separator of the `words` feature).
    public var matchesSpace: Bool { contains(" ") }
    /// Whether it can match something that is not a space (and so starts or continues a word).
    public var matchesNonSpace: Bool { candidates.contains { $0 != " " && contains($0) } }
    /// Whether it can match a CJK character (words are then estimated from characters).
    public var matchesCJK: Bool { contains("中") || contains("あ") }
    /// A character it matches, preferring letters: for building sample subjects.
    public var sample: Unicode.Scalar? { candidates.first { contains($0) } }

    /// Characters to test: the class's own characters, range ends, and common representatives.
    var candidates: [Unicode.Scalar] {
        var own: [Unicode.Scalar] = []
        for item in items {
            switch item {
            case .scalar(let s): own.append(s)
            case .range(let lo, let hi): own += [lo, hi]
            default: break
            }
        }
        return own.filter(Self.canOccurInSegment) + Self.candidates
    }

    static func canOccurInSegment(_ c: Unicode.Scalar) -> Bool {
        c == " " || !(c.properties.isWhitespace || c.value < 0x20 || (0x7F...0x9F).contains(c.value))
    }

    static let any = CharSet(items: [.anyButNewline], negated: false, caseless: false)
}

extension Unicode.GeneralCategory {
    var isLetter: Bool { [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter].contains(self) }
    var isNumber: Bool { [.decimalNumber, .letterNumber, .otherNumber].contains(self) }
    var isPunctuation: Bool { [.connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation, .otherPunctuation].contains(self) }
    var isSymbol: Bool { [.mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol].contains(self) }
    var isPunctuationOrSymbol: Bool { isPunctuation || isSymbol }
}

/// Parses a pattern's text into `PatternNode`s.
public struct PatternParser {
    let scalars: [Unicode.Scalar]
    var position = 0
    var caseless: Bool

    public static func parse(_ source: String, caseless: Bool = true) -> PatternNode {
        // One pass over the scalars (`Array(source.unicodeScalars)` counts them first).
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(source.utf8.count)
        for scalar in source.unicodeScalars { scalars.append(scalar) }
        var parser = PatternParser(scalars: scalars, caseless: caseless)
        let node = parser.alternation()
        // A stray ')' or an unmodelled construct stopped the parse: say so rather than half-analyse.
        return parser.position < parser.scalars.count ? .opaque("unparsed text at \(parser.position)") : node
    }

    var atEnd: Bool { position >= scalars.count }
    func peek(_ offset: Int = 0) -> Unicode.Scalar? { position + offset < scalars.count ? scalars[position + offset] : nil }
    mutating func next() -> Unicode.Scalar? {
        guard let c = peek() else { return nil }
        position += 1
        return c
    }
    func lookingAt(_ text: String) -> Bool {
        let wanted = Array(text.unicodeScalars)
        return position + wanted.count <= scalars.count && Array(scalars[position..<(position + wanted.count)]) == wanted
    }

    mutating func alternation() -> PatternNode {
        var branches = [concat()]
        while peek() == "|" {
            position += 1
            branches.append(concat())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    mutating func concat() -> PatternNode {
        // Room for a branch's word, most of them: an array grown a literal at a time was
        // most of the parse (a new buffer at each doubling).
        var items: [PatternNode] = []
        items.reserveCapacity(16)
        while let c = peek(), c != "|", c != ")" {
            var atom = self.atom()
            while let quantifier = self.quantifier() {
                atom = .repetition(atom, min: quantifier.min, max: quantifier.max, mode: quantifier.mode)
            }
            if case .concat(let inner) = atom { items += inner } else if atom != .empty { items.append(atom) }
        }
        return items.isEmpty ? .empty : items.count == 1 ? items[0] : .concat(items)
    }

    mutating func quantifier() -> (min: Int, max: Int?, mode: PatternNode.RepetitionMode)? {
        guard let c = peek() else { return nil }
        var bounds: (Int, Int?)
        switch c {
        case "*": bounds = (0, nil); position += 1
        case "+": bounds = (1, nil); position += 1
        case "?": bounds = (0, 1); position += 1
        case "{":
            guard let parsed = braces() else { return nil }
            bounds = parsed
        default: return nil
        }
        var mode = PatternNode.RepetitionMode.greedy
        if peek() == "?" { mode = .lazy; position += 1 } else if peek() == "+" { mode = .possessive; position += 1 }
        return (bounds.0, bounds.1, mode)
    }

    /// `{n}`, `{n,}` or `{n,m}`; anything else leaves `{` a literal.
    mutating func braces() -> (Int, Int?)? {
        var index = position + 1
        func number() -> Int? {
            var digits = ""
            while index < scalars.count, ("0"..."9").contains(scalars[index]) { digits.unicodeScalars.append(scalars[index]); index += 1 }
            return digits.isEmpty ? nil : Int(digits)
        }
        guard let low = number() else { return nil }
        var high: Int? = low
        if index < scalars.count, scalars[index] == "," {
            index += 1
            high = number()
        }
        guard index < scalars.count, scalars[index] == "}" else { return nil }
        position = index + 1
        return (low, high)
    }

    mutating func atom() -> PatternNode {
        let c = next()!
        switch c {
        case "(": return group()
        case "[": return characterClass()
        case ".": return .set(.any)
        case "^": return .anchor(.start)
        case "$": return .anchor(.end)
        case "\\": return escape()
        default: return .literal(c)
        }
    }

    mutating func closeGroup() -> Bool {
        guard peek() == ")" else { return false }
        position += 1
        return true
    }

    mutating func group() -> PatternNode {
        if peek() == "*" {
            // (*VERB) or (*UTF)-style start options.
            while let c = next(), c != ")" {}
            return .opaque("verb")
        }
        guard peek() == "?" else {
            let inner = alternation()
            return closeGroup() ? .group(inner, .capturing) : .opaque("unclosed group")
        }
        position += 1
        func body(_ kind: PatternNode.GroupKind) -> PatternNode {
            let inner = alternation()
            return closeGroup() ? .group(inner, kind) : .opaque("unclosed group")
        }
        func opaqueBody(_ why: String) -> PatternNode {
            _ = alternation()
            _ = closeGroup()
            return .opaque(why)
        }
        guard let c = peek() else { return .opaque("unclosed group") }
        switch c {
        case "#":
            while let c = next(), c != ")" {}
            return .empty
        case ":", "|": position += 1; return body(.nonCapturing)
        case ">": position += 1; return body(.atomic)
        case "=": position += 1; return body(.lookahead)
        case "!": position += 1; return body(.lookaround)
        case "<" where peek(1) == "=" || peek(1) == "!": position += 2; return body(.lookaround)
        case "<", "'":
            while let c = next(), c != ">" && c != "'" {}
            return body(.capturing)
        case "P":
            if peek(1) == "<" {
                while let c = next(), c != ">" {}
                return body(.capturing)
            }
            return opaqueBody("named reference")
        case "(": return opaqueBody("conditional")
        case "R", "&", "+", "0"..."9": return opaqueBody("recursion")
        case "-" where peek(1).map { ("0"..."9").contains($0) } ?? false: return opaqueBody("recursion")
        default:
            // Option settings: (?i), (?-i), (?i:...), (?^...).
            var letters = ""
            while let c = peek(), c.properties.isAlphabetic || c == "-" || c == "^" { letters.unicodeScalars.append(c); position += 1 }
            if letters.contains("x") { return opaqueBody("extended mode") }
            var turningOn = true
            if letters.hasPrefix("^") { caseless = false }
            for letter in letters.unicodeScalars {
                if letter == "-" { turningOn = false } else if letter == "i" { caseless = turningOn }
            }
            if closeGroup() { return .empty }
            if peek() == ":" { position += 1; return body(.nonCapturing) }
            return opaqueBody("unknown group")
        }
    }

    mutating func escape() -> PatternNode {
        guard let c = next() else { return .literal("\\") }
        if let item = classEscape(c) { return .set(CharSet(items: [item], negated: false, caseless: caseless)) }
        switch c {
        case "b", "B", "G", "K": return .anchor(.other)
        case "A": return .anchor(.start)
        case "z", "Z": return .anchor(.end)
        case "N": return .set(.any)
        case "R": return .set(CharSet(items: [.verticalSpace(true)], negated: false, caseless: false))
        case "X", "C": return .opaque("\\\(c)")
        case "Q":
            var items: [PatternNode] = []
            while !atEnd && !lookingAt("\\E") { items.append(.literal(next()!)) }
            if lookingAt("\\E") { position += 2 }
            return items.isEmpty ? .empty : items.count == 1 ? items[0] : .concat(items)
        case "E": return .empty
        case "g", "k": return .opaque("back-reference")
        case "1"..."9": return .opaque("back-reference")
        default:
            if let scalar = literalEscape(c) { return .literal(scalar) }
            return .opaque("escape \\\(c)")
        }
    }

    /// Escapes that stand for a class: \d \w \s \h \v, their negations, \p{...} and \P{...}.
    mutating func classEscape(_ c: Unicode.Scalar) -> CharSet.Item? {
        switch c {
        case "d": return .digit(true)
        case "D": return .digit(false)
        case "w": return .word(true)
        case "W": return .word(false)
        case "s": return .space(true)
        case "S": return .space(false)
        case "h": return .horizontalSpace(true)
        case "H": return .horizontalSpace(false)
        case "v": return .verticalSpace(true)
        case "V": return .verticalSpace(false)
        case "p", "P":
            var name = ""
            if peek() == "{" {
                position += 1
                while let c = next(), c != "}" { name.unicodeScalars.append(c) }
            } else if let c = next() { name.unicodeScalars.append(c) }
            var positive = c == "p"
            if name.hasPrefix("^") { positive.toggle(); name.removeFirst() }
            return .property(name, positive)
        default: return nil
        }
    }

    /// Escapes that stand for one character: \n \t \x{..} \o{..} \0.. \cX and escaped punctuation.
    mutating func literalEscape(_ c: Unicode.Scalar) -> Unicode.Scalar? {
        switch c {
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "f": return "\u{0C}"
        case "e": return "\u{1B}"
        case "a": return "\u{07}"
        case "x":
            var hex = ""
            if peek() == "{" {
                position += 1
                while let c = next(), c != "}" { hex.unicodeScalars.append(c) }
            } else {
                while hex.count < 2, let c = peek(), c.properties.isASCIIHexDigit { hex.unicodeScalars.append(c); position += 1 }
            }
            return UInt32(hex.isEmpty ? "0" : hex, radix: 16).flatMap(Unicode.Scalar.init)
        case "o":
            var octal = ""
            if peek() == "{" {
                position += 1
                while let c = next(), c != "}" { octal.unicodeScalars.append(c) }
            }
            return UInt32(octal, radix: 8).flatMap(Unicode.Scalar.init)
        case "0":
            var octal = "0"
            while octal.count < 3, let c = peek(), ("0"..."7").contains(c) { octal.unicodeScalars.append(c); position += 1 }
            return UInt32(octal, radix: 8).flatMap(Unicode.Scalar.init)
        case "c":
            guard let c = next() else { return nil }
            return Unicode.Scalar(String(c).uppercased().unicodeScalars.first!.value ^ 0x40)
        default:
            return c.properties.isAlphabetic || ("0"..."9").contains(c) ? nil : c
        }
    }

    mutating func characterClass() -> PatternNode {
        var items: [CharSet.Item] = []
        var negated = false
        if peek() == "^" { negated = true; position += 1 }
        var first = true
        while let c = peek() {
            if c == "]" && !first { position += 1; return .set(CharSet(items: items, negated: negated, caseless: caseless)) }
            first = false
            position += 1
            var single: Unicode.Scalar?
            if c == "[" && peek() == ":" {
                // [:name:] or [:^name:]
                var name = ""
                position += 1
                while let c = next(), c != ":" { name.unicodeScalars.append(c) }
                _ = next()  // ]
                let positive = !name.hasPrefix("^")
                items.append(.posix(positive ? name : String(name.dropFirst()), positive))
                continue
            } else if c == "\\" {
                guard let e = next() else { break }
                if let item = classEscape(e) { items.append(item); continue }
                if e == "Q" {
                    while !atEnd && !lookingAt("\\E") { items.append(.scalar(next()!)) }
                    if lookingAt("\\E") { position += 2 }
                    continue
                }
                if e == "E" { continue }
                if e == "b" { single = "\u{08}" } else if e == "N" || e == "R" || e == "X" {
                    items.append(.any)
                    continue
                } else { single = literalEscape(e) }
                guard single != nil else { items.append(.any); continue }
            } else {
                single = c
            }
            // A range a-b (a '-' before ']' is a literal).
            if let low = single, peek() == "-", let after = peek(1), after != "]" {
                position += 1
                var high: Unicode.Scalar? = next()
                if high == "\\", let e = next() { high = literalEscape(e) }
                if let high, low <= high { items.append(.range(low, high)) } else { items.append(.any) }
            } else if let single {
                items.append(.scalar(single))
            }
        }
        return .opaque("unclosed class")
    }
}
