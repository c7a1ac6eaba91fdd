/// What lint can tell about a parsed pattern without running it: whether it is anchored at
/// both ends (so a match is the whole segment), the range of lengths and word counts of what
/// it matches, where its repetitions nest, and sample strings it matches. Every answer is
/// either sound (a superset of the truth) or nil when the pattern holds something opaque.
public struct PatternAnalysis: Sendable {
    public let node: PatternNode

    public init(_ node: PatternNode) { self.node = node }
    public init(source: String, caseless: Bool = true) { node = PatternParser.parse(source, caseless: caseless) }

    /// A closed range of whole numbers, open above when `upper` is nil.
    public struct Bounds: Equatable, Sendable, CustomStringConvertible {
        public var lower: Int
        public var upper: Int?

        public init(_ lower: Int, _ upper: Int?) {
            self.lower = lower
            self.upper = upper
        }

        func union(_ other: Bounds) -> Bounds {
            Bounds(min(lower, other.lower), upper.flatMap { a in other.upper.map { max(a, $0) } })
        }

        public var description: String {
            guard let upper else { return "\(lower) or more" }
            return lower == upper ? "\(lower)" : "\(lower) to \(upper)"
        }
    }

    // MARK: anchoring

    /// True when every match must start at the start of the subject.
    public var anchoredAtStart: Bool { Self.anchored(node, start: true) }
    /// True when every match must end at the end of the subject.
    public var anchoredAtEnd: Bool { Self.anchored(node, start: false) }

    static func anchored(_ node: PatternNode, start: Bool) -> Bool {
        switch node {
        case .anchor(let anchor): return anchor == (start ? .start : .end)
        case .group(let inner, let kind): return !kind.isLookaround && anchored(inner, start: start)
        case .concat(let items):
            // Zero-width items (\b, lookarounds) at the edge do not move the match.
            let ordered = start ? items : items.reversed()
            for item in ordered {
                if anchored(item, start: start) { return true }
                if !isZeroWidth(item) { return false }
            }
            return false
        case .alternation(let branches): return branches.allSatisfy { anchored($0, start: start) }
        default: return false
        }
    }

    static func isZeroWidth(_ node: PatternNode) -> Bool {
        switch node {
        case .empty, .anchor: return true
        case .group(let inner, let kind): return kind.isLookaround || isZeroWidth(inner)
        default: return false
        }
    }

    // MARK: lengths

    /// How many characters a match can have.
    public var characters: Bounds? { Self.characters(node) }

    static func characters(_ node: PatternNode) -> Bounds? {
        switch node {
        case .empty, .anchor: return Bounds(0, 0)
        case .literal: return Bounds(1, 1)
        case .set(let set): return set.items.contains(.verticalSpace(true)) ? Bounds(1, 2) : Bounds(1, 1)
        case .group(let inner, let kind): return kind.isLookaround ? Bounds(0, 0) : characters(inner)
        case .concat(let items):
            var total = Bounds(0, 0)
            for item in items {
                guard let b = characters(item) else { return nil }
                total = Bounds(total.lower + b.lower, total.upper.flatMap { a in b.upper.map { a + $0 } })
            }
            return total
        case .alternation(let branches):
            var result: Bounds?
            for branch in branches {
                guard let b = characters(branch) else { return nil }
                result = result.map { $0.union(b) } ?? b
            }
            return result
        case .repetition(let inner, let low, let high, _):
            guard let b = characters(inner) else { return nil }
            let upper: Int? = b.upper == 0 ? 0 : high.flatMap { h in b.upper.map { h * $0 } }
            return Bounds(low * b.lower, upper)
        case .opaque: return nil
        }
    }

    /// How many words (the `words` feature: runs of characters between spaces) a match can have.
    /// Where the pattern can match CJK characters, words are estimated from characters too, so
    /// the upper bound allows for that.
    public var words: Bounds? {
        guard let shapes = Self.shapes(node), let chars = characters else { return nil }
        var result: Bounds?
        for bounds in shapes.values { result = result.map { $0.union(bounds) } ?? bounds }
        guard var words = result else { return nil }
        if Self.mayMatchCJK(node) { words.upper = words.upper.flatMap { w in chars.upper.map { max(w, $0 / 2) } } }
        return words
    }

    static func mayMatchCJK(_ node: PatternNode) -> Bool {
        switch node {
        case .literal(let c): return CharSet(items: [.scalar(c)], negated: false, caseless: false).matchesCJK
        case .set(let set): return set.matchesCJK
        case .group(let inner, _), .repetition(let inner, _, _, _): return mayMatchCJK(inner)
        case .concat(let items), .alternation(let items): return items.contains(where: mayMatchCJK)
        case .empty, .anchor, .opaque: return false
        }
    }

