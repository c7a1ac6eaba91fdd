import Foundation

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
        analyse(source, options: options)?.required.map(Set.init)
    }

    /// What the analysis found: the required strings, and for a pattern anchored at the start
    /// of the subject (`^` outside multiline mode, `\A`, `\G`), the strings one of which every
    /// match starts with — so the subject must start with one of them. Each list holds
    /// distinct strings in no particular order (not a `Set`, which hashed every string again).
    public struct Analysis {
        public var required: [Literal]?
        public var prefixes: [Literal]?
        /// Characters that may come before the prefix, any number of them (`^\s*(menu|home)`:
        /// white space); empty when the prefix must be at the very start.
        public var lead = CharacterSet()
    }

    /// A set of single characters: these scalars, and (as PCRE2 reads `\s` and `\d` with UCP)
    /// any white space or any decimal digit.
    public struct CharacterSet: Equatable, Sendable {
        public var scalars: Set<UInt32> = []
        public var space = false
        public var digit = false

        public init(scalars: Set<UInt32> = [], space: Bool = false, digit: Bool = false) {
            self.scalars = scalars
            self.space = space
            self.digit = digit
        }

        public var isEmpty: Bool { scalars.isEmpty && !space && !digit }

        func union(_ other: CharacterSet) -> CharacterSet {
            CharacterSet(scalars: scalars.union(other.scalars), space: space || other.space, digit: digit || other.digit)
        }
    }

    /// A `CharacterSet` inside the analysis, its scalars sorted, each once: the analysis makes
    /// one of every run of plain characters and unions them, which a `Set` made slow (a hash a
    /// scalar).
    struct Characters: Equatable {
        private var members: [UInt32] = []
        var space = false
        var digit = false

        init(scalars: Set<UInt32> = [], space: Bool = false, digit: Bool = false) {
            members = scalars.isEmpty ? [] : scalars.sorted()
            self.space = space
            self.digit = digit
        }

        /// The set as the analysis's callers see it.
        var characterSet: CharacterSet { CharacterSet(scalars: Set(members), space: space, digit: digit) }

        /// The scalars of a run of characters.
        init(members: [UInt32]) {
            self.members = members.count < 2 ? members : Self.sortedUnique(members)
        }

        var isEmpty: Bool { members.isEmpty && !space && !digit }

        func union(_ other: Characters) -> Characters {
            var union = Characters(space: space || other.space, digit: digit || other.digit)
            union.members = Self.merge(members, other.members)
            return union
        }

        private static func sortedUnique(_ values: [UInt32]) -> [UInt32] {
            var sorted = values.sorted()
            var kept = 1
            for value in sorted.dropFirst() where value != sorted[kept - 1] {
                sorted[kept] = value
                kept += 1
            }
            sorted.removeLast(sorted.count - kept)
            return sorted
        }

        /// Two sorted lists of distinct values as one; either one itself when the other is empty
        /// (most often one is) or holds nothing new.
        private static func merge(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
            if b.isEmpty { return a }
            if a.isEmpty { return b }
            var merged: [UInt32] = []
            merged.reserveCapacity(a.count + b.count)
            var i = 0, j = 0
            while i < a.count, j < b.count {
                if a[i] < b[j] { merged.append(a[i]); i += 1 }
                else if b[j] < a[i] { merged.append(b[j]); j += 1 }
                else { merged.append(a[i]); i += 1; j += 1 }
            }
            merged += a[i...]
            merged += b[j...]
            return merged
        }
    }

    public static func analyse(_ source: String, options: Pattern.Options = []) -> Analysis? {
        guard let found = find(source, options: options) else { return nil }
        return Analysis(required: found.required?.literals, prefixes: found.prefixes?.literals, lead: found.lead)
    }

    /// Strings one after the other in one buffer, string `k` ending where `ends[k]` says: how
    /// the prefilter reads an analysis's strings, in place (an array a string, made and
    /// destroyed for some 13,000 strings, was a good part of its start-up).
    struct LiteralList {
        var scalars: [UInt32] = []
        var ends: [Int] = []

        var count: Int { ends.count }
        subscript(k: Int) -> ArraySlice<UInt32> { scalars[(k == 0 ? 0 : ends[k - 1])..<ends[k]] }
        var literals: [Literal] { (0..<count).map { Array(self[$0]) } }
    }

    /// What `analyse` finds, its strings in lists.
    struct Findings {
        var required: LiteralList?
        var prefixes: LiteralList?
        var lead = CharacterSet()
    }

    static func find(_ source: String, options: Pattern.Options = []) -> Findings? {
        if options.contains(.extended) { return nil }
        var scalars: [UInt32] = []
        scalars.reserveCapacity(source.utf8.count)
        for scalar in source.unicodeScalars { scalars.append(scalar.value) }
        var parser = Parser(scalars)
        // In multiline mode `^` also matches after a newline: it then anchors nothing.
        parser.multiline = options.contains(.multiline) || Parser.mayTurnOnMultiline(scalars)
        defer { parser.arena.deallocate() }
        guard let info = parser.parseAll() else { return nil }
        let arena = parser.arena
        var found = Findings(required: info.required.map(arena.list), prefixes: nil)
        if info.anchored, let starts = info.starts, !starts.isEmpty, !starts.containsEmpty {
            found.prefixes = arena.list(starts)
            found.lead = info.lead.characterSet
        }
        return found
    }

    /// A string inside the analysis: a run of its `Arena`'s scalars and their FNV-1a hash,
    /// made once (a `Set` of `[UInt32]` feeds the hasher scalar by scalar, which took most of
    /// the analysis's time).
    struct Scalars {
        let start: Int32
        let length: Int32
        let hash: UInt64

        var count: Int { Int(length) }
        var range: Range<Int> { Int(start)..<Int(start) + Int(length) }

        static let basis: UInt64 = 0xCBF2_9CE4_8422_2325
        /// The empty string (any empty run is equal to it).
        static let empty = Scalars(start: 0, length: 0, hash: basis)

        @inline(__always)
        static func hash(_ value: UInt32, from hash: UInt64) -> UInt64 { (hash ^ UInt64(value)) &* 0x100_0000_01B3 }
    }

    /// The scalars of every string an analysis makes, one after the other, each string a run
    /// of them: products of sets join thousands of strings that are mostly dropped soon after,
    /// and an array a string made that most of the analysis's time (allocations and reference
    /// counts, and the arrays of strings destroyed element by element). Freed by its owner
    /// (`deallocate`); a copy only reads, and only until the next string is made.
    struct Arena {
        private var base: UnsafeMutablePointer<UInt32>
        private var count = 0
        private var capacity: Int

        init(capacity: Int) {
            self.capacity = max(capacity, 64)
            base = malloc(4 * self.capacity)!.assumingMemoryBound(to: UInt32.self)
        }

        func deallocate() { free(base) }

        /// Room for `more` scalars after the last.
        private mutating func reserve(_ more: Int) {
            guard count + more > capacity else { return }
            capacity = max(2 * capacity, count + more)
            base = realloc(base, 4 * capacity)!.assumingMemoryBound(to: UInt32.self)
        }

        /// A new string of these scalars.
        mutating func string(_ scalars: [UInt32]) -> Scalars {
            reserve(scalars.count)
            let start = count
            var hash = Scalars.basis
            for value in scalars {
                hash = Scalars.hash(value, from: hash)
                base[count] = value
                count += 1
            }
            return Scalars(start: Int32(start), length: Int32(scalars.count), hash: hash)
        }

        /// `a` then `b`, as a new string; its hash goes on from `a`'s.
        mutating func joined(_ a: Scalars, _ b: Scalars) -> Scalars {
            reserve(a.count + b.count)
            let start = count
            (base + count).update(from: base + Int(a.start), count: a.count)
            count += a.count
            var hash = a.hash
            for k in b.range {
                let value = base[k]
                hash = Scalars.hash(value, from: hash)
                base[count] = value
                count += 1
            }
            return Scalars(start: Int32(start), length: a.length + b.length, hash: hash)
        }

        func equal(_ a: Scalars, _ b: Scalars) -> Bool {
            guard a.hash == b.hash, a.length == b.length else { return false }
            return a.start == b.start || memcmp(base + Int(a.start), base + Int(b.start), 4 * a.count) == 0
        }

        func first(of string: Scalars) -> UInt32 { base[Int(string.start)] }

        /// Every scalar of the strings (with repeats).
        func scalars(of strings: Strings) -> [UInt32] {
            var all: [UInt32] = []
            all.reserveCapacity(strings.reduce(0) { $0 + $1.count })
            for string in strings { all.append(contentsOf: UnsafeBufferPointer(start: base + Int(string.start), count: string.count)) }
            return all
        }

        /// The strings as the analysis's callers see them.
        func list(_ strings: Strings) -> LiteralList {
            var list = LiteralList()
            list.scalars.reserveCapacity(strings.reduce(0) { $0 + $1.count })
            list.ends.reserveCapacity(strings.count)
            for string in strings {
                list.scalars.append(contentsOf: UnsafeBufferPointer(start: base + Int(string.start), count: string.count))
                list.ends.append(list.scalars.count)
            }
            return list
        }
    }

    /// A set of strings inside the analysis: the distinct strings in a list, looked up by their
    /// hashes, in the list while it is short and through an open-addressing table of their
    /// places once it is not (a `Set` hashed each string again, through its seeded hasher, at
    /// every insertion and growth). Sets here hold from one string to a few hundred; their
    /// order is never read. Strings are compared in their `Arena`.
    struct Strings: RandomAccessCollection {
        /// The string of a set of one (most sets are: a run of plain characters, a character),
        /// which then needs no array.
        private var one = Scalars.empty
        /// Every string, once there are two or more.
        private var many: [Scalars] = []
        /// Empty while there are few strings; else a power of two of slots, at least twice the
        /// strings, each 0 or a string's place in `many` + 1.
        private var slots: [Int32] = []
        private(set) var count = 0
        private static let listLimit = 8

        init() {}
        init(minimumCapacity: Int) { if minimumCapacity > 1 { many.reserveCapacity(minimumCapacity) } }
        init(_ string: Scalars) {
            one = string
            count = 1
        }
        /// The set of only the empty string.
        static let empty = Strings(Scalars.empty)

        var startIndex: Int { 0 }
        var endIndex: Int { count }
        subscript(place: Int) -> Scalars { count > 1 ? many[place] : one }

        var containsEmpty: Bool { contains { $0.length == 0 } }

        mutating func insert(_ string: Scalars, in arena: Arena) {
            if count < 2 {
                if count == 1 {
                    if arena.equal(one, string) { return }
                    many.append(one)
                    many.append(string)
                } else {
                    one = string
                }
                count += 1
                return
            }
            if slots.isEmpty {
                if many.contains(where: { arena.equal($0, string) }) { return }
                many.append(string)
                count += 1
                if count > Self.listLimit { rebuildSlots() }
                return
            }
            let place = slot(of: string, in: arena)
            guard slots[place] == 0 else { return }
            many.append(string)
            count += 1
            slots[place] = Int32(count)
            if count * 2 > slots.count { rebuildSlots() }
        }

        mutating func formUnion(_ other: Strings, in arena: Arena) {
            if isEmpty { self = other; return }
            for place in 0..<other.count { insert(other[place], in: arena) }
        }

        /// The slot holding `string`, or the empty one where it would go.
        private func slot(of string: Scalars, in arena: Arena) -> Int {
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: string.hash ^ string.hash >> 29) & mask
            while slots[slot] != 0, !arena.equal(many[Int(slots[slot]) - 1], string) { slot = (slot + 1) & mask }
            return slot
        }

        private mutating func rebuildSlots() {
            var capacity = 16
            while capacity < count * 4 { capacity <<= 1 }
            slots = [Int32](repeating: 0, count: capacity)
            let mask = capacity - 1
            for (place, string) in many.enumerated() {
                var slot = Int(truncatingIfNeeded: string.hash ^ string.hash >> 29) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(place + 1)
            }
        }
    }

    /// What is known of a piece of a pattern: the exact set of strings it can match, when small,
    /// and otherwise strings one of which any match contains (`nil`: no requirement); whether
    /// every match starts at the start of the subject, and strings one of which every match
    /// starts with (`nil`: unknown). Immutable, and shared rather than copied: the parser
    /// passes pieces around a lot, and a copy of all these sets retained each of them.
    final class Info {
        let exact: Strings?
        var required: Strings? {
            if let exact { return exact.containsEmpty ? nil : exact }
            return storedRequired
        }
        let storedRequired: Strings?
        let anchored: Bool
        let storedStarts: Strings?
        /// Every match is some characters of `lead`, then a string starting with one of `starts`.
        var starts: Strings? { exact ?? storedStarts }
        let lead: Characters
        /// When every match is a string of characters of a set (a class, a repeated class, a run
        /// of such pieces), the set: made only when asked (`chars(in:)`), as most pieces never
        /// are (only a lead, and what holds one, reads it). It is `chars` as given, or for an
        /// exact piece (`charsOfStrings`) the scalars of its strings, or the union of the sets of
        /// `charPieces`.
        private let storedChars: Characters?
        private let charsOfStrings: Bool
        private let charPieces: [Info]?
        /// Whether there is such a set (`chars(in:)` is not nil).
        let hasChars: Bool
        /// Whether the piece may match the empty string.
        let storedMayBeEmpty: Bool
        var mayBeEmpty: Bool { exact.map(\.containsEmpty) ?? storedMayBeEmpty }
        /// A class such as `\s`, `\d` or `[\d.]`, possibly repeated.
        let isClass: Bool

        init(exact: Strings?, storedRequired: Strings?, anchored: Bool = false, starts: Strings? = nil,
             lead: Characters = Characters(), chars: Characters? = nil, charsOfStrings: Bool = false, charPieces: [Info]? = nil,
             mayBeEmpty: Bool = false, isClass: Bool = false) {
            self.exact = exact
            self.storedRequired = storedRequired
            self.anchored = anchored
            self.storedStarts = starts
            self.lead = lead
            self.storedChars = chars
            self.charsOfStrings = charsOfStrings && exact != nil
            let piecesHaveChars = charPieces?.allSatisfy { $0.hasChars } ?? false
            self.charPieces = piecesHaveChars ? charPieces : nil
            hasChars = self.charsOfStrings || (charPieces == nil ? chars != nil : piecesHaveChars)
            self.storedMayBeEmpty = mayBeEmpty
            self.isClass = isClass
        }

        func chars(in arena: Arena) -> Characters? {
            if charsOfStrings { return Characters(members: arena.scalars(of: exact!)) }
            guard let charPieces else { return hasChars ? storedChars : nil }
            var chars = Characters()
            for piece in charPieces { chars = chars.union(piece.chars(in: arena)!) }
            return chars
        }

        /// A piece that may stand before a prefix as its lead: characters of a set, optional
        /// (`[»›]?`, `\s*`, `(\d+\s*)?`) or a class in any number (`\d{1,3}`); a fixed
        /// character or string is part of the prefix instead.
        var isLead: Bool { hasChars && (mayBeEmpty || (exact == nil && isClass)) }
        var isZeroWidth: Bool { exact.map { $0.count == 1 && $0.first!.count == 0 } ?? false }

        static let anything = Info(exact: nil, storedRequired: nil)
        static let empty = Info(exact: .empty, storedRequired: nil, charsOfStrings: true)
        static let anchor = Info(exact: .empty, storedRequired: nil, anchored: true, charsOfStrings: true)
        static func requiring(_ set: Strings?) -> Info { Info(exact: nil, storedRequired: set) }
        static func characters(_ set: Characters) -> Info { Info(exact: nil, storedRequired: nil, chars: set, isClass: true) }
    }

    /// Largest exact set kept before falling back to a requirement.
    static let maxExact = 64
    /// Longest exact string kept (longer ones are cut to a requirement).
    static let maxLength = 32

    /// A requirement's strength: its weakest string's length (a set with a one-letter string
    /// filters little), then fewer strings.
    static func strength(_ set: Strings?) -> (Int, Int) {
        guard let set, !set.isEmpty else { return (0, 0) }
        var shortest = Int.max
        for string in set { shortest = min(shortest, string.count) }
        return (shortest, -set.count)
    }

    static func better(_ a: Strings?, _ b: Strings?) -> Strings? {
        strength(b) > strength(a) ? b : a
    }

    static func union(_ a: Characters?, _ b: Characters?) -> Characters? {
        guard let a, let b else { return nil }
        return a.union(b)
    }

    /// A recursive-descent reader of PCRE2 pattern syntax (the subset that matters for
    /// literals; everything else is skipped conservatively or makes the analysis give up).
    struct Parser {
        let s: [UInt32]
        var i = 0
        /// The scalars of the strings made so far.
        var arena: Arena
        /// Set when the pattern uses something the analysis does not handle.
        var unsupported = false
        /// Whether `^` may match after newlines (then it anchors nothing).
        var multiline = false

        /// Whether an option setting such as `(?m)` or `(?im:` may turn multiline mode on
        /// anywhere in the pattern (checked roughly: any `(?` followed by option letters with an `m`).
        static func mayTurnOnMultiline(_ s: [UInt32]) -> Bool {
            var i = 0
            while i + 2 < s.count {
                if s[i] == 0x5C { i += 2; continue }
                if s[i] == 0x28 && s[i + 1] == 0x3F {
                    var j = i + 2
                    // Compared as scalars (a Character a letter was most of this check).
                    optionLetters: while j < s.count {
                        switch s[j] {
                        case 0x6D: return true                                      // m
                        case 0x69, 0x6E, 0x73, 0x78, 0x55, 0x4A, 0x5E: j += 1       // i n s x U J ^
                        default: break optionLetters                                // - or anything else
                        }
                    }
                }
                i += 1
            }
            return false
        }

        init(_ scalars: [UInt32]) {
            s = scalars
            arena = Arena(capacity: 4 * scalars.count)
        }

        var atEnd: Bool { i >= s.count }
        func peek(_ offset: Int = 0) -> UInt32? { i + offset < s.count ? s[i + offset] : nil }
        func char(_ offset: Int = 0) -> Character? { peek(offset).flatMap(Unicode.Scalar.init).map(Character.init) }

        mutating func parseAll() -> Info? {
            let info = parseAlternation()
            if !atEnd || unsupported { return nil }
            return info
        }

        mutating func parseAlternation() -> Info {
            let first = parseSequence()
            guard peek() == 0x7C else { return first }   // |: no list for a single branch
            var branches = [first]
            while peek() == 0x7C {
                i += 1
                branches.append(parseSequence())
            }
            return alternate(branches)
        }

        /// A concatenation: exact strings grow across adjacent exact pieces (a "run"); a piece
        /// that is not exact ends the run, and the best requirement seen so far is kept. The
        /// sequence is anchored when an anchor comes before anything that consumes text. Its
        /// matches start with its lead pieces (varying runs of characters of a set), then the
        /// first run of exact pieces (followed by how the next piece starts).
        mutating func parseSequence() -> Info {
            var items: [Info] = []
            items.reserveCapacity(8)
            // Runs of plain characters become one item (one string), not one item a character.
            var plain: [UInt32] = []
            func flushPlain() {
                guard !plain.isEmpty else { return }
                items.append(Info(exact: Strings(arena.string(plain)), storedRequired: nil, charsOfStrings: true))
                plain.removeAll(keepingCapacity: true)
            }
            while i < s.count, !unsupported, s[i] != 0x7C, s[i] != 0x29 {   // not | or )
                // Fast path: a plain character with no quantifier after it.
                let c = s[i]
                if c >= 0x80 || (c >= 0x20 && !Self.isSpecial(c)) {
                    i += 1
                    if !isQuantifier() {
                        // A run is allocated once, not grown a character at a time.
                        if plain.isEmpty { plain.reserveCapacity(min(s.count - i + 1, RequiredLiterals.maxLength)) }
                        plain.append(c)
                        continue
                    }
                    i -= 1
                }
                let start = i
                let atom = parseAtom()
                if unsupported { return .anything }
                // A plain character not followed by a quantifier joins the current run.
                if let exact = atom.exact, exact.count == 1, let string = exact.first, string.count == 1,
                   !atom.anchored, !isQuantifier(), s[start] != 0x28, s[start] != 0x5B {
                    plain.append(arena.first(of: string))
                    continue
                }
                flushPlain()
                items.append(parseQuantifiers(atom))
            }
            flushPlain()
            // A sequence of one exact piece is that piece, as what follows would make it again:
            // when it is no anchor and no class, and no string of it is too long to keep.
            if items.count == 1, let exact = items[0].exact, !items[0].anchored, !items[0].isClass,
               !exact.contains(where: { $0.count > RequiredLiterals.maxLength }) {
                return items[0]
            }
            // What every match must contain.
            var run: Strings? = .empty
            var done: Strings? = nil
            var exactSoFar = true
            func closeRun() {
                if let current = run, !current.containsEmpty { done = RequiredLiterals.better(done, current) }
                run = nil
            }
            for item in items {
                if let exact = item.exact {
                    if let current = run {
                        if let joined = product(current, exact) { run = joined; continue }
                        closeRun()
                        exactSoFar = false
                    }
                    run = exact
                } else {
                    closeRun()
                    exactSoFar = false
                    done = RequiredLiterals.better(done, item.required)
                }
            }
            // Anchored: an anchor before anything that consumes text.
            var anchored = false
            var index = 0
            while index < items.count, items[index].isZeroWidth {
                if items[index].anchored { anchored = true }
                index += 1
            }
            if index < items.count, items[index].anchored { anchored = true }
            // The lead, then how the rest starts.
            var lead = Characters()
            while index < items.count, items[index].isLead {
                lead = lead.union(items[index].chars(in: arena)!)
                index += 1
            }
            var starts: Strings? = nil
            if index < items.count {
                let first = items[index]
                lead = lead.union(first.lead)
                if var prefix = first.exact {
                    var next = index + 1
                    while next < items.count, let exact = items[next].exact, let joined = product(prefix, exact) {
                        prefix = joined
                        next += 1
                    }
                    if next < items.count, items[next].exact == nil, items[next].lead.isEmpty, let following = items[next].starts,
                       let joined = product(prefix, following) {
                        prefix = joined
                    }
                    starts = prefix
                } else {
                    starts = first.starts
                }
            }
            if exactSoFar, let run {
                return Info(exact: run, storedRequired: nil, anchored: anchored, charsOfStrings: items.allSatisfy { $0.hasChars })
            }
            closeRun()
            return Info(exact: nil, storedRequired: done, anchored: anchored, starts: starts, lead: lead, charPieces: items,
                        mayBeEmpty: items.allSatisfy { $0.mayBeEmpty })
        }

        /// Characters with a meaning of their own outside classes.
        static func isSpecial(_ c: UInt32) -> Bool {
            switch c {
            case 0x5C, 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D, 0x2E, 0x5E, 0x24, 0x7C, 0x2A, 0x2B, 0x3F: return true   // \()[]{}.^$|*+?
            default: return false
            }
        }

        /// Whether a quantifier follows (`*`, `+`, `?`, or a `{n,m}` that reads as one).
        func isQuantifier() -> Bool {
            guard let c = peek() else { return false }
            if c == 0x2A || c == 0x2B || c == 0x3F { return true }   // * + ?
            return c == 0x7B && braceQuantifier() != nil              // {
        }

        /// Quantifiers after an atom (several may follow in odd patterns; each applies).
        mutating func parseQuantifiers(_ atom: Info) -> Info {
            var atom = atom
            while let c = peek() {
                var min = 0, max: Int? = nil
                switch c {
                case 0x2A: min = 0; max = nil; i += 1      // *
                case 0x2B: min = 1; max = nil; i += 1      // +
                case 0x3F: min = 0; max = 1; i += 1        // ?
                case 0x7B:                                 // {
                    guard let (low, high, length) = braceQuantifier() else { return atom }
                    min = low; max = high; i += length
                default: return atom
                }
                // Lazy and possessive forms change how, not what, it matches.
                if peek() == 0x3F || peek() == 0x2B { i += 1 }
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
            case 0x5E: i += 1; return multiline ? .empty : .anchor   // ^
            case 0x24: i += 1; return .empty                      // $
            case 0x5C: return parseEscape()                        // \
            case 0x2A, 0x2B, 0x3F:                                 // a quantifier with nothing before it
                unsupported = true; return .anything
            default:
                i += 1
                return literal(c)
            }
        }

        mutating func parseGroup() -> Info {
            i += 1  // (
            if peek() == 0x2A { unsupported = true; return .anything }  // verbs, (*pla:...) and the like
            var look = false
            if peek() == 0x3F {   // ?
                i += 1
                guard let c = char() else { unsupported = true; return .anything }
                switch c {
                case ":", ">", "|": i += 1
                case "=", "!": i += 1; look = true
                case "*": i += 1; look = true                    // (?* non-atomic lookahead
                case "<":
                    if char(1) == "=" || char(1) == "!" { i += 2; look = true }
                    else if char(1) == "*" { i += 2; look = true }
                    else { guard skipName(until: ">") else { return .anything } }
                case "P":
                    if char(1) == "<" { i += 1; guard skipName(until: ">") else { return .anything } }
                    else { return skipToClose(consuming: true) }  // (?P=name) (?P>name)
                case "'": guard skipName(until: "'") else { return .anything }
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
                    if char() == ":" { i += 1 } else { unsupported = true; return .anything }
                }
            }
            let inner = parseAlternation()
            guard peek() == 0x29 else { unsupported = true; return .anything }   // )
            i += 1
            return look ? .empty : inner
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
            case "A", "G": return .anchor
            case "b", "B", "z", "Z", "K", "E": return .empty
            case "s", "h", "v": return .characters(Characters(space: true))
            case "d": return .characters(Characters(digit: true))
            case "D", "w", "W", "S", "H", "V", "R", "X", "C": return .anything
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
                    text = concat(text, literal(s[i]))
                    i += 1
                }
                return text
            case "x":
                return readCode(hexadecimal: true).map { literal($0) } ?? .anything
            case "o":
                return readCode(hexadecimal: false).map { literal($0) } ?? .anything
            case "n": return literal(0x0A)
            case "t": return literal(0x09)
            case "r": return literal(0x0D)
            case "f": return literal(0x0C)
            case "e": return literal(0x1B)
            case "a": return literal(0x07)
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
                return literal(v)  // an escaped punctuation mark or a non-ASCII character
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
            var spaceClass = false, digitClass = false
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
                    case "s", "h", "v": spaceClass = true
                    case "d": digitClass = true
                    case "D", "w", "W", "S", "H", "V", "N", "R", "X":
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
            if negated || general || members.count > 24 { return .anything }
            if spaceClass || digitClass { return .characters(Characters(scalars: members, space: spaceClass, digit: digitClass)) }
            if members.isEmpty { return .anything }
            return oneOf(members)
        }
    }
}

