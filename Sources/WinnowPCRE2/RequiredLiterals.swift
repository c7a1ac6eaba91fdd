/// The literal strings that every match of a pattern must contain, one of them at least: the
/// pattern `(cookie|privacy) (policy|notice)` cannot match a segment that holds none of
/// "cookie policy", "cookie notice", "privacy policy", "privacy notice". A prefilter that looks
/// for these strings can skip the pattern on every other segment, and the answer is the same.
///
/// The analysis reads PCRE2 syntax and is conservative: whatever it does not understand
/// (extended mode, conditionals, verbs, subroutine calls, escapes it does not know) either
/// counts as "could be anything" or gives up on the whole pattern, so a pattern never gets a
/// requirement it does not have. Strings are in scalars, not folded; the prefilter folds them
/// (and the subject) with a `CaseFolding` that merges whatever PCRE2's caseless matching
/// merges, so the strings hold whatever the pattern's case options are.
public enum RequiredLiterals {
    /// One literal string, as Unicode scalar values.
    public typealias Literal = [UInt32]

    /// The strings one of which every match of `source` contains, or nil when the pattern can
    /// match without any (or the analysis cannot tell).
    public static func of(_ source: String, options: Pattern.Options = []) -> Set<Literal>? {
        if options.contains(.extended) { return nil }
        var parser = Parser(Array(source.unicodeScalars.map(\.value)))
        guard let info = parser.parseAll() else { return nil }
        return info.required
    }

    /// What is known of a piece of a pattern: the exact set of strings it can match, when small,
    /// and otherwise strings one of which any match contains (`nil`: no requirement).
    struct Info {
        var exact: Set<Literal>?
        var required: Set<Literal>? {
            if let exact { return exact.contains([]) ? nil : exact }
            return storedRequired
        }
        var storedRequired: Set<Literal>?

        static let anything = Info(exact: nil, storedRequired: nil)
        static let empty = Info(exact: [[]], storedRequired: nil)
        static func literal(_ scalar: UInt32) -> Info { Info(exact: [[scalar]], storedRequired: nil) }
        static func oneOf(_ scalars: Set<UInt32>) -> Info { Info(exact: Set(scalars.map { [$0] }), storedRequired: nil) }
        static func requiring(_ set: Set<Literal>?) -> Info { Info(exact: nil, storedRequired: set) }
    }

    /// Largest exact set kept before falling back to a requirement.
    static let maxExact = 64
    /// Longest exact string kept (longer ones are cut to a requirement).
    static let maxLength = 32

    /// A requirement's strength: its weakest string's length (a set with a one-letter string
    /// filters little), then fewer strings.
    static func strength(_ set: Set<Literal>?) -> (Int, Int) {
        guard let set, !set.isEmpty else { return (0, 0) }
        return (set.map(\.count).min()!, -set.count)
    }

    static func better(_ a: Set<Literal>?, _ b: Set<Literal>?) -> Set<Literal>? {
        strength(b) > strength(a) ? b : a
    }

    static func concat(_ a: Info, _ b: Info) -> Info {
        if let ea = a.exact, let eb = b.exact, ea.count * eb.count <= maxExact {
            var product = Set<Literal>()
            var tooLong = false
            for x in ea {
                for y in eb {
                    if x.count + y.count > maxLength { tooLong = true }
                    product.insert(x + y)
                }
            }
            if !tooLong { return Info(exact: product, storedRequired: nil) }
        }
        return .requiring(better(a.required, b.required))
    }

    static func alternate(_ branches: [Info]) -> Info {
        if branches.allSatisfy({ $0.exact != nil }) {
            let union = branches.reduce(into: Set<Literal>()) { $0.formUnion($1.exact!) }
            if union.count <= maxExact { return Info(exact: union, storedRequired: nil) }
        }
        var union = Set<Literal>()
        for branch in branches {
            guard let required = branch.required else { return .anything }
            union.formUnion(required)
        }
        return .requiring(union)
    }

    static func repeated(_ a: Info, min: Int, max: Int?) -> Info {
        if min == 0 {
            if max == 1, var exact = a.exact {
                exact.insert([])
                return Info(exact: exact, storedRequired: nil)
            }
            return .anything
        }
        if min == 1 && max == 1 { return a }
        return .requiring(a.required)
    }

