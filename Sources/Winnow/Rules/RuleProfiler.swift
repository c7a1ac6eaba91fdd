import Foundation
import WinnowPCRE2

/// What one classification pattern cost over a run (`winnow rules profile`).
public struct PatternCost: Sendable {
    public let ruleID: String
    /// The pattern's place in its rule, from 1 (as `rules lint` numbers them).
    public let number: Int
    /// The pattern with its options inline, `(?i)...`.
    public let source: String
    /// Times the pattern ran: the prefilter let it through and its rule was still undecided.
    public internal(set) var runs = 0
    public internal(set) var matches = 0
    /// Runs a match or depth limit ended (counted as no match, as `clean` does).
    public internal(set) var limitHits = 0
    /// Time inside PCRE2 summed over the runs (each run timed on its own).
    public internal(set) var nanoseconds: UInt64 = 0

    public var meanNanoseconds: Double { runs == 0 ? 0 : Double(nanoseconds) / Double(runs) }

    mutating func add(_ other: PatternCost) {
        runs += other.runs
        matches += other.matches
        limitHits += other.limitHits
        nanoseconds += other.nanoseconds
    }
}

/// Finds where the classifier's pattern time goes: runs documents through normalise, segment and
/// measure as `clean` does, then classifies each segment as `RuleClassifier.classify` does (the
/// prefilter's candidates, rule by rule in decision order, conditions first, the first match
/// deciding) with a clock read around every pattern run. So a pattern runs exactly as often as
/// in `clean`, and its time is its own. The clock is read only here: `clean` never pays for it.
public final class RuleProfiler {
    public let rules: RuleSet
    /// One entry per classification pattern, in decision order.
    public private(set) var costs: [PatternCost]
    public private(set) var pages = 0
    public private(set) var segments = 0
    public private(set) var bytes = 0
    /// Time in the prefilter, finding each segment's candidate patterns.
    public private(set) var prefilterNanoseconds: UInt64 = 0
    /// Time JIT-compiling patterns, each before its first run (`clean` pays it once a process
    /// for each pattern it runs), kept out of the patterns' own times: it would make a pattern
    /// that runs a few times look slow.
    public private(set) var compileNanoseconds: UInt64 = 0
    /// How many patterns were compiled so (those that ran).
    public var compiledPatterns: Int { compiled.lazy.filter { $0 }.count }

    private let plan: RulePlan
    private let normaliser = Normaliser()
    private let segmenter = LineSegmenter()
    private let measurer: FeatureMeasurer
    private let runner: PatternRunner
    private let prefilterScratch = PrefilterScratch()
    /// Room for the patterns a segment's conditions rule out (`RulePlan.ruledOut`).
    private let ruledOut: PatternBits
    /// Whether each pattern has been JIT-compiled (and timed so) before its first run here.
    private var compiled: [Bool]

    public init(rules: RuleSet, stopwords: StopwordLists = .embedded, limits: MatchLimits = .default) {
        self.rules = rules
        plan = rules.plan
        measurer = FeatureMeasurer(stopwords: stopwords)
        runner = PatternRunner(patterns: plan.patterns, scratch: MatchScratch(limits: limits))
        ruledOut = PatternBits(words: plan.prefilter.words)
        compiled = Array(repeating: false, count: plan.patterns.count)
        costs = rules.rules.flatMap { rule in
            rule.patterns.enumerated().map { PatternCost(ruleID: rule.id, number: $0.offset + 1, source: $0.element.inlineSource) }
        }
    }

    /// Total time inside PCRE2, running patterns (compiling them apart).
    public var patternNanoseconds: UInt64 { costs.reduce(0) { $0 + $1.nanoseconds } }

    /// The patterns, costliest first (ties: more runs first, then decision order).
    public var ranked: [PatternCost] { Self.rank(costs) }

