import Foundation
import CMeasureKernel

/// Stopword lists by language code, read from `rules/stopwords/<code>.txt` (embedded at build
/// time). One word a line; lines starting with `#` are comments.
///
/// For speed each word maps to a bitmask of the languages whose list holds it, so one lookup
/// per token serves both the language guess and the stopword count of any language.
public struct StopwordLists: Sendable {
    public private(set) var lists: [String: Set<String>]
    /// Language codes in bit order.
    public let codes: [String]
    /// Longest word in any list, in UTF-8 bytes: longer tokens need no lookup.
    let longestWordBytes: Int
    /// For each word its mask (bit `i` set when `codes[i]`'s list holds it), keyed by UTF-8
    /// bytes, for lookups without building a String.
    let table: WordMaskTable

    public init(lists: [String: Set<String>]) {
        self.lists = lists
        let codes = Array(lists.keys.sorted().prefix(64))
        self.codes = codes
        // Each word (its UTF-8 read in place, not copied into an array of its own) with its
        // list's bit; the table merges a word's bits from every list.
        var words: [(String.UTF8View, UInt64)] = []
        words.reserveCapacity(codes.reduce(0) { $0 + lists[$1]!.count })
        var longest = 0
        for (bit, code) in codes.enumerated() {
            for word in lists[code]! {
                words.append((word.utf8, 1 << UInt64(bit)))
                longest = max(longest, word.utf8.count)
            }
        }
        longestWordBytes = longest
        table = WordMaskTable(words: words)
    }

    /// Every word's mask, keyed by the word (tests read it; lookups go through `table`).
    var masks: [String: UInt64] {
        var masks: [String: UInt64] = [:]
        for (bit, code) in codes.enumerated() {
            for word in lists[code]! { masks[word, default: 0] |= 1 << UInt64(bit) }
        }
        return masks
    }