    /// The word structure of the strings a node matches, by their kind: empty, or non-empty and
    /// starting and ending with a space or not. Concatenation joins the words that meet.
    enum Shape: Hashable { case empty, content(startsInWord: Bool, endsInWord: Bool) }
    typealias Shapes = [Shape: Bounds]

    static func merge(_ a: Shapes, _ b: Shapes) -> Shapes { a.merging(b) { $0.union($1) } }

    static func concat(_ a: Shapes, _ b: Shapes) -> Shapes {
        var result: Shapes = [:]
        for (sa, ba) in a {
            for (sb, bb) in b {
                let shape: Shape, bounds: Bounds
                switch (sa, sb) {
                case (.empty, _): shape = sb; bounds = bb
                case (_, .empty): shape = sa; bounds = ba
                case (.content(let start, let joinA), .content(let joinB, let end)):
                    let join = joinA && joinB ? 1 : 0
                    shape = .content(startsInWord: start, endsInWord: end)
                    bounds = Bounds(ba.lower + bb.lower - join, ba.upper.flatMap { x in bb.upper.map { x + $0 - join } })
                }
                result[shape] = result[shape].map { $0.union(bounds) } ?? bounds
            }
        }
        return result
    }

    static func shapes(_ node: PatternNode) -> Shapes? {
        switch node {
        case .empty, .anchor: return [.empty: Bounds(0, 0)]
        case .literal(let c): return c == " " ? [.content(startsInWord: false, endsInWord: false): Bounds(0, 0)] : [.content(startsInWord: true, endsInWord: true): Bounds(1, 1)]
        case .set(let set):
            var result: Shapes = [:]
            if set.matchesSpace { result[.content(startsInWord: false, endsInWord: false)] = Bounds(0, 0) }
            if set.matchesNonSpace { result[.content(startsInWord: true, endsInWord: true)] = Bounds(1, 1) }
            return result
        case .group(let inner, let kind): return kind.isLookaround ? [.empty: Bounds(0, 0)] : shapes(inner)
        case .concat(let items):
            var result: Shapes = [.empty: Bounds(0, 0)]
            for item in items {
                guard let s = shapes(item) else { return nil }
                result = concat(result, s)
            }
            return result
        case .alternation(let branches):
            var result: Shapes = [:]
            for branch in branches {
                guard let s = shapes(branch) else { return nil }
                result = merge(result, s)
            }
            return result
        case .repetition(let inner, let low, let high, _):
            guard let body = shapes(inner) else { return nil }
            let cap = 12
            var result: Shapes = [.empty: Bounds(0, 0)]
            for _ in 0..<min(low, cap) { result = concat(result, body) }
            var growing = low > cap
            let optional = high.map { $0 - low }
            var steps = 0
            while optional.map({ steps < $0 }) ?? true {
                if steps == cap { growing = true; break }
                let next = merge(result, concat(result, body))
                if next == result { growing = false; break }
                result = next
                steps += 1
            }
            // Still growing after the cap: the upper bound is open (lower bounds never shrink).
            if growing && (optional == nil || optional! > cap || low > cap) {
                for key in result.keys where key != .empty { result[key]!.upper = nil }
            }
            return result
        case .opaque: return nil
        }
    }

    // MARK: nesting

    /// An unbounded repetition inside another, where the rest of the outer body may match
    /// nothing, so the same text splits into iterations in exponentially many ways:
    /// `(a+)+`, `(\w+\s?)+`, `(.*)*`.
    public struct NestedRepetition: Sendable {
        public var outer: PatternNode
        public var inner: PatternNode
    }

    public var nestedRepetitions: [NestedRepetition] {
        var found: [NestedRepetition] = []
        Self.collectNested(node, into: &found)
        return found
    }

    static func collectNested(_ node: PatternNode, into found: inout [NestedRepetition]) {
        switch node {
        case .repetition(let body, _, let high, let mode):
            if high == nil || high! > 16, mode != .possessive, let inner = ambiguousInner(body) {
                found.append(NestedRepetition(outer: node, inner: inner))
            }
            collectNested(body, into: &found)
        case .group(let inner, let kind):
            if kind != .atomic { collectNested(inner, into: &found) }
        case .concat(let items), .alternation(let items):
            for item in items { collectNested(item, into: &found) }
        default: break
        }
    }

    /// Inside an outer repetition's body: an unbounded, non-possessive repetition of something
    /// non-empty whose siblings can all match the empty string.
    static func ambiguousInner(_ body: PatternNode) -> PatternNode? {
        switch body {
        case .repetition(let inner, _, let high, let mode):
            if (high == nil || high! > 16) && mode != .possessive && (characters(inner)?.upper ?? 1) != 0 { return body }
            return nil
        case .group(let inner, let kind): return kind == .atomic || kind.isLookaround ? nil : ambiguousInner(inner)
        case .alternation(let branches): return branches.lazy.compactMap(ambiguousInner).first
        case .concat(let items):
            for (index, item) in items.enumerated() {
                guard let inner = ambiguousInner(item) else { continue }
                let others = items.enumerated().filter { $0.offset != index }.map(\.element)
                if others.allSatisfy({ (characters($0)?.lower ?? 1) == 0 }) { return inner }
            }
            return nil
        default: return nil
        }
    }

