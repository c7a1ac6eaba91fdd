import Foundation
import WinnowPCRE2

/// The rule set laid out for the classifier's hot path: every rule's patterns in one flat list
/// (rule by rule, in decision order), the rule of each pattern, each rule's conditions, and the
/// literal prefilter over all the patterns. Built once per rule set and shared by every thread.
public final class RulePlan: @unchecked Sendable {
    public let prefilter: PatternPrefilter
    let patterns: [Pattern]
    /// For each pattern of `patterns`, the index of its rule in `RuleSet.rules`.
    let ruleOfPattern: [Int]
    /// Every rule's conditions, in one flat table.
    let conditions: RuleConditions
    /// The patterns whose rule's `words:` conditions fail, by a segment's count of words, and
    /// those whose other conditions fail, by the segment's other features: the prefilter does
    /// not look for them (their rule could not fire anyway).
    let wordCountGate: CountGate
    let featureGate: FeatureGate
    /// The patterns that cannot match a segment of so many letters (anchored at both ends),
    /// or of so few separator marks or digits (`CharacterBounds`): not looked for either.
    let letterCountGate: CountGate
    let separatorCountGate: CountGate
    let digitCountGate: CountGate

    /// `threads`: how many threads may build it (the plan is the same for any number).
    public init(rules: [Rule], threads: Int = 1) {
        var patterns: [Pattern] = []
        var ruleOfPattern: [Int] = []
        for (index, rule) in rules.enumerated() {
            patterns += rule.patterns
            ruleOfPattern += Array(repeating: index, count: rule.patterns.count)
        }
        self.patterns = patterns
        self.ruleOfPattern = ruleOfPattern
        conditions = RuleConditions(rules.map(\.conditions))
        // Strings are keyed by their least common windows in web text, and not by n-grams of
        // stopwords (any language's): those are everywhere.
        prefilter = PatternPrefilter(patterns: patterns, frequencies: WindowFrequencies.embedded,
                                     commonWords: StopwordLists.embedded.lists.values.flatMap { $0 },
                                     threads: threads)
        // Its bitsets are the prefilter's, which it is handed with.
        wordCountGate = CountGate.words(conditions: ruleOfPattern.map { rules[$0].conditions }, words: prefilter.words)
        featureGate = FeatureGate(conditions: ruleOfPattern.map { rules[$0].conditions }, words: prefilter.words)
        let bounds = patterns.concurrentMap(threads: threads, CharacterBounds.init)
        letterCountGate = CountGate.bounds(most: bounds.map(\.mostLetters), words: prefilter.words)
        separatorCountGate = CountGate.bounds(fewest: bounds.map(\.fewestSeparators), words: prefilter.words)
        digitCountGate = CountGate.bounds(fewest: bounds.map(\.fewestDigits), words: prefilter.words)
    }

    /// The patterns that cannot match or whose rule's conditions fail for a segment of these
    /// features (`prefilter.words` words, written into `room`): by its counts of words,
    /// letters, separators and digits, and by its other features when those may rule out more.
    /// The classifier does not look for them.
    @inline(__always)
    func ruledOut(for features: Features, room: PatternBits) -> UnsafePointer<UInt64> {
        let byWords = wordCountGate.ruledOut(for: features.words)
        let byLetters = letterCountGate.ruledOut(for: features.letters)
        let bySeparators = separatorCountGate.ruledOut(for: features.separators)
        let byDigits = digitCountGate.ruledOut(for: features.digits)
        let bits = room.pointer, gated = featureGate.gated
        // Whether the other features may rule out a pattern the counts leave in (on a long
        // segment the count of words has ruled out every rule with other conditions), asked of
        // each word as it is made: read back from memory, sixteen bytes at once over two words
        // just stored, the words waited for their stores to land.
        var mayRuleOutMore: UInt64 = 0
        for word in 0..<prefilter.words {
            let out = byWords[word] | byLetters[word] | bySeparators[word] | byDigits[word]
            bits[word] = out
            mayRuleOutMore |= gated[word] & ~out
        }
        if mayRuleOutMore != 0 { featureGate.addRuledOut(for: features, to: bits) }
        return UnsafePointer(bits)
    }