    /// The words of a list file: each line trimmed of white space, lower-cased, `’` written
    /// `'`; empty lines and `#` comments skipped. Lines are read as bytes, as Foundation's
    /// trimming and searching took most of start-up's time for the lists; a line that could
    /// need Foundation's answers (white space or `’` beyond ASCII) goes through `parseLine`.
    public static func parse(_ text: String) -> Set<String> {
        var text = text
        // A "\r\n" is one Character, which splitting on "\n" does not split.
        if text.withUTF8({ $0.count > 0 && memchr($0.baseAddress!, 0x0D, $0.count) != nil }) { return parseByCharacters(text) }
        var words = Set<String>()
        text.withUTF8 { bytes in
            words.reserveCapacity(bytes.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) })   // a word a line at most
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
                if let word = asciiTrimmedWord(UnsafeBufferPointer(rebasing: bytes[start..<end])) {
                    words.insert(word)
                }
                start = end + 1
            }
        }
        return words
    }

    /// One line's word, with only ASCII spaces and tabs trimmed; `parseLine` when the line
    /// holds what that does not cover: a scalar at either end that Foundation may count as white
    /// space, a `’`, a `#` that a combining mark may join.
    private static func asciiTrimmedWord(_ line: UnsafeBufferPointer<UInt8>) -> String? {
        var low = 0, high = line.count
        while low < high, line[low] == 0x20 || line[low] == 0x09 { low += 1 }
        while high > low, line[high - 1] == 0x20 || line[high - 1] == 0x09 { high -= 1 }
        if low == high { return nil }
        // A comment, whatever it holds, when no mark can join its `#` (ASCII follows it).
        if line[low] == 0x23 && (low + 1 == high || line[low + 1] < 0x80) { return nil }
        if line[low..<high].contains(where: { $0 >= 0x80 }) {
            let word = String(decoding: UnsafeBufferPointer(rebasing: line[low..<high]), as: UTF8.self)
            let scalars = word.unicodeScalars
            if mayBeSpace(scalars.first!) || mayBeSpace(scalars.last!) || scalars.contains("’") || line[low] == 0x23 {
                return parseLine(Substring(decoding: line, as: UTF8.self))
            }
            return isLowerCase(UnsafeBufferPointer(rebasing: line[low..<high])) ? word : word.lowercased()
        }
        // ASCII: lower-cased byte by byte (what `lowercased()` does to ASCII, without its
        // Unicode machinery).
        return String(unsafeUninitializedCapacity: high - low) { buffer in
            for i in low..<high { buffer[i - low] = line[i] | (line[i] &- 0x41 < 26 ? 0x20 : 0) }
            return high - low
        }
    }

    /// Whether `lowercased()` leaves the UTF-8 as it is, for sure: every scalar is of one or two
    /// bytes and `isLowerCase`, as most words of the lists are (lower-casing them, a lookup of
    /// each scalar's mapping, was a fifth of reading the lists).
    private static func isLowerCase(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte < 0x80 {
                guard isLowerCase(UInt32(byte)) else { return false }
                i += 1
                continue
            }
            guard byte >= 0xC2 && byte < 0xE0, i + 1 < bytes.count, bytes[i + 1] & 0xC0 == 0x80,
                  isLowerCase(UInt32(byte & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)) else { return false }
            i += 2
        }
        return true
    }

    /// Whether a scalar is its own lower case, for sure: ASCII but A-Z, Latin-1's ß...ÿ (with
    /// ÷), Latin Extended-A's small letters, Greek's ά...ώ, Cyrillic's а...џ. (A test checks
    /// each against Unicode's mapping.)
    static func isLowerCase(_ v: UInt32) -> Bool {
        switch v {
        case 0x41...0x5A: return false
        case 0..<0x80, 0xDF...0xFF, 0x3AC...0x3CE, 0x430...0x45F: return true
        case 0x100...0x137, 0x14A...0x177: return v & 1 == 1
        case 0x139...0x148: return v & 1 == 0
        case 0x138, 0x149, 0x17A, 0x17C, 0x17E, 0x17F: return true
        default: return false
        }
    }

    /// Whether Foundation's `.whitespaces` may hold a scalar beyond ASCII (a superset of it:
    /// the Zs scalars and the format spaces around them).
    private static func mayBeSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x85, 0xA0, 0x1680, 0x180E, 0x2000...0x200F, 0x2028...0x202F, 0x205F...0x2060, 0x3000, 0xFEFF: return true
        default: return false
        }
    }

    /// One line read with Foundation, as `parse` always did: the reference for the fast path.
    static func parseLine(_ line: Substring) -> String? {
        let word = line.trimmingCharacters(in: .whitespaces)
        if word.isEmpty || word.hasPrefix("#") { return nil }
        let lower = word.lowercased()
        return lower.contains("’") ? lower.replacingOccurrences(of: "’", with: "'") : lower
    }

    /// `parse` line by line with Foundation (the fast path's reference, and the path for text with CR).
    static func parseByCharacters(_ text: String) -> Set<String> {
        Set(text.split(separator: "\n").compactMap(parseLine))
    }

    /// The lists built into the binary.
    public static let embedded: StopwordLists = {
        var lists: [String: Set<String>] = [:]
        for file in EmbeddedResources.files where file.path.hasPrefix("stopwords/") && file.path.hasSuffix(".txt") {
            let code = String(file.path.dropFirst("stopwords/".count).dropLast(".txt".count))
            lists[code] = parse(file.text)
        }
        return StopwordLists(lists: lists)
    }()

    /// The language mask of a lower-cased token (0 when no list holds it).
    @inline(__always)
    func mask(of token: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let base = token.baseAddress else { return 0 }
        return mask(of: base, count: token.count)
    }

    @inline(__always)
    func mask(of token: UnsafePointer<UInt8>, count: Int) -> UInt64 {
        guard count > 0, count <= longestWordBytes else { return 0 }
        return table.value(of: token, count: count)
    }

    /// The bitmask that selects `language`'s list, or every list when the language is unknown.
    public func selector(for language: String?) -> UInt64 {
        if let language, let bit = codes.firstIndex(of: language) { return 1 << UInt64(bit) }
        return ~0
    }
}

/// An immutable open-addressing hash table from stopwords (lower-cased UTF-8) to language masks,
/// looked up straight from a word buffer (no String, no allocation): the stopword index of the
/// measure stage, which looks words up in C (`winnow_word_value` in CMeasureKernel; this type
/// builds the table the kernel reads). A word of at most 16 bytes is its key, as two
/// zero-padded 64-bit words, so a lookup hashes two words instead of every byte and compares
/// two words instead of bytes (no key holds a zero byte, so the padding cannot make two keys
/// equal, and a zero key marks an empty slot).
///
/// Built for lookups without branches or cache misses, as most words are no stopword and
/// whether one is cannot be predicted: a 64K-bit Bloom filter (two bits of one word a key,
/// 8 KB) turns most of the others away, and they read slot 0, always empty, instead of a slot
/// anywhere; a word the filter lets by reads its home slot, whose entry (key and mask) is in
/// the slot itself. Only when the home slot holds another word does the lookup probe on.
/// Shorter words, the commoner ones, go in first and get their home slots.
///
/// The slots hold the words of at most 8 bytes (nine in ten of the lists' words and more of
/// the words read), 16 bytes a slot: a page's stopwords are read from a table two thirds the
/// size of one of 24-byte slots for every word, which more often stays cached from page to
/// page. The words of 9 to 16 bytes are in long slots of their own, which a lookup reaches by
/// probing on: each one's home slot among the others is taken (by a word, or by a mark that no
/// key equals). The few words longer than 16 bytes are in a dictionary.
final class WordMaskTable: @unchecked Sendable {
    /// Longest word held inline, in bytes.
    static var inlineBytes: Int { 16 }