    /// The same figures summed over each rule's patterns (`number` 0, `source` how many patterns).
    public var rankedByRule: [PatternCost] {
        var byRule: [PatternCost] = []
        var first = 0
        for rule in rules.rules {
            let count = rule.patterns.count
            var total = PatternCost(ruleID: rule.id, number: 0, source: "\(count) pattern\(count == 1 ? "" : "s")")
            for cost in costs[first..<first + count] { total.add(cost) }
            byRule.append(total)
            first += count
        }
        return Self.rank(byRule)
    }

    private static func rank(_ costs: [PatternCost]) -> [PatternCost] {
        costs.enumerated().sorted { a, b in
            (a.element.nanoseconds, a.element.runs, -a.offset) > (b.element.nanoseconds, b.element.runs, -b.offset)
        }.map(\.element)
    }

    /// Reads every document of `inputs` (files, folders, `-`; text, JSONL or WARC, gzipped or
    /// not, as `clean` reads them) and profiles it. Returns the inputs or records that could not be read.
    public func profile(inputs: [String], maxBytes: Int = BatchOptions().maxBytes) -> [String] {
        let (items, problems) = InputWalker().items(for: inputs)
        var unread = problems.map(\.description)
        let decoder = RecordDecoder()
        for item in items {
            let reader = SourceReader(item: item, format: nil, maxBytes: maxBytes)
            if let reject = reader.open() { unread.append("\(reject.source): \(reject.reason)") }
            while let event = reader.next() {
                guard case .record(let record) = event else {
                    if case .reject(let reject) = event { unread.append("\(reject.source): \(reject.reason)") }
                    continue
                }
                if case .document(let document, _) = decoder.decode(record, source: item.path) { profile(document) }
            }
        }
        return unread
    }

    /// Profiles one document.
    public func profile(_ document: RawDocument) {
        let page = normaliser.normalise(document.bytes)
        let pageSegments = segmenter.segments(of: page)
        let (features, _) = measurer.measure(pageSegments, in: page)
        pages += 1
        segments += pageSegments.count
        bytes += document.bytes.count
        page.withUTF8 { whole in
            for (segment, segmentFeatures) in zip(pageSegments, features) {
                classify(UnsafeBufferPointer(rebasing: whole[segment.byteRange]), segmentFeatures)
            }
        }
    }

    /// `RuleClassifier.classify` for one segment, every pattern run timed.
    private func classify(_ bytes: UnsafeBufferPointer<UInt8>, _ features: Features) {
        let started = Self.now()
        // As in `clean`: the patterns whose rule's conditions rule them out are not looked for.
        let bits = plan.prefilter.candidates(in: bytes, scratch: prefilterScratch,
                                             excluding: plan.ruledOut(for: features, room: ruledOut))
        prefilterNanoseconds += Self.now() &- started
        var currentRule = -1
        var ruleOpen = false
        for word in 0..<plan.prefilter.words {
            var pending = bits[word]
            while pending != 0 {
                let index = word &* 64 &+ pending.trailingZeroBitCount
                pending &= pending &- 1
                let ruleIndex = plan.ruleOfPattern[index]
                if ruleIndex != currentRule {
                    currentRule = ruleIndex
                    ruleOpen = plan.conditions.allHold(rule: ruleIndex, for: features)
                }
                guard ruleOpen else { continue }
                if !compiled[index] {
                    let start = Self.now()
                    _ = plan.patterns[index].isJITCompiled
                    compileNanoseconds += Self.now() &- start
                    compiled[index] = true
                }
                let start = Self.now()
                let matched: Bool
                do { matched = try runner.matches(index, bytes) } catch {
                    matched = false
                    costs[index].limitHits += 1
                    ruleOpen = false  // as in `clean`: the rule does not fire, its other patterns do not run
                }
                costs[index].nanoseconds += Self.now() &- start
                costs[index].runs += 1
                guard matched else { continue }
                costs[index].matches += 1
                return  // the first rule that fires decides
            }
        }
    }

    /// Monotonic clock in nanoseconds (a vDSO call, some 20 ns).
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// What reading the clock twice costs, the floor under every run's time (the least of many tries).
    public static func clockOverheadNanoseconds() -> UInt64 {
        (0..<1000).map { _ in let start = now(); return now() &- start }.min() ?? 0
    }
}
