import Foundation

/// Tells, for a subject, which patterns of a set could possibly match it — in one pass over its
/// bytes, whatever the number of patterns.
///
/// Each pattern's literals (`RequiredLiterals`) are looked for in the case-folded subject
/// (`CaseFolding`, which merges at least what PCRE2's caseless matching merges):
///
/// - a pattern anchored at the start (`^(skip to|jump to) ...`) can match only a subject that
///   starts with one of its prefixes: a walk down a trie of all such prefixes from the first
///   byte finds them;
/// - any other pattern can match only a subject that contains one of its required strings:
///   a rolling window of the last four bytes is looked up in a 64K-bit hashed filter that
///   stays in the L1 cache, and only on a hit in the exact table of keys; each string is keyed
///   by its least common four bytes (not by n-grams of common words, which the caller names),
///   and the rest of the string is compared on a hit. Strings of one to three bytes have
///   their own tables.
///
/// A pattern none of whose literals is found cannot match and need not run; patterns without
/// literals always run. So running only the candidates gives exactly the answers of running
/// every pattern.
///
/// Immutable after construction and shared by every thread; the mutable state of a scan is a
/// `PrefilterScratch`, one per thread.
public final class PatternPrefilter: @unchecked Sendable {
    /// Number of patterns; candidate sets are bitsets of this many bits.
    public let patternCount: Int
    /// 64-bit words in a candidate bitset.
    public let words: Int
    /// How each pattern is gated.
    public let gates: [Gate]

    public enum Gate: Equatable, Sendable {
        /// The subject must start with one of these (folded UTF-8), after any number of
        /// characters of the lead.
        case prefix([[UInt8]], lead: RequiredLiterals.CharacterSet)
        /// The subject must contain one of these (folded UTF-8).
        case contains([[UInt8]])
        /// No literal found: the pattern always runs.
        case always
    }

    /// Number of distinct keys of the rolling scan.
    public let keyCount: Int

    private let folding: CaseFolding
    /// Bits of the patterns that always run.
    private let always: UnsafeMutablePointer<UInt64>
    /// What PCRE2 knows of each pattern's matches: the fewest characters, the first bytes.
    public let matchStarts: [MatchStart]
    /// For each first byte of a subject, `words` words: the patterns a subject starting with it may match.
    private let firstByteMasks: UnsafeMutablePointer<UInt64>
    /// For each subject length below `shortLength` bytes, `words` words: the patterns that short a subject may match.
    private let lengthMasks: UnsafeMutablePointer<UInt64>
    private let shortLength: Int

    // Strings of four bytes or more, flat: bytes, and for each its start, length, pattern and
    // the offset of its key.
    private let literalBytes: UnsafeMutablePointer<UInt8>
    /// Side by side, so a key's hit reads one cache line; in the order of `members` (a key's
    /// strings follow its table slot's `first` directly, without a hop through `members`).
    private let literals: UnsafeMutablePointer<LiteralEntry>

    struct LiteralEntry {
        var start: Int32
        var length: Int32
        var pattern: Int32
        var keyOffset: Int32
    }
    /// One-byte strings: each byte with its patterns (looked for with `memchr`).
    private let singleBytes: UnsafeMutablePointer<UInt8>
    private let singleCount: Int
    /// For each one-byte string, `words` words: its patterns.
    private let singleMasks: UnsafeMutablePointer<UInt64>
    /// The last two bytes of every two- and three-byte string: a direct 64K-bit table, the one
    /// probe at most bytes.
    private let pairFilter: UnsafeMutablePointer<UInt64>
    /// Two-byte strings, exactly (many are common pairs of letters: a hit must be a real one
    /// before the table of keys is asked).
    private let twoFilter: UnsafeMutablePointer<UInt64>
    /// Three-byte strings: a 64K-bit filter hashed from their three bytes.
    private let tripleFilter: UnsafeMutablePointer<UInt64>
    /// Four-byte keys, hashed.
    private let filter: UnsafeMutablePointer<UInt64>
    private let table: KeyTable
    /// For two- and three-byte keys: patterns; for four-byte keys: string indices.
    private let members: UnsafeMutablePointer<Int32>
    private let hasShortKeys: (two: Bool, three: Bool)
    private let hasKeys: Bool

    /// The trie of prefixes: the root's children by byte, then (node, byte) → child in an
    /// open-addressing table whose entries also carry the child's patterns (one cache line a
    /// step); the patterns of a node with the lead group of each.
    private let trie: TrieTable
    private let nodePatterns: UnsafeMutablePointer<Int32>
    private let nodePatternGroups: UnsafeMutablePointer<Int32>
    private let hasPrefixes: Bool
    /// The distinct leads of prefix patterns; group 0 is the empty lead (prefix at the very start).
    private let leads: [LeadTest]
    /// For each ASCII character, the lead groups that may hold it (one AND instead of a test a group).
    private let asciiLeadGroups: UnsafeMutablePointer<UInt64>