    /// A recursive-descent reader of PCRE2 pattern syntax (the subset that matters for
    /// literals; everything else is skipped conservatively or makes the analysis give up).
    struct Parser {
        let s: [UInt32]
        var i = 0
        /// Set when the pattern uses something the analysis does not handle.
        var unsupported = false

        init(_ scalars: [UInt32]) { s = scalars }

        var atEnd: Bool { i >= s.count }
        func peek(_ offset: Int = 0) -> UInt32? { i + offset < s.count ? s[i + offset] : nil }
        func char(_ offset: Int = 0) -> Character? { peek(offset).flatMap(Unicode.Scalar.init).map(Character.init) }

        mutating func parseAll() -> Info? {
            let info = parseAlternation()
            if !atEnd || unsupported { return nil }
            return info
        }

        mutating func parseAlternation() -> Info {
            var branches = [parseSequence()]
            while char() == "|" {
                i += 1
                branches.append(parseSequence())
            }
            return branches.count == 1 ? branches[0] : alternate(branches)
        }

        /// A concatenation: exact strings grow across adjacent exact pieces (a "run"); a piece
        /// that is not exact ends the run, and the best requirement seen so far is kept.
        mutating func parseSequence() -> Info {
            var run: Set<Literal>? = [[]]
            var done: Set<Literal>? = nil
            var exactSoFar = true
            func closeRun() {
                if let current = run { done = better(done, Info(exact: current, storedRequired: nil).required) }
                run = nil
            }
            while !atEnd, !unsupported, char() != "|", char() != ")" {
                var atom = parseAtom()
                if unsupported { return .anything }
                atom = parseQuantifiers(atom)
                if let exact = atom.exact {
                    if let current = run {
                        let joined = concat(Info(exact: current, storedRequired: nil), atom)
                        if let product = joined.exact { run = product; continue }
                        closeRun()
                        exactSoFar = false
                    }
                    run = exact
                } else {
                    closeRun()
                    exactSoFar = false
                    done = better(done, atom.required)
                }
            }
            if exactSoFar, let run { return Info(exact: run, storedRequired: nil) }
            closeRun()
            return .requiring(done)
        }

        /// Quantifiers after an atom (several may follow in odd patterns; each applies).
        mutating func parseQuantifiers(_ atom: Info) -> Info {
            var atom = atom
            while let c = char() {
                var min = 0, max: Int? = nil
                switch c {
                case "*": min = 0; max = nil; i += 1
                case "+": min = 1; max = nil; i += 1
                case "?": min = 0; max = 1; i += 1
                case "{":
                    guard let (low, high, length) = braceQuantifier() else { return atom }
                    min = low; max = high; i += length
                default: return atom
                }
                // Lazy and possessive forms change how, not what, it matches.
                if char() == "?" || char() == "+" { i += 1 }
                atom = repeated(atom, min: min, max: max)
            }
            return atom
        }

        /// `{n}`, `{n,}`, `{n,m}`, and (counted as a quantifier, which only weakens the
        /// requirement if this PCRE2 reads it as literal text) `{,m}`; spaces allowed inside.
        func braceQuantifier() -> (Int, Int?, Int)? {
            var j = i + 1
            var low: Int? = nil, high: Int? = nil, comma = false
            var digits = ""
            func flushDigits() {
                guard !digits.isEmpty else { return }
                let value = Int(digits) ?? Int.max
                if comma { high = value } else { low = value }
                digits = ""
            }
            while j < s.count {
                guard let c = Unicode.Scalar(s[j]).map(Character.init) else { return nil }
                if c.isASCII, c.isNumber { digits.append(c) }
                else if c == " " { flushDigits() }
                else if c == "," && !comma { flushDigits(); comma = true }
                else if c == "}" {
                    flushDigits()
                    guard low != nil || high != nil else { return nil }
                    let min = low ?? 0
                    return (min, comma ? high : min, j - i + 1)
                } else { return nil }
                j += 1
            }
            return nil
        }

        mutating func parseAtom() -> Info {
            guard let c = peek() else { return .empty }
            switch c {
            case 0x28: return parseGroup()                         // (
            case 0x5B: return parseClass()                         // [
            case 0x2E: i += 1; return .anything                   // .
            case 0x5E, 0x24: i += 1; return .empty                // ^ $
            case 0x5C: return parseEscape()                        // \
            case 0x2A, 0x2B, 0x3F:                                 // a quantifier with nothing before it
                unsupported = true; return .anything
            default:
                i += 1
                return .literal(c)
            }
        }