    /// A key of at most 8 bytes and its value (an empty slot: key 0, value 0).
    typealias Entry = winnow_word_entry
    /// A key of 9 to 16 bytes and its value.
    typealias LongEntry = winnow_long_entry

    private let mask: Int
    private let longMask: Int
    private let longSlots: UnsafeMutablePointer<LongEntry>
    /// Where `slots`, `bloom` and `longSlots` are.
    private let storage: UnsafeMutableRawPointer
    /// The empty slot 0, then `mask + 1` slots.
    private let slots: UnsafeMutablePointer<Entry>
    private let bloom: UnsafeMutablePointer<UInt64>
    /// Words longer than `inlineBytes`.
    let longer: [[UInt8]: UInt64]

    /// A word may come more than once (a stopword of several languages): its values are merged.
    convenience init(_ words: [([UInt8], UInt64)]) {
        self.init(words: words)
    }

    /// The words as any collections of their UTF-8 (a String's, read in place).
    init<Word: Collection<UInt8>>(words: [(Word, UInt64)]) {
        // The words of at most 16 bytes by their keys, shorter words first, then in byte order
        // (the keys' bytes read big-endian), each once with its values merged.
        var padded = [UInt8](repeating: 0, count: Self.inlineBytes)
        var keyed: [(length: Int, low: UInt64, high: UInt64, value: UInt64)] = []
        keyed.reserveCapacity(words.count)
        for (word, value) in words where value != 0 {
            let count = word.count
            guard count <= Self.inlineBytes else { continue }
            let (low, high) = padded.withUnsafeMutableBufferPointer { padded in
                padded.update(repeating: 0)
                _ = padded.initialize(from: word)
                return Self.key(padded.baseAddress!, count: count)
            }
            keyed.append((count, low, high, value))
        }
        keyed.sort { ($0.length, $0.low.byteSwapped, $0.high.byteSwapped) < ($1.length, $1.low.byteSwapped, $1.high.byteSwapped) }
        var short: [(key: UInt64, value: UInt64)] = [], long: [(low: UInt64, high: UInt64, value: UInt64)] = []
        short.reserveCapacity(keyed.count)
        for entry in keyed {
            if entry.high == 0, let last = short.last, last.key == entry.low {
                short[short.count - 1].value |= entry.value
            } else if entry.high == 0 {
                short.append((entry.low, entry.value))
            } else if let last = long.last, last.low == entry.low, last.high == entry.high {
                long[long.count - 1].value |= entry.value
            } else {
                long.append((entry.low, entry.high, entry.value))
            }
        }
        longer = Dictionary(words.filter { $0.0.count > Self.inlineBytes }.map { (Array($0.0), $0.1) }, uniquingKeysWith: |)
        var capacity = 16
        while capacity < (short.count + long.count) * 2 { capacity *= 2 }
        mask = capacity - 1
        var longCapacity = 16
        while longCapacity < long.count * 2 { longCapacity *= 2 }
        longMask = longCapacity - 1
        // One block: the slots (slot 0 always empty, where the filter sends the words it turns
        // away; the words' slots are 1...capacity), the filter, the long slots.
        let slotBytes = (capacity + 1) * MemoryLayout<Entry>.stride
        let longBytes = longCapacity * MemoryLayout<LongEntry>.stride
        storage = Self.allocateStorage(byteCount: slotBytes + 1024 * 8 + longBytes)
        slots = storage.bindMemory(to: Entry.self, capacity: capacity + 1)
        slots.initialize(repeating: Entry(), count: capacity + 1)
        bloom = (storage + slotBytes).bindMemory(to: UInt64.self, capacity: 1024)
        bloom.initialize(repeating: 0, count: 1024)
        longSlots = (storage + slotBytes + 1024 * 8).bindMemory(to: LongEntry.self, capacity: longCapacity)
        longSlots.initialize(repeating: LongEntry(), count: longCapacity)
        for (key, value) in short {
            let hash = Self.hash(key, 0)
            var slot = Self.homeSlot(hash, mask: mask)
            while slots[slot].key != 0 { slot = (slot & mask) + 1 }
            slots[slot] = Entry(key: key, value: value)
            let (word, bits) = Self.bloomBits(hash)
            bloom[word] |= bits
        }
        for (low, high, value) in long {
            let hash = Self.hash(low, high)
            var slot = Int(truncatingIfNeeded: hash >> 32) & longMask
            while longSlots[slot].low != 0 { slot = (slot + 1) & longMask }
            longSlots[slot] = LongEntry(low: low, high: high, value: value)
            let (word, bits) = Self.bloomBits(hash)
            bloom[word] |= bits
            // Its home slot taken, so that a lookup goes on to the long slots.
            let home = Self.homeSlot(hash, mask: mask)
            if slots[home].key == 0 { slots[home] = Entry(key: Self.takenMark, value: 0) }
        }
    }