    // MARK: samples

    /// A short string the node matches (repetitions at their minimum, or once when `nonEmpty`
    /// asks for it; the first branch of alternations); nil when the node is opaque.
    public static func sample(_ node: PatternNode, nonEmpty: Bool = false) -> String? {
        switch node {
        case .empty, .anchor: return ""
        case .literal(let c): return String(c)
        case .set(let set): return set.sample.map { $0 == " " ? " " : String($0) }
        case .group(let inner, let kind): return kind.isLookaround ? "" : sample(inner, nonEmpty: nonEmpty)
        case .concat(let items):
            var text = ""
            for item in items {
                guard let part = sample(item, nonEmpty: nonEmpty) else { return nil }
                text += part
            }
            return text
        case .alternation(let branches):
            let samples = branches.compactMap { sample($0, nonEmpty: nonEmpty) }
            return nonEmpty ? samples.first { !$0.isEmpty } ?? samples.first : samples.first
        case .repetition(let inner, let low, _, _):
            guard let part = sample(inner, nonEmpty: nonEmpty) else { return nil }
            return String(repeating: part, count: max(low, nonEmpty ? 1 : 0))
        case .opaque: return nil
        }
    }

    /// A longer sample that exercises what can be ambiguous: a repeated class that matches both
    /// spaces and other characters yields "a a", an unbounded repetition two items.
    public static func richSample(_ node: PatternNode) -> String? {
        switch node {
        case .repetition(let inner, let low, let high, _):
            if case .set(let set) = inner, set.matchesSpace, let letter = set.sample, letter != " " {
                let length = min(max(low, 3), high ?? 3)
                return String(String.UnicodeScalarView((0..<length).map { $0 % 2 == 1 ? " " : letter }))
            }
            guard let part = richSample(inner) else { return nil }
            return String(repeating: part, count: min(max(low, high == nil ? 2 : 1), high ?? 2))
        case .group(let inner, let kind): return kind.isLookaround ? "" : richSample(inner)
        case .concat(let items):
            var text = ""
            for item in items {
                guard let part = richSample(item) else { return nil }
                text += part
            }
            return text
        case .alternation(let branches):
            return branches.lazy.compactMap(richSample).first { !$0.isEmpty } ?? branches.lazy.compactMap(richSample).first
        default: return sample(node)
        }
    }

    /// Every unbounded repetition (`*`, `+`, `{n,}`) of the pattern, outermost first.
    var unboundedRepetitions: [PatternNode] {
        var found: [PatternNode] = []
        func walk(_ node: PatternNode) {
            switch node {
            case .repetition(let inner, _, let high, let mode):
                if high == nil && mode != .possessive { found.append(node) }
                walk(inner)
            case .group(let inner, let kind): if kind != .atomic { walk(inner) }
            case .concat(let items), .alternation(let items): items.forEach(walk)
            default: break
            }
        }
        walk(node)
        return found
    }

    /// A subject built to make a repetition backtrack: what the pattern needs before it, its
    /// body pumped, then a character that breaks it (and what the pattern needs after it, so
    /// PCRE2's required-character shortcuts do not end the attempt before it backtracks).
    public struct Probe: Sendable, Equatable {
        public var prefix: String
        public var unit: String
        public var tail: String

        public init(prefix: String, unit: String, tail: String) {
            self.prefix = prefix
            self.unit = unit
            self.tail = tail
        }

        public func text(repeating count: Int) -> String { prefix + String(repeating: unit, count: count) + tail }
    }

    /// Probes for every unbounded repetition: its body's samples (plain, rich, and the inner
    /// text of a nested repetition), each with several breaking tails.
    public var probes: [Probe] {
        var probes: [Probe] = []
        for repetition in unboundedRepetitions {
            guard case .repetition(let body, _, _, _) = repetition, let prefix = Self.prefix(before: repetition, in: node) else { continue }
            var units: [String] = []
            if let nested = nestedRepetitions.first(where: { $0.outer == repetition }), let unit = Self.sample(nested.inner, nonEmpty: true) { units.append(unit) }
            if let unit = Self.richSample(body) { units.append(unit) }
            if let unit = Self.sample(body, nonEmpty: true) { units.append(unit) }
            let after = Self.suffix(after: repetition, in: node) ?? ""
            for unit in units where !unit.isEmpty {
                for tail in ["!", " !", ".", ":", " 1"] {
                    for end in after.isEmpty ? [""] : ["", after] {
                        let probe = Probe(prefix: prefix, unit: unit, tail: tail + end)
                        if !probes.contains(probe) { probes.append(probe) }
                    }
                }
            }
        }
        return probes
    }