        mutating func parseGroup() -> Info {
            i += 1  // (
            if char() == "*" { unsupported = true; return .anything }  // verbs, (*pla:...) and the like
            var kind = "capture"
            if char() == "?" {
                i += 1
                guard let c = char() else { unsupported = true; return .anything }
                switch c {
                case ":", ">", "|": i += 1; kind = "group"
                case "=", "!": i += 1; kind = "look"
                case "*": i += 1; kind = "look"                  // (?* non-atomic lookahead
                case "<":
                    if char(1) == "=" || char(1) == "!" { i += 2; kind = "look" }
                    else if char(1) == "*" { i += 2; kind = "look" }
                    else { guard skipName(until: ">") else { return .anything }; kind = "group" }
                case "P":
                    if char(1) == "<" { i += 1; guard skipName(until: ">") else { return .anything }; kind = "group" }
                    else { return skipToClose(consuming: true) }  // (?P=name) (?P>name)
                case "'": guard skipName(until: "'") else { return .anything }; kind = "group"
                case "#": return skipComment()
                case "C": return skipToClose(consuming: false)   // callout
                case "(": unsupported = true; return .anything    // conditional
                case "R", "&", "+": return skipToClose(consuming: true)
                default:
                    if c.isASCII, c.isNumber || c == "-" && (char(1)?.isNumber ?? false) {
                        return skipToClose(consuming: true)     // (?1) (?-1) subroutine calls
                    }
                    // Option settings: (?i) (?-i) (?i:...) (?^) ... Extended mode is not handled.
                    while let o = char(), "imnsUJ-^".contains(o) { i += 1 }
                    if char() == ")" { i += 1; return .empty }
                    if char() == ":" { i += 1; kind = "group" } else { unsupported = true; return .anything }
                }
            }
            let inner = parseAlternation()
            guard char() == ")" else { unsupported = true; return .anything }
            i += 1
            return kind == "look" ? .empty : inner
        }

        /// Skips a group name up to `end`; false (and unsupported) when the name does not close.
        mutating func skipName(until end: Character) -> Bool {
            i += 1
            while let c = char(), c != end { i += 1 }
            guard char() == end else { unsupported = true; return false }
            i += 1
            return true
        }

        /// Skips to the group's closing parenthesis: the group matched something (a call), or nothing.
        mutating func skipToClose(consuming: Bool) -> Info {
            while let c = char(), c != ")" {
                if c == "\\" { i += 1 }
                i += 1
            }
            guard char() == ")" else { unsupported = true; return .anything }
            i += 1
            return consuming ? .anything : .empty
        }

        mutating func skipComment() -> Info {
            while let c = char(), c != ")" { i += 1 }
            guard char() == ")" else { unsupported = true; return .anything }
            i += 1
            return .empty
        }

        mutating func parseEscape() -> Info {
            i += 1  // backslash
            guard let v = peek(), let c = char() else { unsupported = true; return .anything }
            i += 1
            switch c {
            case "b", "B", "A", "z", "Z", "G", "K", "E": return .empty
            case "d", "D", "w", "W", "s", "S", "h", "H", "v", "V", "R", "X", "C": return .anything
            case "N":
                if char() == "{" { unsupported = true }
                return .anything
            case "p", "P":
                if char() == "{" { while let x = char(), x != "}" { i += 1 }; i += 1 } else { i += 1 }
                return .anything
            case "Q":
                var text = Info.empty
                while !atEnd {
                    if char() == "\\" && char(1) == "E" { i += 2; break }
                    text = concat(text, .literal(s[i]))
                    i += 1
                }
                return text
            case "x":
                return readCode(hexadecimal: true).map(Info.literal) ?? .anything
            case "o":
                return readCode(hexadecimal: false).map(Info.literal) ?? .anything
            case "n": return .literal(0x0A)
            case "t": return .literal(0x09)
            case "r": return .literal(0x0D)
            case "f": return .literal(0x0C)
            case "e": return .literal(0x1B)
            case "a": return .literal(0x07)
            case "c": i += 1; return .anything
            case "g", "k":
                // Back references by name or number: \g1 \g{-1} \k<name> \k{name} \k'name'
                if let open = char(), "{<'".contains(open) {
                    let close: Character = open == "{" ? "}" : open == "<" ? ">" : "'"
                    while let x = char(), x != close { i += 1 }
                    i += 1
                } else {
                    if char() == "-" || char() == "+" { i += 1 }
                    while let x = char(), x.isASCII, x.isNumber { i += 1 }
                }
                return .anything
            default:
                if c.isASCII && c.isNumber {
                    // Back references and octal codes: either way, not a literal we rely on.
                    while let x = char(), x.isASCII, x.isNumber { i += 1 }
                    return .anything
                }
                if c.isASCII && (c.isLetter) { unsupported = true; return .anything }
                return .literal(v)  // an escaped punctuation mark or a non-ASCII character
            }
        }