    /// How many patterns always run (no required literal found), for `rules patterns --stats`-like reports and tests.
    public var ungatedPatterns: [Pattern] { patterns.indices.filter { prefilter.isUngated($0) }.map { patterns[$0] } }
}

/// Every rule's conditions in one flat list, rule after rule, without the text they were
/// written as: the classifier checks a candidate rule's conditions from one contiguous table
/// instead of an array of its own a rule (a cache miss a rule).
struct RuleConditions {
    private let tests: [(feature: FeatureName, test: Condition.Test)]
    /// Rule `r`'s conditions are `tests[starts[r]..<starts[r + 1]]`.
    private let starts: [Int]

    init(_ conditions: [[Condition]]) {
        tests = conditions.flatMap { $0.map { (feature: $0.feature, test: $0.test) } }
        var starts = [0]
        for rule in conditions { starts.append(starts.last! + rule.count) }
        self.starts = starts
    }

    /// Whether every condition of rule `rule` holds for `features` (as `[Condition].allHold`).
    /// Not inlined: the classifier asks only for a candidate pattern's rule, most segments have
    /// none, and inlined, every feature's value (divisions among them) was worked out for every
    /// segment before the candidates were known.
    @inline(never)
    func allHold(rule: Int, for features: Features) -> Bool {
        var index = starts[rule]
        let end = starts[rule + 1]
        while index < end {
            guard tests[index].test.holds(features.value(of: tests[index].feature)) else { return false }
            index += 1
        }
        return true
    }
}

/// For each count a segment may have (of words, of letters), the bitset of patterns that
/// cannot match a segment of that count: a table with a row per count up to past the largest
/// bound, the last row standing for every larger count.
final class CountGate: @unchecked Sendable {
    /// Row `c` (of `words` words) for a segment of count `c`; row `lastRow` for every count from it on.
    private let rows: UnsafeMutablePointer<UInt64>
    private let words: Int
    private let lastRow: Int

    /// `ruledOut(pattern, count)`: whether the pattern is out for a count, the same for every
    /// count from `lastRow` on; asked only of the patterns `gated` (others are never out).
    /// `likePrevious(pattern)`: whether the pattern is out for the same counts as the one before
    /// it (a rule's patterns, one after the other), whose bits are then copied, not asked again.
    private init(gated: [Bool], words: Int, lastRow: Int, likePrevious: (Int) -> Bool = { _ in false }, ruledOut: (Int, Int) -> Bool) {
        self.lastRow = lastRow
        self.words = words
        rows = .allocate(capacity: (lastRow + 1) * words)
        rows.initialize(repeating: 0, count: (lastRow + 1) * words)
        for pattern in gated.indices where gated[pattern] {
            if pattern > 0 && gated[pattern - 1] && likePrevious(pattern) {
                let previous = pattern - 1
                for count in 0...lastRow where rows[count * words + previous / 64] >> UInt64(previous % 64) & 1 != 0 {
                    rows[count * words + pattern / 64] |= 1 << UInt64(pattern % 64)
                }
                continue
            }
            for count in 0...lastRow where ruledOut(pattern, count) {
                rows[count * words + pattern / 64] |= 1 << UInt64(pattern % 64)
            }
        }
    }

    deinit { rows.deallocate() }

    /// The patterns whose rule cannot hold by its `words:` conditions alone, by the segment's
    /// count of words. Other conditions are left to the classifier, so a pattern outside the
    /// bitset may still be ruled out there. `conditions`: each pattern's rule's conditions;
    /// `words`: 64-bit words in a bitset.
    static func words(conditions: [[Condition]], words: Int) -> CountGate {
        // Bounds past the last row would make it stand for counts that differ: such conditions are left out.
        let limit = 4096.0
        func usable(_ condition: Condition) -> Bool {
            condition.feature == .words && condition.test.bounds.allSatisfy { $0.isFinite && $0.magnitude < limit }
        }
        let largest = conditions.joined().filter(usable).flatMap(\.test.bounds).max() ?? 0
        let tests = conditions.map { $0.filter(usable).map(\.test) }
        return CountGate(gated: tests.map { !$0.isEmpty }, words: words, lastRow: max(0, Int(largest.rounded(.down)) + 1),
                         likePrevious: { tests[$0] == tests[$0 - 1] }) { pattern, count in
            !tests[pattern].allSatisfy { $0.holds(Double(count)) }
        }
    }