    /// The probes' texts with each unit repeated `count` times (or enough for `characters`).
    public func adversarialSubjects(count: Int, items: Int = 24) -> [String] {
        probes.map { $0.text(repeating: max(items, count / max(1, $0.unit.count))) }
    }

    /// A sample of what a match needs after `target`; nil when that is unknown.
    static func suffix(after target: PatternNode, in node: PatternNode) -> String? {
        if node == target { return "" }
        switch node {
        case .group(let inner, let kind): return kind.isLookaround ? nil : suffix(after: target, in: inner)
        case .alternation(let branches): return branches.lazy.compactMap { suffix(after: target, in: $0) }.first
        case .repetition(let inner, _, _, _): return suffix(after: target, in: inner)
        case .concat(let items):
            for (index, item) in items.enumerated() {
                guard let rest = suffix(after: target, in: item) else { continue }
                var text = rest
                for later in items[(index + 1)...] {
                    guard let part = sample(later) else { return nil }
                    text += part
                }
                return text
            }
            return nil
        default: return nil
        }
    }

    /// A sample of what a match needs before `target`; nil when that is unknown.
    static func prefix(before target: PatternNode, in node: PatternNode) -> String? {
        if node == target { return "" }
        switch node {
        case .group(let inner, let kind): return kind.isLookaround ? nil : prefix(before: target, in: inner)
        case .alternation(let branches): return branches.lazy.compactMap { prefix(before: target, in: $0) }.first
        case .repetition(let inner, _, _, _): return prefix(before: target, in: inner)
        case .concat(let items):
            var text = ""
            for item in items {
                if let rest = prefix(before: target, in: item) { return text + rest }
                guard let part = sample(item) else { return nil }
                text += part
            }
            return nil
        default: return nil
        }
    }
}

// MARK: first characters

extension PatternAnalysis {
    /// What a node's matches can start with: a superset of their first characters (nil: any
    /// character, as far as lint can tell), and whether a match can be empty (then what follows
    /// the node can come first).
    public struct FirstCharacters: Equatable, Sendable {
        public var characters: Set<Unicode.Scalar>?
        public var canBeEmpty: Bool

        static let empty = FirstCharacters(characters: [], canBeEmpty: true)
        static let unknown = FirstCharacters(characters: nil, canBeEmpty: true)

        /// Whether a match of one can start where a match of the other starts: some first
        /// character in common, letters compared in both cases (so a caseless pattern's are
        /// never taken apart).
        public func mayShareStart(with other: FirstCharacters) -> Bool {
            guard let mine = characters, let theirs = other.characters else { return true }
            let folded = Set(theirs.flatMap(Self.cases))
            return mine.contains { Self.cases($0).contains(where: folded.contains) }
        }

        static func cases(_ c: Unicode.Scalar) -> [Unicode.Scalar] {
            [c] + [String(c).lowercased(), String(c).uppercased()].compactMap { $0.unicodeScalars.count == 1 ? $0.unicodeScalars.first : nil }
        }
    }

    public static func firstCharacters(_ node: PatternNode) -> FirstCharacters {
        switch node {
        case .empty, .anchor: return .empty
        case .literal(let c): return FirstCharacters(characters: [c], canBeEmpty: false)
        case .set(let set):
            // A class of plain characters is its members; ranges, escapes and negations: any.
            let scalars = set.items.compactMap { item -> Unicode.Scalar? in if case .scalar(let s) = item { return s } else { return nil } }
            let plain = !set.negated && scalars.count == set.items.count
            return FirstCharacters(characters: plain ? Set(scalars) : nil, canBeEmpty: false)
        case .group(let inner, let kind): return kind.isLookaround ? .empty : firstCharacters(inner)
        case .concat(let items):
            var result = FirstCharacters.empty
            for item in items {
                let first = firstCharacters(item)
                result.characters = result.characters.flatMap { known in first.characters.map { known.union($0) } }
                if !first.canBeEmpty { result.canBeEmpty = false; break }
            }
            return result
        case .alternation(let branches):
            var result = FirstCharacters(characters: [], canBeEmpty: false)
            for branch in branches {
                let first = firstCharacters(branch)
                result.characters = result.characters.flatMap { known in first.characters.map { known.union($0) } }
                result.canBeEmpty = result.canBeEmpty || first.canBeEmpty
            }
            return result
        case .repetition(let inner, let low, _, _):
            var first = firstCharacters(inner)
            if low == 0 { first.canBeEmpty = true }
            return first
        case .opaque: return .unknown
        }
    }
}