    /// Lead bytes whose scalars may fold to other scalars (decoded when folding).
    private let leadFolds: UnsafeMutablePointer<Bool>
    /// Byte → its folded byte for ASCII (upper case to lower case); others unchanged.
    private let asciiFold: UnsafeMutablePointer<UInt8>

    /// Longest string kept, in bytes (a prefix of a required string is required too).
    public static let defaultLiteralBytes = 24
    /// Longest prefix kept, in bytes.
    public static let prefixBytes = 10

    /// `frequencies`: how common four-byte windows are in text; each string is keyed by its
    /// least common one. `commonWords`: words frequent in text (stopwords of any language);
    /// among windows equally common, not an n-gram of one of them.
    public init(patterns: [Pattern], frequencies: WindowFrequencies = WindowFrequencies(), commonWords: [String] = [],
                literalBytes maxBytes: Int = PatternPrefilter.defaultLiteralBytes) {
        patternCount = patterns.count
        words = max(1, (patterns.count + 63) / 64)
        let analyses = patterns.map { RequiredLiterals.analyse($0.source, options: $0.options) }
        var scalars = Set<UInt32>()
        for analysis in analyses {
            for literal in (analysis?.required ?? []).union(analysis?.prefixes ?? []) { scalars.formUnion(literal) }
            scalars.formUnion(analysis?.lead.scalars ?? [])
        }
        let folding = CaseFolding(covering: scalars)
        self.folding = folding

        // Folded, cut to `maxBytes`, and (for contained strings) without strings that contain another.
        func prepare(_ set: Set<RequiredLiterals.Literal>, minimise: Bool) -> [[UInt8]]? {
            // Prefixes are cut shorter than contained strings: the trie stays small enough for
            // the cache, and a pattern anchored at the start fails fast on a false candidate.
            let limit = minimise ? maxBytes : Self.prefixBytes
            var cut = Set(set.map { Array(folding.foldedUTF8($0).prefix(limit)) })
            if cut.isEmpty || cut.contains([]) { return nil }
            let sorted = cut.sorted { $0.count < $1.count }
            for (index, short) in sorted.enumerated() where cut.contains(short) {
                for long in sorted[(index + 1)...] where long.count > short.count && cut.contains(long) {
                    if minimise ? long.contains(subsequence: short) : long.starts(with: short) { cut.remove(long) }
                }
            }
            return cut.sorted { $0.lexicographicallyPrecedes($1) }
        }
        let matchStarts = patterns.map(MatchStart.init)
        self.matchStarts = matchStarts
        var gates: [Gate] = []
        for (analysis, start) in zip(analyses, matchStarts) {
            let contained = analysis?.required.flatMap { prepare($0, minimise: true) }
            // A lead of letters (`^(posted|published)?\s?...`) keeps the walk for prefixes going
            // through most words of a line: contained strings, when there are some, gate it better.
            let wordyLead = analysis?.lead.scalars.contains { $0 < 0x80 && Unicode.Scalar($0)!.properties.isAlphabetic } ?? false
            if let analysis, let prefixes = analysis.prefixes, let prepared = prepare(prefixes, minimise: false),
               !(wordyLead && contained != nil) {
                var lead = analysis.lead
                lead.scalars = Set(lead.scalars.map(folding.fold))
                gates.append(.prefix(prepared, lead: lead))
            }
            else if let prepared = contained, start.firstBytes == nil || !prepared.contains([0x20]) {
                // A space is in almost every subject: a pattern that PCRE2 knows must start
                // with certain bytes is better gated by those alone (`^[★☆ ]{3,}`).
                gates.append(.contains(prepared))
            }
            else { gates.append(.always) }
        }
        self.gates = gates
        var always = [UInt64](repeating: 0, count: words)
        for (index, gate) in gates.enumerated() where gate == .always { always[index / 64] |= 1 << UInt64(index % 64) }
        self.always = Self.copy(always)

        // Per first byte and per short length, the patterns that may still match.
        firstByteMasks = .allocate(capacity: 256 * words)
        firstByteMasks.initialize(repeating: ~0, count: 256 * words)
        let lengthLimit = min(matchStarts.map(\.minimumLength).max() ?? 0, 256)
        shortLength = lengthLimit
        lengthMasks = .allocate(capacity: max(1, lengthLimit * words))
        lengthMasks.initialize(repeating: ~0, count: max(1, lengthLimit * words))
        for (index, start) in matchStarts.enumerated() {
            let word = index / 64, bit: UInt64 = 1 << UInt64(index % 64)
            if let firstBytes = start.firstBytes {
                for byte in 0..<256 where !firstBytes[byte] { firstByteMasks[byte * words + word] &= ~bit }
            }
            for length in 0..<min(start.minimumLength, lengthLimit) { lengthMasks[length * words + word] &= ~bit }
        }

        // Four-byte windows of common words (with the spaces around them): keys to avoid.
        var common = Set<UInt32>()
        for word in commonWords {
            let bytes = [0x20] + folding.foldedUTF8(word.unicodeScalars.map(\.value)) + [0x20]
            if bytes.count >= 4 { for start in 0...(bytes.count - 4) { common.insert(Self.window(bytes, at: start)) } }
        }

        var flat: [UInt8] = [], starts: [Int32] = [], lengths: [Int32] = [], owners: [Int32] = [], offsets: [Int32] = []
        var singles = [[Int]](repeating: [], count: 256)
        var byKey: [UInt64: [Int32]] = [:]
        var two = false, three = false
        var children: [UInt64: Int32] = [:]
        var nodeCount = 1
        var nodePatterns: [Int: [(Int32, Int32)]] = [:]
        var leadGroups: [RequiredLiterals.CharacterSet] = [RequiredLiterals.CharacterSet()]
        for (pattern, gate) in gates.enumerated() {
            switch gate {
            case .always: break
            case .prefix(let prefixes, let lead):
                var group = leadGroups.firstIndex(of: lead) ?? leadGroups.count
                if group == leadGroups.count {
                    if group < 63 { leadGroups.append(lead) } else { group = 63 }
                }
                if group == 63 { leadGroups[63] = leadGroups[63].union(lead) }
                for prefix in prefixes {
                    var node = 0
                    for byte in prefix {
                        let key = UInt64(node) << 8 | UInt64(byte)
                        if let child = children[key] { node = Int(child) } else {
                            children[key] = Int32(nodeCount)
                            node = nodeCount
                            nodeCount += 1
                        }
                    }
                    nodePatterns[node, default: []].append((Int32(pattern), Int32(group)))
                }
            case .contains(let literals):
                for literal in literals {
                    switch literal.count {
                    case 1:
                        singles[Int(literal[0])].append(pattern)
                    case 2, 3:
                        if literal.count == 2 { two = true } else { three = true }
                        var value: UInt64 = 0
                        for byte in literal { value = value << 8 | UInt64(byte) }
                        byKey[UInt64(literal.count) << 32 | value, default: []].append(Int32(pattern))
                    default:
                        let offset = Self.bestWindow(literal, frequencies: frequencies, avoiding: common)
                        byKey[4 << 32 | UInt64(Self.window(literal, at: offset)), default: []].append(Int32(starts.count))
                        starts.append(Int32(flat.count))
                        lengths.append(Int32(literal.count))
                        owners.append(Int32(pattern))
                        offsets.append(Int32(offset))
                        flat += literal
                    }
                }
            }
        }
        hasShortKeys = (two, three)
        hasKeys = !byKey.isEmpty
        literalBytes = Self.copy(flat)
        let singleByteList = (0..<256).filter { !singles[$0].isEmpty }
        singleCount = singleByteList.count
        singleBytes = Self.copy(singleByteList.map(UInt8.init))
        var masks = [UInt64](repeating: 0, count: singleByteList.count * words)
        for (position, byte) in singleByteList.enumerated() {
            for pattern in singles[byte] { masks[position * words + pattern / 64] |= 1 << UInt64(pattern % 64) }
        }
        singleMasks = Self.copy(masks)

        filter = .allocate(capacity: 1024)
        filter.initialize(repeating: 0, count: 1024)
        pairFilter = .allocate(capacity: 1024)
        pairFilter.initialize(repeating: 0, count: 1024)
        tripleFilter = .allocate(capacity: 1024)
        tripleFilter.initialize(repeating: 0, count: 1024)
        twoFilter = .allocate(capacity: 1024)
        twoFilter.initialize(repeating: 0, count: 1024)
        var grouped: [Int32] = []
        var entries: [(UInt64, Int32, Int32)] = []
        for (key, group) in byKey.sorted(by: { $0.key < $1.key }) {
            switch key >> 32 {
            case 2:
                pairFilter[Int(key & 0xFFFF) >> 6] |= 1 << (key & 63)
                twoFilter[Int(key & 0xFFFF) >> 6] |= 1 << (key & 63)
            case 3:
                pairFilter[Int(key & 0xFFFF) >> 6] |= 1 << (key & 63)
                let (word, mask) = Self.probe(UInt32(key & 0xFF_FFFF))
                tripleFilter[word] |= mask
            default:
                let (word, mask) = Self.probe(UInt32(key & 0xFFFF_FFFF))
                filter[word] |= mask
            }
            entries.append((key, Int32(grouped.count), Int32(group.count)))
            grouped += group
        }
        table = KeyTable(entries)
        members = Self.copy(grouped)
        // For four-byte keys, each member's string itself (other keys' members are patterns).
        var memberLiterals = [LiteralEntry](repeating: LiteralEntry(start: 0, length: 0, pattern: 0, keyOffset: 0), count: grouped.count)
        for (key, first, count) in entries where key >> 32 == 4 {
            for index in Int(first)..<Int(first + count) {
                let string = Int(grouped[index])
                memberLiterals[index] = LiteralEntry(start: starts[string], length: lengths[string], pattern: owners[string], keyOffset: offsets[string])
            }
        }
        literals = Self.copy(memberLiterals)
        keyCount = byKey.count

        var patternsFirst = [Int32](repeating: 0, count: nodeCount), patternsCount = [Int32](repeating: 0, count: nodeCount)
        var flatPatterns: [Int32] = [], flatGroups: [Int32] = []
        for node in 0..<nodeCount {
            patternsFirst[node] = Int32(flatPatterns.count)
            patternsCount[node] = Int32(nodePatterns[node]?.count ?? 0)
            flatPatterns += (nodePatterns[node] ?? []).map(\.0)
            flatGroups += (nodePatterns[node] ?? []).map(\.1)
        }
        trie = TrieTable(edges: children, nodeCount: nodeCount, patternsFirst: patternsFirst, patternsCount: patternsCount)
        self.nodePatterns = Self.copy(flatPatterns)
        nodePatternGroups = Self.copy(flatGroups)
        hasPrefixes = nodeCount > 1
        leads = leadGroups.map(LeadTest.init)
        asciiLeadGroups = .allocate(capacity: 128)
        for scalar in 0..<128 {
            var groups: UInt64 = 0
            for (group, lead) in leads.enumerated() where lead.mayHold(UInt32(scalar)) { groups |= 1 << UInt64(group) }
            asciiLeadGroups[scalar] = groups
        }

        leadFolds = .allocate(capacity: 256)
        for byte in 0..<256 { leadFolds[byte] = folding.leadByteFolds[byte] }
        asciiFold = .allocate(capacity: 256)
        for byte in 0..<256 { asciiFold[byte] = byte >= 0x41 && byte <= 0x5A ? UInt8(byte | 0x20) : UInt8(byte) }
    }

