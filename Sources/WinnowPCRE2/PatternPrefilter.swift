/// Tells, for a subject, which patterns of a set could possibly match it — in one pass over its
/// bytes, whatever the number of patterns.
///
/// Each pattern's required literals (`RequiredLiterals`: one of them is in every match) are
/// looked for in the case-folded subject (`CaseFolding`, which merges at least what PCRE2's
/// caseless matching merges). A pattern none of whose literals occurs in the subject cannot
/// match it and need not run; patterns without literals always run. So running only the
/// candidates gives exactly the answers of running every pattern, at the cost of one scan.
///
/// The scan keeps the last four folded bytes in a window and looks them up (and the last two
/// and three, when short literals exist) in a 64K-bit hashed filter that stays in the L1
/// cache; only on a hit does it consult the exact table of literals starting with those bytes
/// and compare the rest. One-byte literals use a byte table.
///
/// Immutable after construction and shared by every thread; the mutable state of a scan is a
/// `PrefilterScratch`, one per thread.
public final class PatternPrefilter: @unchecked Sendable {
    /// Number of distinct two- and three-byte keys of the literals.
    public let keyCount: Int
    /// Number of patterns; candidate sets are bitsets of this many bits.
    public let patternCount: Int
    /// 64-bit words in a candidate bitset.
    public let words: Int
    /// For each pattern, the folded literals (UTF-8) that gate it, or nil when it always runs.
    public let literals: [[[UInt8]]?]

    private let folding: CaseFolding
    /// Bits of the patterns that always run.
    private let always: [UInt64]

    // Literals of four bytes or more, flat: bytes, and for each its start, length and pattern.
    private let literalBytes: UnsafeMutablePointer<UInt8>
    private let literalStart: UnsafeMutablePointer<Int32>
    private let literalLength: UnsafeMutablePointer<Int32>
    private let literalPattern: UnsafeMutablePointer<Int32>
    /// One-byte literals: byte → patterns.
    private let singles: [[Int]]
    private let hasSingles: UnsafeMutablePointer<Bool>
    /// Longer literals are found by their first two, three or four bytes (the key), read from a
    /// rolling window over the folded text: a 64K-bit filter over a hash of the key (it fits
    /// the L1 cache) says whether the exact table may hold it; the table gives the patterns of
    /// two- and three-byte literals directly and the longer literals starting with the key,
    /// whose remaining bytes are then compared.
    private let filter: UnsafeMutablePointer<UInt64>
    private let tableKeys: UnsafeMutablePointer<UInt64>
    private let tableFirst: UnsafeMutablePointer<Int32>
    private let tableCount: UnsafeMutablePointer<Int32>
    private let tableMask: Int
    /// For two- and three-byte keys: patterns; for four-byte keys: literal indices.
    private let members: UnsafeMutablePointer<Int32>
    private let hasShortKeys: (two: Bool, three: Bool)
    /// Lead bytes whose scalars may fold to other scalars (decoded when folding).
    private let leadFolds: UnsafeMutablePointer<Bool>
    /// Byte → its folded byte for ASCII (upper case to lower case); others unchanged.
    private let asciiFold: UnsafeMutablePointer<UInt8>

    /// Longest literal kept, in bytes (a prefix of a required string is required too).
    public static let defaultLiteralBytes = 24