        /// The code after `\x` or `\o`: `{hhh}` or, for `\x`, up to two hex digits.
        mutating func readCode(hexadecimal: Bool) -> UInt32? {
            let radix = hexadecimal ? 16 : 8
            if char() == "{" {
                var digits = ""
                i += 1
                while let x = char(), x != "}" { digits.append(x); i += 1 }
                i += 1
                return UInt32(String(digits.filter { $0 != " " }), radix: radix)
            }
            guard hexadecimal else { unsupported = true; return nil }
            var digits = ""
            while digits.count < 2, let x = char(), x.isHexDigit { digits.append(x); i += 1 }
            return UInt32(digits.isEmpty ? "0" : digits, radix: 16)
        }

        /// A character class: small positive classes of plain characters become their members;
        /// anything with class escapes, POSIX names, wide ranges or negation matches "anything".
        mutating func parseClass() -> Info {
            i += 1  // [
            var negated = false
            if char() == "^" { negated = true; i += 1 }
            var members = Set<UInt32>()
            var general = false
            var first = true
            var previous: UInt32? = nil
            while let c = char() {
                if c == "]" && !first { break }
                first = false
                var value: UInt32? = nil
                if c == "[" && (char(1) == ":" || char(1) == "." || char(1) == "=") {
                    // POSIX class such as [:alpha:]
                    let close = char(1)!
                    i += 2
                    while !atEnd, !(char() == close && char(1) == "]") { i += 1 }
                    i += 2
                    general = true
                    previous = nil
                    continue
                } else if c == "\\" {
                    i += 1
                    guard let e = char(), let raw = peek() else { unsupported = true; return .anything }
                    i += 1
                    switch e {
                    case "d", "D", "w", "W", "s", "S", "h", "H", "v", "V", "N", "R", "X":
                        general = true
                    case "p", "P":
                        if char() == "{" { while let x = char(), x != "}" { i += 1 }; i += 1 } else { i += 1 }
                        general = true
                    case "x": value = readCode(hexadecimal: true); if value == nil { general = true }
                    case "o": value = readCode(hexadecimal: false); if value == nil { general = true }
                    case "n": value = 0x0A
                    case "t": value = 0x09
                    case "r": value = 0x0D
                    case "f": value = 0x0C
                    case "e": value = 0x1B
                    case "a": value = 0x07
                    case "b": value = 0x08
                    case "Q", "E", "c": unsupported = true; return .anything
                    default:
                        if e.isASCII && (e.isLetter || e.isNumber) { unsupported = true; return .anything }
                        value = raw
                    }
                } else if c == "-", let low = previous, let next = char(1), next != "]" {
                    // A range: the upper end may be escaped too.
                    i += 1
                    var high: UInt32?
                    if next == "\\" {
                        i += 1
                        guard let e = char(), let raw = peek() else { unsupported = true; return .anything }
                        i += 1
                        switch e {
                        case "x": high = readCode(hexadecimal: true)
                        case "o": high = readCode(hexadecimal: false)
                        default:
                            if e.isASCII && (e.isLetter || e.isNumber) { unsupported = true; return .anything }
                            high = raw
                        }
                    } else if next == "[" && char(1) == ":" {
                        unsupported = true; return .anything
                    } else {
                        high = peek(); i += 1
                    }
                    guard let high, high >= low else { unsupported = true; return .anything }
                    if high - low > 16 { general = true } else { for v in low...high { members.insert(v) } }
                    previous = nil
                    continue
                } else {
                    value = peek()
                    i += 1
                }
                if let value { members.insert(value) }
                previous = value
            }
            guard char() == "]" else { unsupported = true; return .anything }
            i += 1
            if negated || general || members.isEmpty || members.count > 24 { return .anything }
            return .oneOf(members)
        }
    }
}