    /// The patterns that cannot match a segment whose count is past their bound: above it
    /// (`most`: the most letters of `CharacterBounds.mostLetters`, nil for none) or below it
    /// (`fewest`: the fewest separators or digits). Bounds from `limit` on are left out (the
    /// table keeps small).
    static func bounds(most: [Int?], words: Int, limit: Int = 256) -> CountGate {
        let usable = most.map { $0.flatMap { $0 < limit ? $0 : nil } }
        let lastRow = (usable.compactMap { $0 }.max() ?? -1) + 1
        return CountGate(gated: usable.map { $0 != nil }, words: words, lastRow: lastRow) { pattern, count in
            usable[pattern].map { count > $0 } ?? false
        }
    }

    static func bounds(fewest: [Int], words: Int, limit: Int = 256) -> CountGate {
        let usable = fewest.map { min($0, limit) }
        return CountGate(gated: usable.map { $0 > 0 }, words: words, lastRow: usable.max() ?? 0) { pattern, count in
            count < usable[pattern]
        }
    }

    /// The patterns ruled out for a segment of this count (`words` words, valid as long as the gate).
    @inline(__always)
    func ruledOut(for count: Int) -> UnsafePointer<UInt64> {
        UnsafePointer(rows + min(max(count, 0), lastRow) * words)
    }
}

/// For each feature other than the count of words that some rule tests, the bitset of patterns
/// whose rule's tests on it fail, by the feature's value: a row for each bound the rules name
/// and for each stretch between bounds (every test holds or fails alike on a stretch). A
/// position at the bottom of the page, an ending without punctuation or two separators are rare
/// among segments, and the short strings of such rules' patterns ("st", "rue", "nom") are not
/// then looked for.
final class FeatureGate: @unchecked Sendable {
    /// The features gated, `count` of them. For feature `f`: its finite bounds, ascending, are
    /// `bounds[boundStarts[f]..<boundStarts[f + 1]]`; with `k` bounds it has `2k + 1` rows from
    /// row `rowStarts[f]`: row `2j + 1` for a value equal to bound `j`, row `2j` for one between
    /// bounds `j - 1` and `j` (below the first for `j` 0, above the last for `j` == k). A row is
    /// its non-zero words only, `entries[entryStarts[r]..<entryStarts[r + 1]]`: most rows rule
    /// out the patterns of a word or two, and a segment reads one row of each feature. A feature
    /// whose value is a count (`Features.count(of:)`) finds its row's number in a table by the
    /// count instead of comparing with each bound: `cells[cellStarts[f] + min(count, lastCounts[f])]`
    /// (`lastCounts[f]` -1: compared, its bounds too large for a table), a row's number among all
    /// (from `rowStarts[f]`). Plain memory: the classifier reads it for every segment.
    private let names: UnsafeMutablePointer<FeatureName>
    private let lastCounts: UnsafeMutablePointer<Int>
    private let cellStarts: UnsafeMutablePointer<Int>
    private let cells: UnsafeMutablePointer<Int>
    private let boundStarts: UnsafeMutablePointer<Int>
    private let bounds: UnsafeMutablePointer<Double>
    private let rowStarts: UnsafeMutablePointer<Int>
    private let entryStarts: UnsafeMutablePointer<Int>
    private let entries: UnsafeMutablePointer<Entry>
    private let count: Int

    /// One non-zero word of a row: the patterns it rules out in bitset word `word`.
    private struct Entry {
        var word: Int
        var mask: UInt64
    }
    /// Every pattern some feature may rule out (`words` words).
    let gated: UnsafeMutablePointer<UInt64>