    public init(patterns: [Pattern], literalBytes maxBytes: Int = PatternPrefilter.defaultLiteralBytes) {
        patternCount = patterns.count
        words = max(1, (patterns.count + 63) / 64)
        let required = patterns.map { RequiredLiterals.of($0.source, options: $0.options) }
        var scalars = Set<UInt32>()
        for set in required { for literal in set ?? [] { scalars.formUnion(literal) } }
        let folding = CaseFolding(covering: scalars)
        self.folding = folding

        // Folded, cut to `maxBytes`, and without strings that contain another of the set.
        var literals: [[[UInt8]]?] = []
        for set in required {
            guard let set, !set.isEmpty else { literals.append(nil); continue }
            var cut = Set(set.map { Array(folding.foldedUTF8($0).prefix(maxBytes)) })
            if cut.contains([]) { literals.append(nil); continue }
            let sorted = cut.sorted { $0.count < $1.count }
            for (index, short) in sorted.enumerated() where cut.contains(short) {
                for long in sorted[(index + 1)...] where long.count > short.count && cut.contains(long) && long.contains(subsequence: short) {
                    cut.remove(long)
                }
            }
            literals.append(cut.sorted { $0.lexicographicallyPrecedes($1) })
        }
        self.literals = literals
        var always = [UInt64](repeating: 0, count: words)
        for (index, set) in literals.enumerated() where set == nil { always[index / 64] |= 1 << UInt64(index % 64) }
        self.always = always

        var flat: [UInt8] = [], starts: [Int32] = [], lengths: [Int32] = [], owners: [Int32] = []
        var singles = [[Int]](repeating: [], count: 256)
        var byKey: [UInt64: [Int32]] = [:]
        var two = false, three = false
        for (pattern, set) in literals.enumerated() {
            for literal in set ?? [] {
                switch literal.count {
                case 1:
                    singles[Int(literal[0])].append(pattern)
                case 2, 3:
                    if literal.count == 2 { two = true } else { three = true }
                    byKey[Self.key(literal), default: []].append(Int32(pattern))
                default:
                    byKey[Self.key(literal), default: []].append(Int32(starts.count))
                    starts.append(Int32(flat.count))
                    lengths.append(Int32(literal.count))
                    owners.append(Int32(pattern))
                    flat += literal
                }
            }
        }
        hasShortKeys = (two, three)
        literalBytes = .allocate(capacity: max(1, flat.count))
        literalBytes.initialize(from: flat, count: flat.count)
        literalStart = .allocate(capacity: max(1, starts.count))
        literalStart.initialize(from: starts, count: starts.count)
        literalLength = .allocate(capacity: max(1, lengths.count))
        literalLength.initialize(from: lengths, count: lengths.count)
        literalPattern = .allocate(capacity: max(1, owners.count))
        literalPattern.initialize(from: owners, count: owners.count)
        self.singles = singles
        hasSingles = .allocate(capacity: 256)
        for byte in 0..<256 { hasSingles[byte] = !singles[byte].isEmpty }

        filter = .allocate(capacity: 1024)
        filter.initialize(repeating: 0, count: 1024)
        var capacity = 16
        while capacity < byKey.count * 2 { capacity *= 2 }
        tableMask = capacity - 1
        tableKeys = .allocate(capacity: capacity)
        tableKeys.initialize(repeating: UInt64.max, count: capacity)
        tableFirst = .allocate(capacity: capacity)
        tableFirst.initialize(repeating: 0, count: capacity)
        tableCount = .allocate(capacity: capacity)
        tableCount.initialize(repeating: 0, count: capacity)
        var grouped: [Int32] = []
        for (key, group) in byKey.sorted(by: { $0.key < $1.key }) {
            let hash = Self.hash(key)
            filter[Int(hash & 0xFFFF) >> 6] |= 1 << UInt64(hash & 63)
            var slot = Int(hash >> 16) & tableMask
            while tableKeys[slot] != UInt64.max { slot = (slot + 1) & tableMask }
            tableKeys[slot] = key
            tableFirst[slot] = Int32(grouped.count)
            tableCount[slot] = Int32(group.count)
            grouped += group
        }
        members = .allocate(capacity: max(1, grouped.count))
        members.initialize(from: grouped, count: grouped.count)
        keyCount = byKey.count

        leadFolds = .allocate(capacity: 256)
        for byte in 0..<256 { leadFolds[byte] = folding.leadByteFolds[byte] }
        asciiFold = .allocate(capacity: 256)
        for byte in 0..<256 { asciiFold[byte] = byte >= 0x41 && byte <= 0x5A ? UInt8(byte | 0x20) : UInt8(byte) }
    }

    deinit {
        literalBytes.deallocate()
        literalStart.deallocate()
        literalLength.deallocate()
        literalPattern.deallocate()
        hasSingles.deallocate()
        filter.deallocate()
        tableKeys.deallocate()
        tableFirst.deallocate()
        tableCount.deallocate()
        members.deallocate()
        leadFolds.deallocate()
        asciiFold.deallocate()
    }

    /// A literal's key: its first two, three or four bytes, big-endian as in the scan's
    /// window, tagged with their number.
    static func key(_ literal: [UInt8]) -> UInt64 {
        let length = min(literal.count, 4)
        var value: UInt64 = 0
        for byte in literal.prefix(length) { value = value << 8 | UInt64(byte) }
        return UInt64(length) << 32 | value
    }

    @inline(__always)
    static func hash(_ key: UInt64) -> UInt32 {
        let mixed = (key &* 0x9E37_79B9_7F4A_7C15) >> 32
        return UInt32(truncatingIfNeeded: mixed)
    }

