import Foundation

/// Stopword lists by language code, read from `rules/stopwords/<code>.txt` (embedded at build
/// time). One word a line; lines starting with `#` are comments.
///
/// For speed each word maps to a bitmask of the languages whose list holds it, so one lookup
/// per token serves both the language guess and the stopword count of any language.
public struct StopwordLists: Sendable {
    public private(set) var lists: [String: Set<String>]
    /// Language codes in bit order.
    public let codes: [String]
    /// For each word, bit `i` set when `codes[i]`'s list holds it.
    let masks: [String: UInt64]
    /// Longest word in any list, in UTF-8 bytes: longer tokens need no lookup.
    let longestWordBytes: Int
    /// The same masks keyed by UTF-8 bytes, for lookups without building a String.
    let table: ByteKeyTable

    public init(lists: [String: Set<String>]) {
        self.lists = lists
        let codes = Array(lists.keys.sorted().prefix(64))
        self.codes = codes
        var masks: [String: UInt64] = [:]
        var longest = 0
        for (bit, code) in codes.enumerated() {
            for word in lists[code]! {
                masks[word, default: 0] |= 1 << UInt64(bit)
                longest = max(longest, word.utf8.count)
            }
        }
        self.masks = masks
        longestWordBytes = longest
        table = ByteKeyTable(masks.map { (Array($0.key.utf8), $0.value) })
    }

    public static func parse(_ text: String) -> Set<String> {
        var words = Set<String>()
        for line in text.split(separator: "\n") {
            let word = line.trimmingCharacters(in: .whitespaces)
            if word.isEmpty || word.hasPrefix("#") { continue }
            let lower = word.lowercased()
            words.insert(lower.contains("’") ? lower.replacingOccurrences(of: "’", with: "'") : lower)
        }
        return words
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

/// An immutable open-addressing hash table from short byte strings to 64-bit values, looked
/// up straight from a buffer (no String, no allocation): the stopword index of the measure stage.
/// A 64K-bit Bloom filter in front of it (two bits a key, 8 KB: it stays in cache) turns most
/// words that are no stopword away before the table is touched.
final class ByteKeyTable: @unchecked Sendable {
    struct Slot {
        var hash: UInt64 = 0
        var value: UInt64 = 0
        var start: Int32 = 0
        var length: Int32 = -1
    }

    private let mask: Int
    private let slots: UnsafeMutablePointer<Slot>
    private let bytes: UnsafeMutablePointer<UInt8>
    private let bloom: UnsafeMutablePointer<UInt64>

    init(_ entries: [([UInt8], UInt64)]) {
        var capacity = 16
        while capacity < entries.count * 2 { capacity *= 2 }
        mask = capacity - 1
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: Slot(), count: capacity)
        bloom = .allocate(capacity: 1024)
        bloom.initialize(repeating: 0, count: 1024)
        let total = entries.reduce(0) { $0 + $1.0.count }
        bytes = .allocate(capacity: max(1, total))
        var offset = 0
        for (key, value) in entries {
            let hash = key.withUnsafeBufferPointer { Self.hash($0.baseAddress!, count: key.count) }
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot].length >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Slot(hash: hash, value: value, start: Int32(offset), length: Int32(key.count))
            for byte in key { bytes[offset] = byte; offset += 1 }
            let (a, b) = Self.bloomBits(hash)
            bloom[a >> 6] |= 1 << UInt64(a & 63)
            bloom[b >> 6] |= 1 << UInt64(b & 63)
        }
    }

    deinit {
        slots.deallocate()
        bytes.deallocate()
        bloom.deallocate()
    }

    @inline(__always)
    static func bloomBits(_ hash: UInt64) -> (Int, Int) { (Int(hash >> 24 & 0xFFFF), Int(hash >> 44 & 0xFFFF)) }

    /// FNV-1a over the bytes.
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, count: Int) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for i in 0..<count { hash = (hash ^ UInt64(p[i])) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    /// The value of the key `p[0..<count]`, or 0 when the table does not hold it.
    @inline(__always)
    func value(of p: UnsafePointer<UInt8>, count: Int) -> UInt64 {
        view.value(of: p, count: count, hash: Self.hash(p, count: count))
    }

    /// The table's storage, for lookups in hot loops without retaining the table (valid while
    /// the table lives).
    var view: View { View(mask: mask, slots: slots, bytes: bytes, bloom: bloom) }

    struct View {
        let mask: Int
        let slots: UnsafeMutablePointer<Slot>
        let bytes: UnsafeMutablePointer<UInt8>
        let bloom: UnsafeMutablePointer<UInt64>

        /// The value of the key `p[0..<count]` whose hash (`ByteKeyTable.hash`) is given, or 0.
        @inline(__always)
        func value(of p: UnsafePointer<UInt8>, count: Int, hash: UInt64) -> UInt64 {
            let (a, b) = ByteKeyTable.bloomBits(hash)
            guard bloom[a >> 6] & (1 << UInt64(a & 63)) != 0, bloom[b >> 6] & (1 << UInt64(b & 63)) != 0 else { return 0 }
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let entry = slots[slot]
                if entry.length < 0 { return 0 }
                if entry.hash == hash && Int(entry.length) == count {
                    let key = bytes + Int(entry.start)
                    var i = 0
                    while i < count && key[i] == p[i] { i += 1 }
                    if i == count { return entry.value }
                }
                slot = (slot + 1) & mask
            }
        }
    }
}