    /// The key of a slot only taken: no word's, as a word's first byte is not zero.
    static var takenMark: UInt64 { 0x100 }

    deinit {
        free(storage)
    }

    /// Memory for the table (freed by `free`). Lookups land anywhere in the slots (some 200 KB
    /// for the embedded lists): with 4 KB pages nearly every one would need another page's
    /// translation, so on Linux the block asks for one 2 MB page (transparent huge pages, when
    /// the kernel has them on request).
    private static func allocateStorage(byteCount: Int) -> UnsafeMutableRawPointer {
        #if os(Linux)
        let hugePage = 2 << 20
        if byteCount <= hugePage, let block = aligned_alloc(hugePage, hugePage) {
            _ = madvise(block, hugePage, MADV_HUGEPAGE)
            return block
        }
        #endif
        var block: UnsafeMutableRawPointer?
        guard posix_memalign(&block, 64, byteCount) == 0, let block else { fatalError("out of memory") }
        return block
    }

    /// The first `count` (1...16) bytes at `p` as two little-endian words, the rest zero.
    /// Reads 16 bytes: `p` must have that many readable.
    @inline(__always)
    static func key(_ p: UnsafePointer<UInt8>, count: Int) -> (low: UInt64, high: UInt64) {
        let raw = UnsafeRawPointer(p)
        let low = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        let high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        let lowMask: UInt64 = count >= 8 ? ~0 : (1 &<< UInt64(truncatingIfNeeded: count &* 8)) &- 1
        let highMask: UInt64 = count >= 16 ? ~0 : count <= 8 ? 0 : (1 &<< UInt64(truncatingIfNeeded: (count &- 8) &* 8)) &- 1
        return (low & lowMask, high & highMask)
    }

    /// One multiplication (the lookup waits on it), whose upper bits, the best mixed, choose the
    /// home slot and the filter's bits. A poor spread costs only probes and filter hits: lookups
    /// compare whole keys. (The kernel's `word_hash`, `word_value` are the same.)
    static func hash(_ low: UInt64, _ high: UInt64) -> UInt64 {
        (low &+ (high << 27 | high >> 37)) &* 0x9E37_79B9_7F4A_7C15
    }

    /// A key's first slot to try (1...mask + 1; probing goes on from `mask + 1` to 1).
    static func homeSlot(_ hash: UInt64, mask: Int) -> Int { (Int(truncatingIfNeeded: hash >> 32) & mask) + 1 }

    /// The filter's word (of 1024) and its two bits for the key: both in one word, so that a
    /// lookup reads one word.
    static func bloomBits(_ hash: UInt64) -> (word: Int, bits: UInt64) {
        (Int(hash >> 48 & 1023), 1 << (hash >> 58) | 1 << (hash >> 42 & 63))
    }

    /// The value of the word `p[0..<count]` (at least 16 bytes readable at `p`), or 0 when the
    /// table does not hold it.
    func value(ofPadded p: UnsafePointer<UInt8>, count: Int) -> UInt64 {
        guard count <= Self.inlineBytes else { return longer[Array(UnsafeBufferPointer(start: p, count: count))] ?? 0 }
        let (low, high) = Self.key(p, count: count)
        return value(low: low, high: high)
    }

    /// The value of the word whose key (`key`) is given, or 0.
    func value(low: UInt64, high: UInt64) -> UInt64 {
        withUnsafePointer(to: kernelTable(longestWord: Self.inlineBytes)) { winnow_word_value($0, low, high) }
    }

    /// The table as the kernel reads it, for words of at most `longestWord` bytes (valid while
    /// the table lives; it does not retain it).
    func kernelTable(longestWord: Int) -> winnow_word_table {
        winnow_word_table(slots: slots, slot_mask: UInt64(mask), long_slots: longSlots, long_mask: UInt64(longMask), bloom: bloom, longest_word: longestWord,
                          longer_value: { context, word, count in
                              let table = Unmanaged<WordMaskTable>.fromOpaque(context!).takeUnretainedValue()
                              return table.value(ofPadded: word!, count: count)
                          },
                          longer_context: UnsafeRawPointer(Unmanaged.passUnretained(self).toOpaque()))
    }

    /// The value of the word `p[0..<count]` (any buffer), or 0.
    func value(of p: UnsafePointer<UInt8>, count: Int) -> UInt64 {
        guard count <= Self.inlineBytes else { return value(ofPadded: p, count: count) }
        var padded: (UInt64, UInt64) = (0, 0)
        return withUnsafeMutableBytes(of: &padded) { raw in
            let bytes = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            bytes.update(from: p, count: count)
            return value(ofPadded: bytes, count: count)
        }
    }
}