/// The pieces the parser makes: their strings go into its `arena`.
extension RequiredLiterals.Parser {
    typealias Info = RequiredLiterals.Info
    typealias Strings = RequiredLiterals.Strings
    typealias Characters = RequiredLiterals.Characters

    mutating func literal(_ scalar: UInt32) -> Info {
        Info(exact: Strings(arena.string([scalar])), storedRequired: nil, charsOfStrings: true)
    }

    mutating func oneOf(_ scalars: Set<UInt32>) -> Info {
        var strings = Strings()
        for scalar in scalars { strings.insert(arena.string([scalar]), in: arena) }
        return Info(exact: strings, storedRequired: nil, chars: Characters(scalars: scalars), isClass: true)
    }

    /// The product of two string sets, when it stays within the limits.
    mutating func product(_ a: Strings, _ b: Strings) -> Strings? {
        let maxLength = RequiredLiterals.maxLength
        guard a.count * b.count <= RequiredLiterals.maxExact else { return nil }
        // The empty string times a set is the set (every sequence's run starts from it): no
        // string to build and hash again.
        if a.count == 1, a.first!.count == 0 { return b.contains { $0.count > maxLength } ? nil : b }
        if b.count == 1, b.first!.count == 0 { return a.contains { $0.count > maxLength } ? nil : a }
        var result = Strings(minimumCapacity: a.count * b.count)
        // By place, not by iterators (each of which copied a set, its arrays retained).
        for xPlace in 0..<a.count {
            let x = a[xPlace]
            for yPlace in 0..<b.count {
                let y = b[yPlace]
                if x.count + y.count > maxLength { return nil }
                let joined = arena.joined(x, y)
                result.insert(joined, in: arena)
            }
        }
        return result
    }

