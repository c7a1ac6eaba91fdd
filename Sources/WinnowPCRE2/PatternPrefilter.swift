import CPrefilterKernel
import Foundation

/// Tells, for a subject, which patterns of a set could possibly match it — in one pass over its
/// bytes, whatever the number of patterns.
///
/// Each pattern's literals (`RequiredLiterals`) are looked for in the case-folded subject
/// (`CaseFolding`, which merges at least what PCRE2's caseless matching merges):
///
/// - a pattern anchored at the start (`^(skip to|jump to) ...`) can match only a subject that
///   starts with one of its prefixes: its first one to ten bytes are each looked up in a
///   table of all such prefixes (`PrefixTable`);
/// - any other pattern can match only a subject that contains one of its required strings:
///   a rolling window of the last four bytes is looked up in a 64K-bit hashed filter that
///   stays in the L1 cache (by a C kernel, sixteen windows hashed at once), and only on a hit
///   in the exact table of keys; each string is keyed
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

    let folding: CaseFolding
    /// What PCRE2 knows of each pattern's matches: the fewest characters, the first bytes.
    public let matchStarts: [MatchStart]
    /// For each first byte of a subject, `words` words: the patterns a subject starting with it
    /// may match; then a row of all of them, for the empty subject.
    private let firstByteMasks: UnsafeMutablePointer<UInt64>
    /// For each subject length below `shortLength` bytes, `words` words: the patterns that short
    /// a subject may match; then a row of all of them, for the longer ones.
    private let lengthMasks: UnsafeMutablePointer<UInt64>
    private let shortLength: Int
    /// `words` words of no pattern: what a caller that excludes none excludes.
    private let noPatterns: UnsafeMutablePointer<UInt64>

    // Strings of four bytes or more, flat: bytes, and for each its start, length, pattern and
    // the offset of its key.
    private let literalBytes: UnsafeMutablePointer<UInt8>

    /// One-byte strings: each byte with its patterns (looked for eight at a time by `pk_find_bytes`).
    private let singleBytes: UnsafeMutablePointer<UInt8>
    private let singleCount: Int
    /// For each one-byte string, `words` words: its patterns.
    private let singleMasks: UnsafeMutablePointer<UInt64>
    /// The rolling scan's tables in one block, so that the scan keeps one base address in a
    /// register (four did not all fit, and were reloaded from the stack at every byte), each at
    /// its offset in words:
    /// - `keyMisses`: the four-byte keys, hashed, 64K bits, inverted (a bit set where no key has
    ///   one: the C scan tests a word for none of a window's bits);
    /// - `twoFilter`: two-byte strings, exactly, 64K bits (many are common pairs of letters: a
    ///   hit must be a real one before the table of keys is asked);
    /// - `tripleFilter`: three-byte strings, hashed from their three bytes, 64K bits;
    /// - `pairGroups`: for each pair of bytes, 16 bits: the groups of patterns (`shortGroups`)
    ///   with a two- or three-byte string ending in it. The one probe at most bytes, and one
    ///   that passes only for the patterns still in question: the short strings of a postal
    ///   address ("st", "rd", "rue") or of a table header ("nom", "ort") are common pairs of
    ///   letters, but their rules hold on few segments;
    /// - `twoBits`: 1024 words of two bits each, the bits a key may have in its word of a filter
    ///   (looked up at every byte: two shifts of one by a count each were more instructions).
    /// A key's word and entry in `twoBits` are `pk_window_slot`'s, which the C kernel computes
    /// for sixteen windows at once; the three-byte filter's are `probe`'s.
    private let filters: UnsafeMutablePointer<UInt64>
    private static let keyMisses = 0, twoFilter = 1024, tripleFilter = 2048, pairGroups = 3072, twoBits = 3072 + 16384
    private static let filterWords = twoBits + 1024
    /// For each pattern with two- or three-byte strings, its group's bit (one group a pattern,
    /// the sixteenth and later sharing the last); 0 for the others.
    private let shortGroups: UnsafeMutablePointer<UInt16>
    /// The strings of four bytes or more by their key.
    private let strings: StringTable
    /// Two- and three-byte keys: their patterns, a run in `members` each.
    private let table: KeyTable
    private let members: UnsafeMutablePointer<Int32>
    /// For each word of a candidate bitset, `Kind.count` words side by side (one base address
    /// for the loop over them): the bits of the patterns that always run, and of those looked
    /// for by strings of four bytes or more, by strings of two or three bytes, by prefixes and
    /// by one-byte strings. When all of some kind are out of the question for a subject, that
    /// part of the pass is skipped (all of them: the subject is not even folded).
    private let kindRows: UnsafeMutablePointer<UInt64>
    private enum Kind {
        static let always = 0, keyed = 1, short = 2, prefixed = 3, single = 4, count = 5
    }

    /// The prefixes of anchored patterns, with the patterns and the lead group of each.
    private let prefixTable: PrefixTable
    private let hasPrefixes: Bool
    /// The distinct leads of prefix patterns; group 0 is the empty lead (prefix at the very start).
    private let leads: [LeadTest]
    /// The bits of all groups of leads (a walk's start).
    private let allLeadGroups: UInt64
    /// For each scalar below U+0800, the lead groups that may hold it (one AND instead of a test a group).
    private let scalarLeadGroups: UnsafeMutablePointer<UInt64>
    /// The prefix table and the leads as the C kernel reads them.
    private let prefixTables: UnsafeMutablePointer<pk_prefix_tables>

    /// The folding's tables as the C kernel reads them: lead bytes whose scalars may fold to
    /// other scalars (decoded when folding), and the folds, page by page.
    private let leadFolds: UnsafeMutablePointer<UInt8>
    private let foldPageStarts: UnsafeMutablePointer<Int32>
    private let foldPages: UnsafeMutablePointer<UInt32>
    private let twoByteFolds: UnsafeMutablePointer<UInt16>
    private let foldTables: UnsafeMutablePointer<pk_fold_tables>
    /// The scan for contained strings' tables as the C kernel reads them (in `filters`,
    /// `strings`, `table` and `members`): one block, not copied at each call.
    private let stringTables: UnsafeMutablePointer<pk_string_tables>

    /// Longest string kept, in bytes (a prefix of a required string is required too).
    public static let defaultLiteralBytes = 24
    /// Longest prefix kept, in bytes.
    public static let prefixBytes = 10

    /// `frequencies`: how common four-byte windows are in text; each string is keyed by its
    /// least common one. `commonWords`: words frequent in text (stopwords of any language);
    /// among windows equally common, not an n-gram of one of them. `threads`: how many threads
    /// may read the patterns (the results are the same for any number). Past 65,536 patterns
    /// or 65,535 strings of four bytes or more, the patterns beyond are not gated by their
    /// strings (the table of keys keeps them in sixteen bits); `literalBytes` past 255 are taken
    /// as 255 (its strings' lengths are bytes).
    public init(patterns: [Pattern], frequencies: WindowFrequencies = WindowFrequencies(), commonWords: [String] = [],
                literalBytes maxBytes: Int = PatternPrefilter.defaultLiteralBytes, threads: Int = 1) {
        patternCount = patterns.count
        words = max(1, (patterns.count + 63) / 64)
        // Each pattern's literals, read on `threads` threads.
        let analyses = patterns.concurrentMap(threads: threads) { RequiredLiterals.find($0.source, options: $0.options) }
        // Every scalar of the strings and leads, each once: a bit for each of the code space, as a
        // `Set` hashed all of them (some 150 thousand) for a few hundred distinct ones.
        var seen = [UInt64](repeating: 0, count: 0x110000 / 64)
        var scalars = Set<UInt32>()
        func gather(_ values: [UInt32]) {
            for value in values {
                guard value < 0x110000 else { scalars.insert(value); continue }
                let word = Int(value >> 6), bit: UInt64 = 1 << UInt64(value & 63)
                if seen[word] & bit == 0 { seen[word] |= bit; scalars.insert(value) }
            }
        }
        for analysis in analyses {
            gather(analysis?.required?.scalars ?? [])
            gather(analysis?.prefixes?.scalars ?? [])
            gather(Array(analysis?.lead.scalars ?? []))
        }
        let folding = CaseFolding(covering: scalars)
        self.folding = folding

        // Folded, cut to `maxBytes`, and (for contained strings) without strings that contain another.
        func prepare(_ set: RequiredLiterals.LiteralList, minimise: Bool) -> [[UInt8]]? {
            // Prefixes are cut shorter than contained strings: fewer lengths to look up at the
            // start of a subject, and a pattern anchored at the start fails fast on a false candidate.
            let limit = minimise ? min(maxBytes, 255) : Self.prefixBytes
            // Sorted and without repeats rather than in a `Set`: hashing byte arrays a byte at a
            // time was most of this start-up step. Each is cut in place (not copied again).
            let cut = Self.shortestFirstUnique((0..<set.count).map { k in
                var bytes = folding.foldedUTF8(set[k])
                if bytes.count > limit { bytes.removeLast(bytes.count - limit) }
                return bytes
            })
            if cut.isEmpty || cut[0].isEmpty { return nil }
            // Shortest first, each kept unless a shorter one kept is in it (at its start, for prefixes).
            var kept: [[UInt8]] = []
            for string in cut {
                let implied = kept.contains { short in
                    short.count < string.count && (minimise ? string.contains(subsequence: short) : string.starts(with: short))
                }
                if !implied { kept.append(string) }
            }
            return kept.sorted { $0.lexicographicallyPrecedes($1) }
        }
        let contained = analyses.map { $0?.required.flatMap { prepare($0, minimise: true) } }
        // The patterns gated by their prefixes (nil for the others).
        let prefixGates = zip(analyses, contained).map { analysis, contained -> Gate? in
            let prefixes = analysis?.prefixes.flatMap { prepare($0, minimise: false) }
            // Contained strings, when there are some, gate better than prefixes that let most
            // lines through: behind a lead of letters (`^(posted|published)?\s?...`) the walk for
            // prefixes goes on through most words of a line, and a prefix of one byte
            // (`^s.inscrire`) passes every line starting with it (when the strings, "inscrire",
            // are all three bytes or more).
            let wordyLead = analysis?.lead.scalars.contains { $0 < 0x80 && Unicode.Scalar($0)!.properties.isAlphabetic } ?? false
            let oneBytePrefix = prefixes?.contains { $0.count < 2 } ?? false
            let containedGateBetter = contained.map { wordyLead || oneBytePrefix && $0.allSatisfy { $0.count >= 3 } } ?? false
            guard let analysis, let prepared = prefixes, !containedGateBetter else { return nil }
            var lead = analysis.lead
            lead.scalars = Set(lead.scalars.map(folding.fold))
            return .prefix(prepared, lead: lead)
        }
        // Up to 64 groups of prefixes by their lead (the last one takes the union of the rest).
        var leadGroups: [RequiredLiterals.CharacterSet] = [RequiredLiterals.CharacterSet()]
        var leadGroupOf = [Int](repeating: 0, count: patterns.count)
        for (pattern, gate) in prefixGates.enumerated() {
            guard case .prefix(_, let lead) = gate else { continue }
            var group = leadGroups.firstIndex(of: lead) ?? leadGroups.count
            if group == leadGroups.count {
                if group < 63 { leadGroups.append(lead) } else { group = 63 }
            }
            if group == 63 { leadGroups[63] = leadGroups[63].union(lead) }
            leadGroupOf[pattern] = group
        }
        let leads = leadGroups.map(LeadTest.init)
        // The bytes each pattern may start with, read on `threads` threads; for a pattern gated by
        // prefixes, not those its gate turns away (some 1,900 probes fewer behind `^\s*`).
        let prefixWalkFirstBytes = PrefixWalkFirstBytes(folding: folding, leads: leads)
        let matchStarts = Array(patterns.indices).concurrentMap(threads: threads) { pattern in
            guard case .prefix(let prefixes, _) = prefixGates[pattern] else { return MatchStart(patterns[pattern]) }
            let turnedAway = prefixWalkFirstBytes.turnedAway(prefixes: prefixes, leadGroup: leadGroupOf[pattern])
            return MatchStart(patterns[pattern], probes: .fastest, turnedAway: turnedAway)
        }
        self.matchStarts = matchStarts
        var gates: [Gate] = []
        for (pattern, start) in matchStarts.enumerated() {
            if let gate = prefixGates[pattern] { gates.append(gate) }
            else if let prepared = contained[pattern], start.firstBytes == nil || !prepared.contains([0x20]) {
                // A space is in almost every subject: a pattern that PCRE2 knows must start
                // with certain bytes is better gated by those alone (`^[★☆ ]{3,}`).
                gates.append(.contains(prepared))
            }
            else { gates.append(.always) }
        }
        // The table of keys keeps a string's pattern, and where the other strings of its key
        // start, in sixteen bits each: past that (a pack far larger than the default one, with
        // its 405 patterns and some 2,000 strings) a pattern is not gated by its strings but
        // always runs, which costs time, never a match.
        var stringsKeyed = 0
        for pattern in gates.indices {
            guard case .contains(let literals) = gates[pattern] else { continue }
            let keyed = literals.filter { $0.count >= 4 }.count
            if keyed > 0 && (pattern > Self.mostKeyedPatternIndex || stringsKeyed + keyed > Self.mostKeyedStrings) {
                gates[pattern] = .always
                continue
            }
            stringsKeyed += keyed
        }
        self.gates = gates
        var always = [UInt64](repeating: 0, count: words)
        for (index, gate) in gates.enumerated() where gate == .always { always[index / 64] |= 1 << UInt64(index % 64) }

        // Per first byte and per short length, the patterns that may still match (and a last
        // row of all patterns each).
        firstByteMasks = .allocate(capacity: 257 * words)
        firstByteMasks.initialize(repeating: ~0, count: 257 * words)
        let lengthLimit = min(matchStarts.map(\.minimumLength).max() ?? 0, 256)
        shortLength = lengthLimit
        lengthMasks = .allocate(capacity: (lengthLimit + 1) * words)
        lengthMasks.initialize(repeating: ~0, count: (lengthLimit + 1) * words)
        noPatterns = .allocate(capacity: words)
        noPatterns.initialize(repeating: 0, count: words)
        for (index, start) in matchStarts.enumerated() {
            let word = index / 64, bit: UInt64 = 1 << UInt64(index % 64)
            if let firstBytes = start.firstBytes {
                for byte in 0..<256 where !firstBytes[byte] { firstByteMasks[byte * words + word] &= ~bit }
            }
            for length in 0..<min(start.minimumLength, lengthLimit) { lengthMasks[length * words + word] &= ~bit }
        }

        // Four-byte windows of common words (with the spaces around them): keys to avoid.
        var common = WindowTable(capacity: 4 * commonWords.count)
        // Rolled over the word's folded bytes between two spaces (arrays joined for each of some
        // 4,600 words were most of this step).
        var wordScalars: [UInt32] = []
        for word in commonWords {
            wordScalars.removeAll(keepingCapacity: true)
            for scalar in word.unicodeScalars { wordScalars.append(scalar.value) }
            var window: UInt32 = 0x20, length = 1
            func push(_ byte: UInt8) {
                window = window << 8 | UInt32(byte)
                length += 1
                if length >= 4 { common.insert(window) }
            }
            for byte in folding.foldedUTF8(wordScalars) { push(byte) }
            push(0x20)
        }

        var flat: [UInt8] = [], starts: [Int32] = [], lengths: [Int32] = [], owners: [Int32] = [], offsets: [Int32] = []
        var singles = [[Int]](repeating: [], count: 256)
        var byKey: [UInt64: [Int32]] = [:]
        var keyed = [UInt64](repeating: 0, count: words), prefixed = keyed, twoBytes = keyed, threeBytes = keyed
        var prefixPatterns: [PrefixTable.Member] = []
        for (pattern, gate) in gates.enumerated() {
            switch gate {
            case .always: break
            case .prefix(let prefixes, _):
                prefixed[pattern / 64] |= 1 << UInt64(pattern % 64)
                let group = Int32(leadGroupOf[pattern])
                for prefix in prefixes { prefixPatterns.append(.init(prefix: prefix, pattern: Int32(pattern), group: group)) }
            case .contains(let literals):
                for literal in literals {
                    switch literal.count {
                    case 1:
                        singles[Int(literal[0])].append(pattern)
                    case 2, 3:
                        if literal.count == 2 { twoBytes[pattern / 64] |= 1 << UInt64(pattern % 64) }
                        else { threeBytes[pattern / 64] |= 1 << UInt64(pattern % 64) }
                        var value: UInt64 = 0
                        for byte in literal { value = value << 8 | UInt64(byte) }
                        byKey[UInt64(literal.count) << 32 | value, default: []].append(Int32(pattern))
                    default:
                        keyed[pattern / 64] |= 1 << UInt64(pattern % 64)
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
        literalBytes = Self.copy(flat)
        let singleByteList = (0..<256).filter { !singles[$0].isEmpty }
        singleCount = singleByteList.count
        singleBytes = Self.copy(singleByteList.map(UInt8.init))
        var masks = [UInt64](repeating: 0, count: singleByteList.count * words)
        for (position, byte) in singleByteList.enumerated() {
            for pattern in singles[byte] { masks[position * words + pattern / 64] |= 1 << UInt64(pattern % 64) }
        }
        singleMasks = Self.copy(masks)
        var anySingle = [UInt64](repeating: 0, count: words)
        for (index, mask) in masks.enumerated() { anySingle[index % words] |= mask }
        var kinds = [UInt64](repeating: 0, count: words * Kind.count)
        for word in 0..<words {
            kinds[word * Kind.count + Kind.always] = always[word]
            kinds[word * Kind.count + Kind.keyed] = keyed[word]
            kinds[word * Kind.count + Kind.short] = twoBytes[word] | threeBytes[word]
            kinds[word * Kind.count + Kind.prefixed] = prefixed[word]
            kinds[word * Kind.count + Kind.single] = anySingle[word]
        }
        kindRows = Self.copy(kinds)

        filters = .allocate(capacity: Self.filterWords)
        filters.initialize(repeating: 0, count: Self.filterWords)
        for index in 0..<1024 { filters[Self.twoBits + index] = Self.twoBits(index) }
        (filters + Self.keyMisses).update(repeating: ~0, count: 1024)
        var groups = [UInt16](repeating: 0, count: max(patterns.count, 1))
        var groupCount = 0
        for pattern in patterns.indices where (twoBytes[pattern / 64] | threeBytes[pattern / 64]) & (1 << UInt64(pattern % 64)) != 0 {
            groups[pattern] = 1 << UInt16(min(groupCount, 15))
            groupCount += 1
        }
        shortGroups = Self.copy(groups)
        let pairGroups = UnsafeMutableRawPointer(filters + Self.pairGroups).assumingMemoryBound(to: UInt16.self)
        var grouped: [Int32] = []
        var entries: [(UInt64, Int32, Int32)] = []
        var keyedStrings: [(UInt32, [pk_string])] = []
        for (key, group) in byKey.sorted(by: { $0.key < $1.key }) {
            switch key >> 32 {
            case 2:
                for pattern in group { pairGroups[Int(key & 0xFFFF)] |= groups[Int(pattern)] }
                filters[Self.twoFilter + Int(key & 0xFFFF) >> 6] |= 1 << (key & 63)
            case 3:
                for pattern in group { pairGroups[Int(key & 0xFFFF)] |= groups[Int(pattern)] }
                let (word, mask) = Self.probe(UInt32(key & 0xFF_FFFF), filters)
                filters[Self.tripleFilter + word] |= mask
            default:
                let slot = Int(pk_window_slot(UInt32(key & 0xFFFF_FFFF)))
                filters[Self.keyMisses + slot >> 10] &= ~filters[Self.twoBits + slot & 1023]
                keyedStrings.append((UInt32(key & 0xFFFF_FFFF), group.map { string in
                    let start = Int(starts[Int(string)]), length = Int(lengths[Int(string)])
                    var head: UInt64 = 0
                    for (k, byte) in flat[start..<(start + min(length, 8))].enumerated() { head |= UInt64(byte) << UInt64(8 * k) }
                    return pk_string(head: head, head_mask: length >= 8 ? ~0 : (1 << UInt64(8 * length)) - 1,
                                     start: starts[Int(string)], pattern: UInt16(owners[Int(string)]),
                                     length: UInt8(length), key_offset: UInt8(offsets[Int(string)]))
                }))
                continue
            }
            entries.append((key, Int32(grouped.count), Int32(group.count)))
            grouped += group
        }
        table = KeyTable(entries)
        members = Self.copy(grouped)
        // The most common keys first: each then sits in its first slot, and a hit on it (most
        // hits are on a few common keys, " de ", "time") reads one slot, with no probe after it.
        let scores = keyedStrings.map { frequencies.score($0.0) }
        strings = StringTable(keyedStrings.indices.sorted { scores[$0] > scores[$1] || scores[$0] == scores[$1] && $0 < $1 }.map { keyedStrings[$0] })
        keyCount = byKey.count

        prefixTable = PrefixTable(prefixPatterns)
        hasPrefixes = !prefixPatterns.isEmpty
        self.leads = leads
        allLeadGroups = leads.count >= 64 ? ~0 : (1 << UInt64(leads.count)) - 1
        scalarLeadGroups = .allocate(capacity: 0x800)
        scalarLeadGroups.initialize(repeating: 0, count: 0x800)
        // Beyond ASCII, only the scalars some lead names, spaces and digits may be in one.
        let named = Set(leads.flatMap(\.scalars))
        for scalar in UInt32(0)..<0x800
        where scalar < 0x80 || named.contains(scalar) || LeadTest.isSpace(scalar) || scalar >= 0x660 && LeadTest.isDecimalDigit(scalar) {
            var groups: UInt64 = 0
            for (group, lead) in leads.enumerated() where lead.mayHold(scalar) { groups |= 1 << UInt64(group) }
            scalarLeadGroups[Int(scalar)] = groups
        }

        prefixTables = .allocate(capacity: 1)
        prefixTables.initialize(to: prefixTable.tables(leadGroups: scalarLeadGroups))

        leadFolds = Self.copy(folding.leadByteFolds.map { $0 ? 1 : 0 })
        let (pageStarts, pages) = folding.flatPages
        foldPageStarts = Self.copy(pageStarts)
        foldPages = Self.copy(pages)
        twoByteFolds = Self.copy(Self.twoByteFolds(folding))
        foldTables = .allocate(capacity: 1)
        foldTables.initialize(to: pk_fold_tables(lead_folds: leadFolds, page_starts: foldPageStarts, page_count: pageStarts.count,
                                                 folds: foldPages, two_byte_folds: twoByteFolds))
        stringTables = .allocate(capacity: 1)
        stringTables.initialize(to: pk_string_tables(
            scan: pk_scan_tables(key_misses: filters + Self.keyMisses, two_bits: filters + Self.twoBits, pair_groups: UnsafePointer(pairGroups)),
            key_slots: strings.slots, key_mask: strings.mask, other_strings: strings.others, string_bytes: literalBytes,
            two_filter: filters + Self.twoFilter, triple_filter: filters + Self.tripleFilter,
            short_slots: table.slots, short_mask: table.mask, members: members))
    }

    deinit {
        literalBytes.deallocate()
        filters.deallocate()
        shortGroups.deallocate()
        kindRows.deallocate()
        noPatterns.deallocate()
        singleBytes.deallocate()
        singleMasks.deallocate()
        scalarLeadGroups.deallocate()
        firstByteMasks.deallocate()
        lengthMasks.deallocate()
        members.deallocate()
        leadFolds.deallocate()
        foldPageStarts.deallocate()
        foldPages.deallocate()
        twoByteFolds.deallocate()
        stringTables.deallocate()
        prefixTables.deallocate()
        foldTables.deallocate()
    }

    static func copy<T>(_ array: [T]) -> UnsafeMutablePointer<T> {
        let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(1, array.count))
        pointer.initialize(from: array, count: array.count)
        return pointer
    }

    /// For each scalar below U+0800, the UTF-8 of its fold when both take two bytes (first byte
    /// low), else 0: the C fold's table (`pk_fold_tables.two_byte_folds`).
    static func twoByteFolds(_ folding: CaseFolding) -> [UInt16] {
        (0..<0x800).map { (v: UInt32) -> UInt16 in
            guard v >= 0x80 else { return 0 }
            // A lead byte none of whose scalars folds is copied as it is.
            let folded = folding.leadByteFolds[Int(0xC0 | v >> 6)] ? folding.fold(v) : v
            guard folded >= 0x80 && folded < 0x800 else { return 0 }
            return UInt16(0xC0 | folded >> 6) | UInt16(0x80 | folded & 0x3F) << 8
        }
    }

    /// The strings shortest first (then in lexicographic order), each once.
    static func shortestFirstUnique(_ strings: [[UInt8]]) -> [[UInt8]] {
        var unique: [[UInt8]] = []
        let sorted = strings.sorted { $0.count != $1.count ? $0.count < $1.count : $0.lexicographicallyPrecedes($1) }
        for string in sorted where string != unique.last { unique.append(string) }
        return unique
    }

    /// The four bytes at `start`, big-endian as in the scan's window.
    static func window(_ bytes: [UInt8], at start: Int) -> UInt32 {
        UInt32(bytes[start]) << 24 | UInt32(bytes[start + 1]) << 16 | UInt32(bytes[start + 2]) << 8 | UInt32(bytes[start + 3])
    }

    /// The offset of the string's least common four bytes: the lowest score in `frequencies`;
    /// among equals, not an n-gram of a common word if it can help it, then with the fewest
    /// spaces and frequent letters (the windows the table does not list differ there).
    static func bestWindow(_ literal: [UInt8], frequencies: WindowFrequencies, avoiding common: WindowTable) -> Int {
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

    /// Folds `subject` into `buffer` (which must hold `4 * subject.count + 8` bytes) and returns
    /// the folded length: in the C kernel (`pk_fold`), runs of ASCII sixteen bytes a step, and
    /// the scalars whose lead byte may fold looked up in `folding`'s pages.
    public func fold(_ subject: UnsafeBufferPointer<UInt8>, into buffer: UnsafeMutablePointer<UInt8>) -> Int {
        guard let base = subject.baseAddress else { return 0 }
        return pk_fold(base, subject.count, buffer, foldTables)
    }

    /// The patterns that could match `subject`, as a bitset of `words` words (in the scratch,
    /// valid until its next use): those that always run, those one of whose prefixes the
    /// subject starts with, and those one of whose strings it contains — less those of
    /// `excluding` (`words` words, when given: patterns the caller will not run on this subject,
    /// such as those of rules whose conditions fail) and those PCRE2 says cannot match a subject
    /// of this first byte and length.
    @discardableResult
    public func candidates(in subject: UnsafeBufferPointer<UInt8>, scratch: PrefilterScratch,
                           excluding: UnsafePointer<UInt64>? = nil) -> UnsafeMutablePointer<UInt64> {
        let bits = scratch.bits(words: words)
        let ruledOut = scratch.ruledOut(words: words)
        // The patterns out of the question start as found: the scans skip what is found (no
        // string of theirs is compared), and the part of the pass whose patterns are all found
        // is skipped. They are taken out again at the end. (Each row is one of all patterns when
        // it rules out none: no test in the loop.)
        let firstByteMask = firstByteMasks + (subject.isEmpty ? 256 : Int(subject[0])) &* words
        let lengthMask = lengthMasks + min(subject.count, shortLength) &* words
        let excluded = excluding ?? UnsafePointer(noPatterns)
        var keyedLeft: UInt64 = 0, prefixedLeft: UInt64 = 0, singleLeft: UInt64 = 0
        var groupsLeft: UInt16 = 0
        for word in 0..<words {
            let out = excluded[word] | ~(firstByteMask[word] & lengthMask[word])
            let kinds = kindRows + word &* Kind.count, left = ~out
            ruledOut[word] = out
            bits[word] = kinds[Kind.always] | out
            keyedLeft |= kinds[Kind.keyed] & left
            prefixedLeft |= kinds[Kind.prefixed] & left
            singleLeft |= kinds[Kind.single] & left
            var shortLeft = kinds[Kind.short] & left
            while shortLeft != 0 {
                groupsLeft |= shortGroups[word &* 64 &+ shortLeft.trailingZeroBitCount]
                shortLeft &= shortLeft &- 1
            }
        }
        if keyedLeft | prefixedLeft | singleLeft != 0 || groupsLeft != 0 {
            // Sixteen bytes of room past the folded text: the C scan and the prefix walk read
            // words at a time.
            let buffer = scratch.buffer(bytes: 4 * subject.count + 16)
            let n = fold(subject, into: buffer)
            let text = UnsafePointer(buffer)
            if prefixedLeft != 0 {
                // The walk in C; a character of three bytes or more it hands back is decided here.
                var alive = allLeadGroups
                let start = pk_walk_prefixes(text, n, 0, prefixTables, &alive, bits)
                if start <= n { walkPrefixes(text: text, count: n, from: start, alive: alive, bits: bits) }
            }
            // The one-byte strings, eight in one pass of the C kernel; the patterns of each found
            // are candidates (those out of the question again taken out at the end).
            for first in stride(from: 0, to: singleLeft != 0 ? singleCount : 0, by: 8) {
                var found = pk_find_bytes_padded(text, n, singleBytes + first, min(8, singleCount - first))
                while found != 0 {
                    let mask = singleMasks + (first + found.trailingZeroBitCount) * words
                    found &= found &- 1
                    for word in 0..<words { bits[word] |= mask[word] }
                }
            }
            if keyedLeft != 0 || groupsLeft != 0 {
                // The rolling scan, each of its hits checked in the same C call (the short
                // strings probed only for the groups of patterns still in question).
                pk_find_strings(text, n, stringTables, groupsLeft, scratch.hits(count: 2 * (min(n, Self.scanSlice) + 3)), bits)
            }
        }
        for word in 0..<words { bits[word] &= ~ruledOut[word] }
        return bits
    }

    /// Where a key stands in a 64K-bit filter: a word and two bits in it (a blocked Bloom
    /// filter: one load as with one bit, but far fewer false hits, each of which costs a
    /// lookup in the table of keys).
    /// The two bits come from `filters`' table `twoBits`.
    @inline(__always)
    static func probe(_ key: UInt32, _ filters: UnsafePointer<UInt64>) -> (word: Int, mask: UInt64) {
        let hash = UInt64(key) &* 0x9E37_79B9_7F4A_7C15
        return (Int(hash >> 54), filters[twoBits + Int(truncatingIfNeeded: hash >> 44 & 1023)])
    }

    /// Entry `index` of the table of two bits: two different bits, spread as a hash would spread them.
    static func twoBits(_ index: Int) -> UInt64 {
        let hash = UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15
        let first = hash >> 58, second = hash >> 52 & 63
        return 1 << first | 1 << (second == first ? (first + 1) & 63 : second)
    }

    /// The largest pattern index, and the most strings, the table of keys holds (sixteen bits each).
    static var mostKeyedPatternIndex: Int { Int(UInt16.max) }
    static var mostKeyedStrings: Int { Int(UInt16.max) }

    /// How many ends one call of the rolling scan covers (its list of hits holds two for each,
    /// and the three bytes before them).
    static var scanSlice: Int { Int(PK_SCAN_SLICE) }

    /// The walk for prefixes (`pk_walk_prefixes`: from each next character as long as all
    /// characters before it may belong to the lead of some group of prefixes) past a character
    /// of three bytes or more that the C kernel handed back at `start`, with the groups `alive`
    /// before it. Out of line: most walks never come here.
    @inline(never)
    private func walkPrefixes(text: UnsafePointer<UInt8>, count n: Int, from start: Int, alive: UInt64,
                              bits: UnsafeMutablePointer<UInt64>) {
        var start = start, alive = alive
        while start <= n {
            // A character of three bytes or more: past it, the groups whose lead may hold it.
            let (scalar, length) = Self.decode(text, at: start, count: n)
            var next: UInt64 = 0
            var groups = alive
            while groups != 0 {
                let group = groups.trailingZeroBitCount
                groups &= groups - 1
                if leads[group].mayHold(scalar) { next |= 1 << UInt64(group) }
            }
            if next == 0 { return }
            alive = next
            start = pk_walk_prefixes(text, n, start + length, prefixTables, &alive, bits)
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
/// the candidate bitset, the bitset of patterns ruled out, the buffer of folded text and the
/// places where the rolling scan may have found a string.
public final class PrefilterScratch {
    private var bitsPointer: UnsafeMutablePointer<UInt64>
    private var ruledOutPointer: UnsafeMutablePointer<UInt64>
    private var bitsCapacity: Int
    private let folded = ScratchBuffer<UInt8>(capacity: 1 << 14)
    private let scanHits = ScratchBuffer<Int>(capacity: 1 << 13)

    public init() {
        bitsCapacity = 8
        bitsPointer = .allocate(capacity: bitsCapacity)
        ruledOutPointer = .allocate(capacity: bitsCapacity)
    }

    deinit {
        bitsPointer.deallocate()
        ruledOutPointer.deallocate()
    }

    /// Room for `count` places where the rolling scan may have found something.
    @inline(__always)
    func hits(count: Int) -> UnsafeMutablePointer<Int> { scanHits.reserve(count) }

    @inline(__always)
    func bits(words: Int) -> UnsafeMutablePointer<UInt64> {
        reserve(words: words)
        return bitsPointer
    }

    @inline(__always)
    func ruledOut(words: Int) -> UnsafeMutablePointer<UInt64> {
        reserve(words: words)
        return ruledOutPointer
    }

    @inline(__always)
    private func reserve(words: Int) {
        if words > bitsCapacity {
            bitsPointer.deallocate()
            ruledOutPointer.deallocate()
            bitsCapacity = words
            bitsPointer = .allocate(capacity: words)
            ruledOutPointer = .allocate(capacity: words)
        }
    }

    @inline(__always)
    func buffer(bytes: Int) -> UnsafeMutablePointer<UInt8> { folded.reserve(bytes) }
}

/// A buffer of a scratch, whose contents need not outlive one use: grown (to at least twice
/// its size) when a use needs more. A class of its own, so that growing it assigns its fields
/// rather than passing them `inout` (which Swift checks for exclusive access at run time).
final class ScratchBuffer<Element> {
    private var pointer: UnsafeMutablePointer<Element>
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        pointer = .allocate(capacity: capacity)
    }

    deinit { pointer.deallocate() }

    /// The buffer, with room for at least `count` elements.
    @inline(__always)
    func reserve(_ count: Int) -> UnsafeMutablePointer<Element> {
        if count > capacity {
            pointer.deallocate()
            capacity = max(count, capacity * 2)
            pointer = .allocate(capacity: capacity)
        }
        return pointer
    }
}

/// The strings of four bytes or more by their four-byte key, in open addressing: a slot holds
/// its key's first string itself, so a hit on a key of one string (most keys) reads one slot,
/// not a slot and then a list of strings; the others of a key follow in `others`. Read by the
/// C kernel (`pk_find_strings`).
final class StringTable: @unchecked Sendable {
    let mask: Int
    let slots: UnsafeMutablePointer<pk_key_slot>
    /// The second and later strings of each key, a run a key.
    let others: UnsafeMutablePointer<pk_string>

    /// `keys`: each key with its strings, in the order they take their slots.
    init(_ keys: [(UInt32, [pk_string])]) {
        // At most one third full: a hit on a rarer key (or a false hit of the filter) seldom
        // walks past its first slot, a walk whose length the branch predictor cannot guess.
        // (Two thirds full, as before, took a sixth more mispredicted branches and an eighth
        // more misses of the first-level cache, for half the room: 64 KB for the default rules.)
        var capacity = 16
        while capacity < keys.count * 3 { capacity *= 2 }
        mask = capacity - 1
        let empty = pk_string(head: 0, head_mask: 0, start: 0, pattern: 0, length: 0, key_offset: 0)
        // Aligned to the cache's lines, two slots a line.
        slots = UnsafeMutableRawPointer.allocate(byteCount: capacity * MemoryLayout<pk_key_slot>.stride, alignment: 64)
            .bindMemory(to: pk_key_slot.self, capacity: capacity)
        slots.initialize(repeating: pk_key_slot(key: 0, count: 0, others: 0, string: empty), count: capacity)
        var rest: [pk_string] = []
        for (key, strings) in keys where !strings.isEmpty {
            var slot = Self.slot(key) & mask
            while slots[slot].count != 0 { slot = (slot + 1) & mask }
            precondition(strings.count <= UInt16.max && rest.count <= UInt16.max, "too many strings for the table of keys")
            slots[slot] = pk_key_slot(key: key, count: UInt16(strings.count), others: UInt16(rest.count), string: strings[0])
            rest += strings.dropFirst()
        }
        others = PatternPrefilter.copy(rest)
    }

    deinit {
        UnsafeMutableRawPointer(slots).deallocate()
        others.deallocate()
    }

    /// A key's first slot (the C kernel's `check_key` hashes the same way).
    static func slot(_ key: UInt32) -> Int { Int(truncatingIfNeeded: (UInt64(key) &* 0xC2B2_AE3D_27D4_EB4F) >> 40) }
}

/// An immutable open-addressing table from 64-bit keys to two 32-bit values (the short
/// strings' runs of patterns), read by the C kernel (`mark_short`).
final class KeyTable: @unchecked Sendable {
    let mask: Int
    /// Key and values side by side: a lookup reads one cache line.
    let slots: UnsafeMutablePointer<pk_short_slot>

    init(_ entries: [(UInt64, Int32, Int32)]) {
        var capacity = 16
        while capacity < entries.count * 2 { capacity *= 2 }
        mask = capacity - 1
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: pk_short_slot(key: UInt64.max, first: 0, count: 0), count: capacity)
        for (key, first, count) in entries {
            var slot = Int(PatternPrefilter.hash(key) >> 16) & mask
            while slots[slot].key != UInt64.max { slot = (slot + 1) & mask }
            slots[slot] = pk_short_slot(key: key, first: first, count: count)
        }
    }

    deinit { slots.deallocate() }
}

/// What the prefix walk reads of a subject's first character, for each first byte below 0xE0
/// (the characters of one or two bytes), once folded: whether the lead of each group may hold
/// one of them, and the bytes they start with. A subject whose first character is in no lead of
/// its pattern's group and starts no prefix of it is never marked (`walkPrefixes`).
struct PrefixWalkFirstBytes {
    /// Per group of leads, per first byte: whether the lead may hold a character of that byte.
    private let inLead: [[Bool]]
    /// Per first byte, the folded characters' first bytes, as four words of bits.
    private let foldedFirstBytes: [UInt64]

    init(folding: CaseFolding, leads: [LeadTest]) {
        let folded: [[UInt32]] = (0..<0xE0).map { byte in
            if byte < 0x80 { return [folding.fold(UInt32(byte))] }
            if byte < 0xC2 { return [] }
            return (0x80...0xBF).map { folding.fold(UInt32(byte & 0x1F) << 6 | UInt32($0 & 0x3F)) }
        }
        inLead = leads.map { lead in folded.map { $0.contains(where: lead.mayHold) } }
        var bits = [UInt64](repeating: 0, count: 0xE0 * 4)
        for (byte, scalars) in folded.enumerated() {
            for scalar in scalars {
                var first = 0
                PatternPrefilter.encode(scalar) { if first == 0 { first = Int($0) } }
                bits[byte * 4 + first >> 6] |= 1 << UInt64(first & 63)
            }
        }
        foldedFirstBytes = bits
    }

    /// The first bytes (below 0xE0) no subject reaching a pattern gated by these prefixes and
    /// this group's lead starts with.
    func turnedAway(prefixes: [[UInt8]], leadGroup: Int) -> [Bool] {
        var prefixFirstBytes = [UInt64](repeating: 0, count: 4)
        for prefix in prefixes { prefixFirstBytes[Int(prefix[0]) >> 6] |= 1 << UInt64(prefix[0] & 63) }
        var turnedAway = [Bool](repeating: false, count: 256)
        for byte in 0..<0xE0 where byte < 0x80 || byte >= 0xC2 {
            let startsPrefix = (0..<4).contains { foldedFirstBytes[byte * 4 + $0] & prefixFirstBytes[$0] != 0 }
            turnedAway[byte] = !inLead[leadGroup][byte] && !startsPrefix
        }
        return turnedAway
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
        // No decimal digit lies between ASCII and U+0660 (Arabic-Indic zero): Latin, Greek and
        // Cyrillic letters need not ask Unicode's tables (a slow call at every start of the walk).
        if digit, v >= 0x660, LeadTest.isDecimalDigit(v) { return true }
        return false
    }

    /// Whether `v` is a decimal digit for Unicode. Not inlined: the walk for prefixes that
    /// inlined it fetched Unicode's type metadata on every call, digit or not.
    @inline(never)
    static func isDecimalDigit(_ v: UInt32) -> Bool {
        guard let scalar = Unicode.Scalar(v) else { return false }
        return scalar.properties.generalCategory == .decimalNumber
    }

    /// Every non-ASCII character PCRE2's `\s`, `\h` or `\v` may match (with UCP).
    static func isSpace(_ v: UInt32) -> Bool {
        switch v {
        case 0x85, 0xA0, 0x1680, 0x180E, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }
}

/// The prefixes of anchored patterns (one to sixteen bytes), looked up by length: from a
/// start, the text's first byte, first two bytes, ... are each hashed and probed in a Bloom
/// filter that stays in the L1 cache, and the exact table is asked only on a hit. The probes do
/// not depend on each other (a walk down a trie is a chain of loads, each a likely cache miss
/// in a trie of twelve thousand nodes).
final class PrefixTable: @unchecked Sendable {
    /// The longest prefix, in bytes (at most 16: two words of the text).
    let maxLength: Int
    /// 2048 pairs of words, each pair in one line of the cache (a length probed costs one
    /// miss, not two), for the lengths from three bytes on: the first word of a pair has two
    /// bits for each start of a prefix of three bytes or more (its first three bytes, its first
    /// four, ..., itself): the lengths are probed in turn until a text's start is no prefix's
    /// start (most texts after a few bytes), not all ten. The second has three bits for each
    /// prefix of three bytes or more (one probe in a hundred or so asks the table in vain: each
    /// start probes up to ten lengths).
    let probes: UnsafeMutablePointer<UInt64>
    /// For each byte: 1 when a prefix starts with it, 3 when it is a prefix itself (the first
    /// length is looked up without hashing).
    let firstBytes: UnsafeMutablePointer<UInt8>
    /// For each byte that is a prefix, its run of patterns: the start, and the count times 2^32.
    let oneByteRuns: UnsafeMutablePointer<UInt64>
    /// For each pair of bytes (the first low), two bits: 1 when it is a prefix, 2 when a longer
    /// prefix starts with it (the second length decided exactly, without a hash).
    let pairStarts: UnsafeMutablePointer<UInt64>
    let slots: UnsafeMutablePointer<pk_prefix_slot>
    let mask: Int
    /// Each prefix's patterns and their lead groups, a run a prefix.
    let patterns: UnsafeMutablePointer<Int32>
    let groups: UnsafeMutablePointer<Int32>

    /// A prefix of a pattern, and the lead group of its pattern.
    struct Member {
        var prefix: [UInt8]
        var pattern: Int32
        var group: Int32
    }

    /// Each prefix's members, in the order given. Grouped by sorting rather than in a dictionary
    /// of byte arrays, whose hashing (a byte at a time) was a good part of building the table.
    static func grouped(_ members: [Member]) -> [(prefix: [UInt8], members: ArraySlice<Member>)] {
        let sorted = members.enumerated().sorted { a, b in
            a.element.prefix == b.element.prefix ? a.offset < b.offset : a.element.prefix.lexicographicallyPrecedes(b.element.prefix)
        }.map(\.element)
        var runs: [(prefix: [UInt8], members: ArraySlice<Member>)] = []
        var start = 0
        while start < sorted.count {
            var end = start + 1
            while end < sorted.count && sorted[end].prefix == sorted[start].prefix { end += 1 }
            runs.append((sorted[start].prefix, sorted[start..<end]))
            start = end
        }
        return runs
    }

    init(_ members: [Member]) {
        let prefixes = Self.grouped(members)
        // A closure, not `\.prefix.count`: a key path into a tuple is read through the runtime
        // (some 2,200 instructions a prefix).
        maxLength = prefixes.map { $0.prefix.count }.max() ?? 0
        precondition(maxLength <= 16 && !prefixes.contains { $0.prefix.isEmpty } && prefixes.allSatisfy { $0.members.count <= UInt16.max },
                     "prefixes of 1 to 16 bytes")
        probes = UnsafeMutableRawPointer.allocate(byteCount: 4096 * 8, alignment: 64).bindMemory(to: UInt64.self, capacity: 4096)
        probes.initialize(repeating: 0, count: 4096)
        firstBytes = .allocate(capacity: 256)
        firstBytes.initialize(repeating: 0, count: 256)
        oneByteRuns = .allocate(capacity: 256)
        oneByteRuns.initialize(repeating: 0, count: 256)
        pairStarts = .allocate(capacity: 65536 / 32)
        pairStarts.initialize(repeating: 0, count: 65536 / 32)
        // At most two thirds full: the table stays small (a real hit is one cache miss).
        var capacity = 16
        while capacity * 2 < prefixes.count * 3 { capacity *= 2 }
        mask = capacity - 1
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: pk_prefix_slot(low: 0, high: 0, first: 0, length: 0, count: 0), count: capacity)
        var flatPatterns: [Int32] = [], flatGroups: [Int32] = []
        for (prefix, members) in prefixes {
            var low: UInt64 = 0, high: UInt64 = 0
            for (k, byte) in prefix.enumerated() {
                if k < 8 { low |= UInt64(byte) << UInt64(8 * k) } else { high |= UInt64(byte) << UInt64(8 * (k - 8)) }
            }
            let hash = Self.hash(low: low, high: high, length: prefix.count)
            firstBytes[Int(prefix[0])] |= prefix.count == 1 ? 3 : 1
            if prefix.count == 1 { oneByteRuns[Int(prefix[0])] = UInt64(flatPatterns.count) | UInt64(members.count) << 32 }
            if prefix.count >= 2 {
                let pair = Int(prefix[0]) | Int(prefix[1]) << 8
                pairStarts[pair >> 5] |= (prefix.count == 2 ? 1 : 2) << UInt64(2 * (pair & 31))
            }
            // The filters from the third length on (the first two are decided exactly).
            if prefix.count >= 3 {
                let (word, bits) = Self.probe(hash)
                probes[word] |= bits
            }
            for length in stride(from: 3, through: prefix.count, by: 1) {
                let (stemLow, stemHigh) = Self.cut(low: low, high: high, to: length)
                let (stemWord, stemBits) = Self.stemProbe(Self.hash(low: stemLow, high: stemHigh, length: length))
                probes[stemWord] |= stemBits
            }
            var slot = Int(truncatingIfNeeded: hash >> 20) & mask
            while slots[slot].length != 0 { slot = (slot + 1) & mask }
            slots[slot] = pk_prefix_slot(low: low, high: high, first: Int32(flatPatterns.count), length: UInt16(prefix.count),
                                         count: UInt16(members.count))
            // Appended in place (`+= members.map(...)` made and grew an array for each prefix).
            for member in members {
                flatPatterns.append(member.pattern)
                flatGroups.append(member.group)
            }
        }
        patterns = PatternPrefilter.copy(flatPatterns)
        groups = PatternPrefilter.copy(flatGroups)
    }

    deinit {
        probes.deallocate()
        firstBytes.deallocate()
        oneByteRuns.deallocate()
        pairStarts.deallocate()
        slots.deallocate()
        patterns.deallocate()
        groups.deallocate()
    }

    @inline(__always)
    static func hash(low: UInt64, high: UInt64, length: Int) -> UInt64 {
        ((low ^ high &* 0xC2B2_AE3D_27D4_EB4F) &+ UInt64(length)) &* 0x9E37_79B9_7F4A_7C15
    }

    /// Where a prefix stands in `probes`: the second word of its pair (`stemProbe`'s), three bits.
    @inline(__always)
    static func probe(_ hash: UInt64) -> (word: Int, bits: UInt64) {
        (stemProbe(hash).word + 1, 1 << (hash >> 48 & 63) | 1 << (hash >> 42 & 63) | 1 << (hash >> 36 & 63))
    }

    /// Where a start of a prefix stands in `probes`: the first word of the pair chosen by the
    /// hash multiplied again (its low bits see only the first bytes), by its top bits.
    @inline(__always)
    static func stemProbe(_ hash: UInt64) -> (word: Int, bits: UInt64) {
        let mixed = hash &* 0xD6E8_FEB8_6659_FD93
        return (2 * Int(mixed >> 53), 1 << (mixed >> 47 & 63) | 1 << (mixed >> 41 & 63))
    }

    /// The first `length` bytes of the two words of a text (zero past them).
    @inline(__always)
    static func cut(low: UInt64, high: UInt64, to length: Int) -> (UInt64, UInt64) {
        (length >= 8 ? low : low & ((1 << UInt64(8 * length)) &- 1),
         length <= 8 ? 0 : length >= 16 ? high : high & ((1 << UInt64(8 * (length - 8))) &- 1))
    }

    /// The table as the C kernel reads it (`pk_walk_prefixes`), with the leads' groups of each
    /// scalar below U+0800 (2048 words, owned by the caller).
    func tables(leadGroups: UnsafePointer<UInt64>) -> pk_prefix_tables {
        pk_prefix_tables(probes: probes, first_bytes: firstBytes, one_byte_runs: oneByteRuns, pair_starts: pairStarts, slots: slots, mask: mask, patterns: patterns, groups: groups,
                         max_length: maxLength, lead_groups: leadGroups)
    }
}