    /// Whether pattern `index` always runs (no literal gates it).
    public func isUngated(_ index: Int) -> Bool { literals[index] == nil }

    /// Folds `subject` into `buffer` (which must hold `4 * subject.count` bytes) and returns the
    /// folded length.
    public func fold(_ subject: UnsafeBufferPointer<UInt8>, into buffer: UnsafeMutablePointer<UInt8>) -> Int {
        guard let base = subject.baseAddress else { return 0 }
        let count = subject.count
        var out = 0
        var i = 0
        while i < count {
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
    /// valid until its next use): those that always run, and those one of whose literals
    /// occurs in the subject.
    @discardableResult
    public func candidates(in subject: UnsafeBufferPointer<UInt8>, scratch: PrefilterScratch) -> UnsafeMutablePointer<UInt64> {
        let bits = scratch.bits(words: words)
        let buffer = scratch.buffer(bytes: 4 * subject.count)
        for word in 0..<words { bits[word] = always[word] }
        let n = fold(subject, into: buffer)
        let text = UnsafePointer(buffer)
        let filter = self.filter, hasSingles = self.hasSingles
        let (two, three) = hasShortKeys
        var window: UInt64 = 0
        var i = 0
        while i < n {
            let byte = text[i]
            window = (window << 8 | UInt64(byte)) & 0xFFFF_FFFF
            if hasSingles[Int(byte)] {
                for pattern in singles[Int(byte)] { bits[pattern >> 6] |= 1 << UInt64(pattern & 63) }
            }
            if i >= 3 {
                let key = 4 << 32 | window
                let hash = Self.hash(key)
                if filter[Int(hash & 0xFFFF) >> 6] & (1 << UInt64(hash & 63)) != 0 {
                    verify(key, hash: hash, start: i - 3, text: text, count: n, bits: bits)
                }
            }
            if two && i >= 1 {
                let key = 2 << 32 | window & 0xFFFF
                let hash = Self.hash(key)
                if filter[Int(hash & 0xFFFF) >> 6] & (1 << UInt64(hash & 63)) != 0 { mark(key, hash: hash, bits: bits) }
            }
            if three && i >= 2 {
                let key = 3 << 32 | window & 0xFF_FFFF
                let hash = Self.hash(key)
                if filter[Int(hash & 0xFFFF) >> 6] & (1 << UInt64(hash & 63)) != 0 { mark(key, hash: hash, bits: bits) }
            }
            i += 1
        }
        return bits
    }

    /// The table slot of `key`, or nil.
    @inline(__always)
    private func slot(of key: UInt64, hash: UInt32) -> Int? {
        var slot = Int(hash >> 16) & tableMask
        while true {
            let found = tableKeys[slot]
            if found == key { return slot }
            if found == UInt64.max { return nil }
            slot = (slot + 1) & tableMask
        }
    }

    /// A two- or three-byte literal found: its patterns are candidates.
    @inline(__always)
    private func mark(_ key: UInt64, hash: UInt32, bits: UnsafeMutablePointer<UInt64>) {
        guard let slot = slot(of: key, hash: hash) else { return }
        let first = Int(tableFirst[slot]), count = Int(tableCount[slot])
        for index in first..<(first + count) {
            let pattern = Int(members[index])
            bits[pattern >> 6] |= 1 << UInt64(pattern & 63)
        }
    }

    /// The first four bytes of longer literals found at `start`: compare the rest of each.
    @inline(__always)
    private func verify(_ key: UInt64, hash: UInt32, start: Int, text: UnsafePointer<UInt8>, count n: Int,
                        bits: UnsafeMutablePointer<UInt64>) {
        guard let slot = slot(of: key, hash: hash) else { return }
        let first = Int(tableFirst[slot]), count = Int(tableCount[slot])
        for index in first..<(first + count) {
            let member = Int(members[index])
            let pattern = Int(literalPattern[member])
            let bit: UInt64 = 1 << UInt64(pattern & 63)
            if bits[pattern >> 6] & bit != 0 { continue }
            let length = Int(literalLength[member])
            guard start + length <= n else { continue }
            let literal = literalBytes + Int(literalStart[member])
            var k = 4
            while k < length && text[start + k] == literal[k] { k += 1 }
            if k == length { bits[pattern >> 6] |= bit }
        }
    }

    @inline(__always)
    static func decode(_ p: UnsafePointer<UInt8>, at i: Int, count: Int) -> (UInt32, Int) {
        let b0 = UInt32(p[i])
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
        for start in 0...(count - needle.count) where self[start] == needle[0] {
            if self[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
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