    /// `conditions`: each pattern's rule's conditions; `words`: 64-bit words in a bitset.
    init(conditions: [[Condition]], words: Int) {
        var names: [FeatureName] = [], boundStarts = [0], allBounds: [Double] = [], rowStarts: [Int] = []
        var entryStarts = [0], entries: [Entry] = []
        var lastCounts: [Int] = [], cellStarts: [Int] = [], cells: [Int] = []
        var gated = [UInt64](repeating: 0, count: max(words, 1))
        for name in FeatureName.allCases where name != .words {
            let tests = conditions.map { $0.filter { $0.feature == name }.map(\.test) }
            let named = Array(Set(tests.joined().flatMap(\.bounds).filter(\.isFinite))).sorted()
            guard !named.isEmpty else { continue }
            // A value standing for each row: the bound itself, or one strictly between two bounds.
            var values: [Double] = []
            for (j, bound) in named.enumerated() {
                values.append(j == 0 ? bound - 1 : (named[j - 1] + bound) / 2)
                values.append(bound)
            }
            values.append(named[named.count - 1] + 1)
            var rows = [UInt64](repeating: 0, count: values.count * words)
            for (pattern, patternTests) in tests.enumerated() where !patternTests.isEmpty {
                for (row, value) in values.enumerated() where !patternTests.allSatisfy({ $0.holds(value) }) {
                    rows[row * words + pattern / 64] |= 1 << UInt64(pattern % 64)
                }
            }
            guard rows.contains(where: { $0 != 0 }) else { continue }
            names.append(name)
            // The row of each count up to the first above every bound (the row of all larger ones).
            let lastCount = name.isCount && named[named.count - 1] < Self.countLimit ? max(0, Int(named[named.count - 1].rounded(.down)) + 1) : -1
            let rowStart = entryStarts.count - 1
            lastCounts.append(lastCount)
            cellStarts.append(cells.count)
            if lastCount >= 0 { cells += (0...lastCount).map { rowStart + Self.cell(of: Double($0), bounds: named[...]) } }
            allBounds += named
            boundStarts.append(allBounds.count)
            rowStarts.append(rowStart)
            for row in 0..<values.count {
                for word in 0..<words where rows[row * words + word] != 0 {
                    entries.append(Entry(word: word, mask: rows[row * words + word]))
                    gated[word] |= rows[row * words + word]
                }
                entryStarts.append(entries.count)
            }
        }
        count = names.count
        self.names = Self.plain(names)
        self.lastCounts = Self.plain(lastCounts)
        self.cellStarts = Self.plain(cellStarts)
        self.cells = Self.plain(cells)
        self.boundStarts = Self.plain(boundStarts)
        self.bounds = Self.plain(allBounds)
        self.rowStarts = Self.plain(rowStarts)
        self.entryStarts = Self.plain(entryStarts)
        self.entries = Self.plain(entries)
        self.gated = Self.plain(gated)
    }

    /// Counts up to this many have a table of rows (the largest of the default rules' bounds is 2).
    private static let countLimit = 4096.0

    /// The number of `value`'s row among `bounds` (ascending, each once): two for each bound
    /// below it, one for a bound equal to it. The bounds below are passed over one by one: a
    /// feature has a bound or two, and the values of successive segments mostly fall on the same
    /// side of them (no digits, the same part of the page).
    @inline(__always)
    private static func cell(of value: Double, bounds: UnsafeBufferPointer<Double>) -> Int {
        var below = 0
        while below < bounds.count && bounds[below] < value { below &+= 1 }
        return 2 &* below &+ (below < bounds.count && bounds[below] == value ? 1 : 0)
    }

    private static func cell(of value: Double, bounds: ArraySlice<Double>) -> Int {
        bounds.withUnsafeBufferPointer { cell(of: value, bounds: $0) }
    }