    /// Two plain pieces one after the other (used for quoted text, which holds no anchors).
    mutating func concat(_ a: Info, _ b: Info) -> Info {
        if let ea = a.exact, let eb = b.exact, let joined = product(ea, eb) { return Info(exact: joined, storedRequired: nil) }
        return .requiring(RequiredLiterals.better(a.required, b.required))
    }

    mutating func alternate(_ branches: [Info]) -> Info {
        let anchored = branches.allSatisfy { $0.anchored }
        if branches.allSatisfy({ $0.exact != nil }) {
            var union = Strings()
            for branch in branches { union.formUnion(branch.exact!, in: arena) }
            if union.count <= RequiredLiterals.maxExact {
                return Info(exact: union, storedRequired: nil, anchored: anchored, charsOfStrings: branches.allSatisfy { $0.hasChars })
            }
        }
        var starts: Strings? = Strings()
        var lead = Characters()
        for branch in branches {
            if let branchStarts = branch.starts, starts != nil { starts!.formUnion(branchStarts, in: arena) } else { starts = nil }
            lead = lead.union(branch.lead)
        }
        let mayBeEmpty = branches.contains { $0.mayBeEmpty }
        var union = Strings()
        var required: Strings? = union
        for branch in branches {
            guard let branchRequired = branch.required else { required = nil; break }
            union.formUnion(branchRequired, in: arena)
            required = union
        }
        return Info(exact: nil, storedRequired: required, anchored: anchored, starts: starts, lead: lead, charPieces: branches,
                    mayBeEmpty: mayBeEmpty)
    }

    mutating func repeated(_ a: Info, min: Int, max: Int?) -> Info {
        if min == 0 {
            if max == 1, var exact = a.exact {
                exact.insert(.empty, in: arena)
                return Info(exact: exact, storedRequired: nil, charsOfStrings: a.hasChars, isClass: a.isClass)
            }
            return Info(exact: nil, storedRequired: nil, charPieces: [a], mayBeEmpty: true, isClass: a.isClass)
        }
        if min == 1 && max == 1 { return a }
        return Info(exact: nil, storedRequired: a.required, anchored: a.anchored, starts: a.starts, lead: a.lead, charPieces: [a],
                    mayBeEmpty: a.mayBeEmpty, isClass: a.isClass)
    }
}