    deinit {
        literalBytes.deallocate()
        literals.deallocate()
        filter.deallocate()
        always.deallocate()
        singleBytes.deallocate()
        singleMasks.deallocate()
        pairFilter.deallocate()
        tripleFilter.deallocate()
        twoFilter.deallocate()
        asciiLeadGroups.deallocate()
        firstByteMasks.deallocate()
        lengthMasks.deallocate()
        members.deallocate()
        nodePatterns.deallocate()
        nodePatternGroups.deallocate()
        leadFolds.deallocate()
        asciiFold.deallocate()
    }

    static func copy<T>(_ array: [T]) -> UnsafeMutablePointer<T> {
        let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(1, array.count))
        pointer.initialize(from: array, count: array.count)
        return pointer
    }

    /// The four bytes at `start`, big-endian as in the scan's window.
    static func window(_ bytes: [UInt8], at start: Int) -> UInt32 {
        UInt32(bytes[start]) << 24 | UInt32(bytes[start + 1]) << 16 | UInt32(bytes[start + 2]) << 8 | UInt32(bytes[start + 3])
    }

    /// The offset of the string's least common four bytes: the lowest score in `frequencies`;
    /// among equals, not an n-gram of a common word if it can help it, then with the fewest
    /// spaces and frequent letters (the windows the table does not list differ there).
    static func bestWindow(_ literal: [UInt8], frequencies: WindowFrequencies, avoiding common: Set<UInt32>) -> Int {
        func weight(_ byte: UInt8) -> Int {
            switch byte {
            case 0x20: return 8
            case UInt8(ascii: "e"): return 6
            case UInt8(ascii: "t"), UInt8(ascii: "a"), UInt8(ascii: "o"), UInt8(ascii: "i"), UInt8(ascii: "n"),
                 UInt8(ascii: "s"), UInt8(ascii: "r"): return 5
            case UInt8(ascii: "h"), UInt8(ascii: "l"), UInt8(ascii: "d"): return 4
            case UInt8(ascii: "c"), UInt8(ascii: "u"), UInt8(ascii: "m"), 0xD0, 0xD1: return 3
            case UInt8(ascii: "a")...UInt8(ascii: "z"): return 2
            default: return 1
            }
        }
        var best = 0, bestCost = Int.max
        for start in 0...(literal.count - 4) {
            let key = window(literal, at: start)
            // A score step (a doubling of frequency) outweighs the rest (at most 32 + 32).
            var cost = frequencies.score(key) * 100 + (common.contains(key) ? 50 : 0)
            for byte in literal[start..<(start + 4)] { cost += weight(byte) }
            if cost < bestCost { best = start; bestCost = cost }
        }
        return best
    }

    @inline(__always)
    static func hash(_ key: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }

    /// Whether pattern `index` always runs (no literal gates it).
    public func isUngated(_ index: Int) -> Bool { gates[index] == .always }

    /// Folds `subject` into `buffer` (which must hold `4 * subject.count` bytes) and returns the
    /// folded length.
    public func fold(_ subject: UnsafeBufferPointer<UInt8>, into buffer: UnsafeMutablePointer<UInt8>) -> Int {
        guard let base = subject.baseAddress else { return 0 }
        let count = subject.count
        var out = 0
        var i = 0
        while i < count {
            // Eight ASCII bytes at a time: upper case to lower case by arithmetic on the word.
            if i + 8 <= count {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    let fromA = word &+ 0x3F3F_3F3F_3F3F_3F3F   // high bit set from "A" up
                    let pastZ = word &+ 0x2525_2525_2525_2525   // high bit set past "Z"
                    let upper = fromA & ~pastZ & 0x8080_8080_8080_8080
                    UnsafeMutableRawPointer(buffer + out).storeBytes(of: word | upper >> 2, as: UInt64.self)
                    i += 8
                    out += 8
                    continue
                }
            }
            let byte = base[i]
            if byte >= 0xC0 && leadFolds[Int(byte)] {
                let (scalar, length) = Self.decode(base, at: i, count: count)
                let folded = folding.fold(scalar)
                if folded != scalar {
                    Self.encode(folded) { buffer[out] = $0; out += 1 }
                    i += length
                    continue
                }
            }
            buffer[out] = asciiFold[Int(byte)]
            out += 1
            i += 1
        }
        return out
    }

    /// The patterns that could match `subject`, as a bitset of `words` words (in the scratch,
    /// valid until its next use): those that always run, those one of whose prefixes the
    /// subject starts with, and those one of whose strings it contains.
    @discardableResult
    public func candidates(in subject: UnsafeBufferPointer<UInt8>, scratch: PrefilterScratch) -> UnsafeMutablePointer<UInt64> {
        let bits = scratch.bits(words: words)
        let buffer = scratch.buffer(bytes: 4 * subject.count)
        for word in 0..<words { bits[word] = always[word] }
        let n = fold(subject, into: buffer)
        let text = UnsafePointer(buffer)
        if hasPrefixes { walkPrefixes(text: text, count: n, bits: bits) }
        for single in 0..<singleCount where memchr(text, Int32(singleBytes[single]), n) != nil {
            let mask = singleMasks + single * words
            for word in 0..<words { bits[word] |= mask[word] }
        }
        if hasKeys { scanKeys(text: text, count: n, bits: bits) }
        // PCRE2's own bounds: the first byte (of anchored patterns) and the length.
        if let first = subject.first {
            let mask = firstByteMasks + Int(first) * words
            for word in 0..<words { bits[word] &= mask[word] }
        }
        if subject.count < shortLength {
            let mask = lengthMasks + subject.count * words
            for word in 0..<words { bits[word] &= mask[word] }
        }
        return bits
    }

    /// Where a key stands in a 64K-bit filter: a word and two bits in it (a blocked Bloom
    /// filter: one load as with one bit, but far fewer false hits, each of which costs a
    /// lookup in the table of keys).
    @inline(__always)
    static func probe(_ key: UInt32) -> (word: Int, mask: UInt64) {
        let hash = UInt64(key) &* 0x9E37_79B9_7F4A_7C15
        return (Int(hash >> 54), 1 << (hash >> 48 & 63) | 1 << (hash >> 42 & 63))
    }

    /// The rolling scan: at each byte, the last four bytes against the filter of keys, and (when
    /// there are two- and three-byte strings) the last two against theirs.
    private func scanKeys(text: UnsafePointer<UInt8>, count n: Int, bits: UnsafeMutablePointer<UInt64>) {
        let filter = self.filter, pairFilter = self.pairFilter, twoFilter = self.twoFilter, tripleFilter = self.tripleFilter
        let (two, three) = hasShortKeys
        let short = two || three
        var window: UInt32 = 0
        var i = 0
        @inline(__always) func probeShort(_ window: UInt32, at i: Int) {
            let pair = Int(window & 0xFFFF)
            guard pairFilter[pair >> 6] & (1 << UInt64(pair & 63)) != 0 else { return }
            if two && twoFilter[pair >> 6] & (1 << UInt64(pair & 63)) != 0 { mark(2 << 32 | UInt64(pair), bits: bits) }
            if three && i >= 2 {
                let (word, mask) = Self.probe(window & 0xFF_FFFF)
                if tripleFilter[word] & mask == mask { mark(3 << 32 | UInt64(window & 0xFF_FFFF), bits: bits) }
            }
        }
        // The first three bytes complete no four-byte window.
        while i < n && i < 3 {
            window = window << 8 | UInt32(text[i])
            if short && i >= 1 { probeShort(window, at: i) }
            i += 1
        }
        if short {
            while i < n {
                window = window << 8 | UInt32(text[i])
                let (word, mask) = Self.probe(window)
                if filter[word] & mask == mask {
                    verify(4 << 32 | UInt64(window), end: i, text: text, count: n, bits: bits)
                }
                probeShort(window, at: i)
                i += 1
            }
        } else {
            while i < n {
                window = window << 8 | UInt32(text[i])
                let (word, mask) = Self.probe(window)
                if filter[word] & mask == mask {
                    verify(4 << 32 | UInt64(window), end: i, text: text, count: n, bits: bits)
                }
                i += 1
            }
        }
    }

    /// Down the trie of prefixes from the first byte: every node passed ends some prefix the
    /// subject starts with. Then again from each next character as long as all characters
    /// before it may belong to the lead of some group of prefixes.
    @inline(__always)
    private func walkPrefixes(text: UnsafePointer<UInt8>, count n: Int, bits: UnsafeMutablePointer<UInt64>) {
        var alive: UInt64 = (1 << UInt64(leads.count)) - 1
        var start = 0
        while true {
            var node = 0
            var i = start
            while i < n {
                guard let child = trie.child(of: node, byte: text[i]) else { break }
                node = child
                let count = trie.patternCount(node)
                if count > 0 {
                    let first = trie.patternFirst(node)
                    for index in first..<(first + count) where alive & (1 << UInt64(nodePatternGroups[index])) != 0 {
                        let pattern = Int(nodePatterns[index])
                        bits[pattern >> 6] |= 1 << UInt64(pattern & 63)
                    }
                }
                i += 1
            }
            // The next start: past one more character, for the groups whose lead may hold it.
            alive &= ~1
            guard alive != 0, start < n else { return }
            let byte = text[start]
            if byte < 0x80 {
                alive &= asciiLeadGroups[Int(byte)]
                start += 1
            } else {
                let (scalar, length) = Self.decode(text, at: start, count: n)
                var next: UInt64 = 0
                var groups = alive
                while groups != 0 {
                    let group = groups.trailingZeroBitCount
                    groups &= groups - 1
                    if leads[group].mayHold(scalar) { next |= 1 << UInt64(group) }
                }
                alive = next
                start += length
            }
            if alive == 0 { return }
        }
    }

    /// A two- or three-byte string found: its patterns are candidates.
    @inline(never)
    private func mark(_ key: UInt64, bits: UnsafeMutablePointer<UInt64>) {
        guard let entry = table.lookup(key) else { return }
        for index in Int(entry.first)..<Int(entry.first + entry.count) {
            let pattern = Int(members[index])
            bits[pattern >> 6] |= 1 << UInt64(pattern & 63)
        }
    }

    /// The key of longer strings found ending at `end`: compare each string where it would
    /// stand, but for the key's own four bytes (a string of four bytes is found by its key).
    @inline(never)
    private func verify(_ key: UInt64, end: Int, text: UnsafePointer<UInt8>, count n: Int, bits: UnsafeMutablePointer<UInt64>) {
        guard let entry = table.lookup(key) else { return }
        for index in Int(entry.first)..<Int(entry.first + entry.count) {
            let string = literals[index]
            let pattern = Int(string.pattern)
            let bit: UInt64 = 1 << UInt64(pattern & 63)
            if bits[pattern >> 6] & bit != 0 { continue }
            let start = end - 3 - Int(string.keyOffset)
            let length = Int(string.length)
            guard start >= 0, start + length <= n else { continue }
            let literal = literalBytes + Int(string.start)
            let keyStart = Int(string.keyOffset)
            var k = 0
            while k < keyStart && text[start + k] == literal[k] { k += 1 }
            guard k == keyStart else { continue }
            k += 4
            while k < length && text[start + k] == literal[k] { k += 1 }
            if k == length { bits[pattern >> 6] |= bit }
        }
    }

    @inline(__always)
    static func decode(_ p: UnsafePointer<UInt8>, at i: Int, count: Int) -> (UInt32, Int) {
        let b0 = UInt32(p[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0, i + 1 < count { return ((b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F), 2) }
        if b0 < 0xF0, i + 2 < count { return ((b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F), 3) }
        if i + 3 < count {
            return ((b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6 | UInt32(p[i + 3] & 0x3F), 4)
        }
        return (b0, 1)
    }

    @inline(__always)
    static func encode(_ v: UInt32, _ emit: (UInt8) -> Void) {
        if v < 0x80 { emit(UInt8(v)) }
        else if v < 0x800 { emit(UInt8(0xC0 | v >> 6)); emit(UInt8(0x80 | v & 0x3F)) }
        else if v < 0x10000 { emit(UInt8(0xE0 | v >> 12)); emit(UInt8(0x80 | v >> 6 & 0x3F)); emit(UInt8(0x80 | v & 0x3F)) }
        else {
            emit(UInt8(0xF0 | v >> 18)); emit(UInt8(0x80 | v >> 12 & 0x3F))
            emit(UInt8(0x80 | v >> 6 & 0x3F)); emit(UInt8(0x80 | v & 0x3F))
        }
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in the array as a contiguous run.
    func contains(subsequence needle: [UInt8]) -> Bool {
        guard needle.count <= count else { return false }
        if needle.isEmpty { return true }
        return withUnsafeBufferPointer { haystack in
            needle.withUnsafeBufferPointer { needle in
                let first = needle[0]
                for start in 0...(haystack.count - needle.count) where haystack[start] == first {
                    var k = 1
                    while k < needle.count && haystack[start + k] == needle[k] { k += 1 }
                    if k == needle.count { return true }
                }
                return false
            }
        }
    }
}

/// The mutable state of prefilter scans, owned by one thread and reused for every subject:
/// the candidate bitset and the buffer of folded text.
public final class PrefilterScratch {
    private var bitsPointer: UnsafeMutablePointer<UInt64>
    private var bitsCapacity: Int
    private var bufferPointer: UnsafeMutablePointer<UInt8>
    private var bufferCapacity: Int

    public init() {
        bitsCapacity = 8
        bitsPointer = .allocate(capacity: bitsCapacity)
        bufferCapacity = 1 << 14
        bufferPointer = .allocate(capacity: bufferCapacity)
    }

    deinit {
        bitsPointer.deallocate()
        bufferPointer.deallocate()
    }

    @inline(__always)
    func bits(words: Int) -> UnsafeMutablePointer<UInt64> {
        if words > bitsCapacity {
            bitsPointer.deallocate()
            bitsCapacity = words
            bitsPointer = .allocate(capacity: words)
        }
        return bitsPointer
    }

    @inline(__always)
    func buffer(bytes: Int) -> UnsafeMutablePointer<UInt8> {
        if bytes > bufferCapacity {
            bufferPointer.deallocate()
            bufferCapacity = max(bytes, bufferCapacity * 2)
            bufferPointer = .allocate(capacity: bufferCapacity)
        }
        return bufferPointer
    }
}

/// An immutable open-addressing table from 64-bit keys to two 32-bit values.
final class KeyTable: @unchecked Sendable {
    private let mask: Int
    /// Key and values side by side: a lookup reads one cache line.
    private let slots: UnsafeMutablePointer<Slot>

    struct Slot {
        var key: UInt64
        var first: Int32
        var count: Int32
    }

    init(_ entries: [(UInt64, Int32, Int32)]) {
        var capacity = 16
        while capacity < entries.count * 2 { capacity *= 2 }
        mask = capacity - 1
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: Slot(key: UInt64.max, first: 0, count: 0), count: capacity)
        for (key, first, count) in entries {
            var slot = Int(PatternPrefilter.hash(key) >> 16) & mask
            while slots[slot].key != UInt64.max { slot = (slot + 1) & mask }
            slots[slot] = Slot(key: key, first: first, count: count)
        }
    }

    deinit { slots.deallocate() }

    @inline(__always)
    func lookup(_ key: UInt64) -> (first: Int32, count: Int32)? { lookup(key, hash: PatternPrefilter.hash(key)) }

    @inline(__always)
    func lookup(_ key: UInt64, hash: UInt32) -> (first: Int32, count: Int32)? {
        var slot = Int(hash >> 16) & mask
        while true {
            let found = slots[slot]
            if found.key == key { return (found.first, found.count) }
            if found.key == UInt64.max { return nil }
            slot = (slot + 1) & mask
        }
    }
}

/// Whether a character may belong to a lead: its own scalars (folded), and conservatively every
/// character PCRE2 could count as white space or a decimal digit (tests check these supersets
/// against PCRE2 over the whole code space).
struct LeadTest: Sendable {
    let ascii: (UInt64, UInt64)
    let scalars: [UInt32]
    let space: Bool
    let digit: Bool

    init(_ set: RequiredLiterals.CharacterSet) {
        var low: UInt64 = 0, high: UInt64 = 0
        var members = set.scalars
        if set.space { members.formUnion([0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20]) }
        if set.digit { members.formUnion(0x30...0x39) }
        for scalar in members where scalar < 0x80 {
            if scalar < 64 { low |= 1 << UInt64(scalar) } else { high |= 1 << UInt64(scalar - 64) }
        }
        ascii = (low, high)
        scalars = set.scalars.filter { $0 >= 0x80 }.sorted()
        space = set.space
        digit = set.digit
    }

    @inline(__always)
    func mayHold(_ v: UInt32) -> Bool {
        if v < 64 { return ascii.0 & (1 << UInt64(v)) != 0 }
        if v < 128 { return ascii.1 & (1 << UInt64(v - 64)) != 0 }
        if scalars.contains(v) { return true }
        if space && LeadTest.isSpace(v) { return true }
        if digit, let scalar = Unicode.Scalar(v), scalar.properties.generalCategory == .decimalNumber { return true }
        return false
    }

    /// Every non-ASCII character PCRE2's `\s`, `\h` or `\v` may match (with UCP).
    static func isSpace(_ v: UInt32) -> Bool {
        switch v {
        case 0x85, 0xA0, 0x1680, 0x180E, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }
}

/// The prefix trie, laid out for the cache: nodes in breadth-first order, each with its
/// children's bytes side by side (a short scan finds the child), the root's children by byte in
/// a direct table. The nodes near the root, which every walk visits, share a few cache lines,
/// and a node's fields share one (a step reads its node, its children's bytes and their numbers).
final class TrieTable: @unchecked Sendable {
    private let root: UnsafeMutablePointer<Int32>
    private let nodes: UnsafeMutablePointer<Node>
    private let childBytes: UnsafeMutablePointer<UInt8>
    private let childNodes: UnsafeMutablePointer<Int32>

    struct Node {
        var childStart: Int32
        var childCount: Int32
        var patternFirst: Int32
        var patternCount: Int32
    }

    /// `edges`: (parent << 8 | byte) → child, node 0 the root; each node's patterns by number.
    init(edges: [UInt64: Int32], nodeCount: Int, patternsFirst: [Int32], patternsCount: [Int32]) {
        var children = [[(UInt8, Int)]](repeating: [], count: nodeCount)
        for (key, child) in edges { children[Int(key >> 8)].append((UInt8(key & 0xFF), Int(child))) }
        for index in children.indices { children[index].sort { $0.0 < $1.0 } }
        // Breadth-first numbering.
        var order = [0]
        var renumber = [Int](repeating: 0, count: nodeCount)
        var head = 0
        while head < order.count {
            let node = order[head]
            renumber[node] = head
            head += 1
            order += children[node].map(\.1)
        }
        root = .allocate(capacity: 256)
        root.initialize(repeating: -1, count: 256)
        nodes = .allocate(capacity: nodeCount)
        childBytes = .allocate(capacity: max(1, edges.count))
        childNodes = .allocate(capacity: max(1, edges.count))
        var next = 0
        for (position, node) in order.enumerated() {
            nodes[position] = Node(childStart: Int32(next), childCount: Int32(children[node].count),
                                   patternFirst: patternsFirst[node], patternCount: patternsCount[node])
            for (byte, child) in children[node] {
                childBytes[next] = byte
                childNodes[next] = Int32(renumber[child])
                if node == 0 { root[Int(byte)] = Int32(renumber[child]) }
                next += 1
            }
        }
    }

    deinit {
        root.deallocate()
        nodes.deallocate()
        childBytes.deallocate()
        childNodes.deallocate()
    }

    @inline(__always)
    func child(of node: Int, byte: UInt8) -> Int? {
        if node == 0 {
            let child = root[Int(byte)]
            return child < 0 ? nil : Int(child)
        }
        let start = Int(nodes[node].childStart), end = start + Int(nodes[node].childCount)
        var index = start
        while index < end {
            let found = childBytes[index]
            if found == byte { return Int(childNodes[index]) }
            if found > byte { return nil }
            index += 1
        }
        return nil
    }

    @inline(__always) func patternFirst(_ node: Int) -> Int { Int(nodes[node].patternFirst) }
    @inline(__always) func patternCount(_ node: Int) -> Int { Int(nodes[node].patternCount) }
}