    private static func plain<T>(_ array: [T]) -> UnsafeMutablePointer<T> {
        let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(1, array.count))
        pointer.initialize(from: array, count: array.count)
        return pointer
    }

    deinit {
        names.deallocate()
        lastCounts.deallocate()
        cellStarts.deallocate()
        cells.deallocate()
        boundStarts.deallocate()
        bounds.deallocate()
        rowStarts.deallocate()
        entryStarts.deallocate()
        entries.deallocate()
        gated.deallocate()
    }

    /// ORs into `bits` (`words` words) the patterns ruled out by the segment's `features`.
    @inline(__always)
    func addRuledOut(for features: Features, to bits: UnsafeMutablePointer<UInt64>) {
        // The tables' addresses read once (stores into `bits` might otherwise change them).
        let names = self.names, lastCounts = self.lastCounts, cellStarts = self.cellStarts, cells = self.cells
        let boundStarts = self.boundStarts, bounds = self.bounds, rowStarts = self.rowStarts
        let entryStarts = self.entryStarts, entries = self.entries
        for feature in 0..<count {
            let row: Int
            let lastCount = lastCounts[feature]
            if lastCount >= 0 {
                let count = features.count(of: names[feature])
                // A count below 0 (not a real segment's) rules nothing out.
                guard count >= 0 else { continue }
                row = cells[cellStarts[feature] &+ min(count, lastCount)]
            } else {
                let value = features.value(of: names[feature])
                // A value no bound describes (not a number, infinite) rules nothing out.
                guard value.isFinite else { continue }
                let start = boundStarts[feature]
                row = rowStarts[feature] &+ Self.cell(of: value, bounds: UnsafeBufferPointer(start: bounds + start, count: boundStarts[feature &+ 1] &- start))
            }
            var entry = entryStarts[row]
            let end = entryStarts[row &+ 1]
            while entry < end {
                bits[entries[entry].word] |= entries[entry].mask
                entry &+= 1
            }
        }
    }
}

extension Condition.Test {
    /// The numbers the test compares with: on either side of each, it may hold or fail.
    fileprivate var bounds: [Double] {
        switch self {
        case .less(let b), .lessOrEqual(let b), .greater(let b), .greaterOrEqual(let b), .equal(let b), .notEqual(let b): return [b]
        case .between(let low, let high): return [low, high]
        }
    }
}

/// A bitset of patterns owned by one thread (its classifier or the profiler), freed with it.
final class PatternBits {
    let pointer: UnsafeMutablePointer<UInt64>

    init(words: Int) {
        pointer = .allocate(capacity: max(words, 1))
        pointer.initialize(repeating: 0, count: max(words, 1))
    }

    deinit { pointer.deallocate() }
}

/// Builds a rule set's plan on first use, once, whichever thread asks first.
final class RulePlanCache: @unchecked Sendable {
    private let lock = NSLock()
    private var plan: RulePlan?

    func plan(for rules: [Rule], threads: Int = 1) -> RulePlan {
        lock.lock()
        defer { lock.unlock() }
        if let plan { return plan }
        let built = RulePlan(rules: rules, threads: threads)
        plan = built
        return built
    }
}

extension WindowFrequencies {
    /// The table embedded at build time from `rules/prefilter/windows.txt` (empty if missing).
    static let embedded = WindowFrequencies(parsing: EmbeddedResources.files.first { $0.path == "prefilter/windows.txt" }?.text ?? "")
}

extension FeatureName {
    /// Whether the feature's value is a count: a whole number, 0 or more for a real segment
    /// (those `Features.count(of:)` answers for; it keeps the one list of them).
    fileprivate var isCount: Bool { Features().count(of: self) >= 0 }
}

extension Features {
    /// The value of a count feature (`FeatureName.isCount`) as a whole number (its `value(of:)`
    /// is this as a Double); -1 for the others.
    @inline(__always)
    fileprivate func count(of name: FeatureName) -> Int {
        switch name {
        case .chars: return chars
        case .words: return words
        case .separators: return separators
        case .fromTop: return fromTop
        case .fromBottom: return fromBottom
        case .endsWithPunctuation: return endsWithPunctuation ? 1 : 0
        case .endsWithColon: return endsWithColon ? 1 : 0
        case .startsWithBullet: return startsWithBullet ? 1 : 0
        case .stopwords, .digits, .upper, .titleCase, .meanWordLength, .relativePosition: return -1
        }
    }
}
