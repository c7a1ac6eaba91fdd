import Foundation

/// A case folding for the literal prefilter that agrees with PCRE2's own caseless matching:
/// whenever PCRE2 (UTF + UCP, caseless) treats two characters as equal, `fold` maps them to the
/// same scalar. It may merge more than PCRE2 does (a prefilter only has to be conservative),
/// never less.
///
/// The classes are not taken from a Unicode table of ours: they are asked of the linked PCRE2
/// library. For each character a literal can hold, a caseless pattern of that one character is
/// run over every scalar of the scripts that have case (`casedRanges`), and every match joins
/// the character's class. ASCII letters always fold to lower case (so plain text needs no
/// lookups); other scalars fold only when they belong to one of those classes.
public final class CaseFolding: @unchecked Sendable {
    /// Non-ASCII scalar → the scalar it folds to (only scalars that change).
    private let map: [UInt32: UInt32]
    /// Two-level table over `map` for the scan loop: `pages[page(v)]` is nil when nothing in
    /// that 256-scalar page folds.
    private let pages: [[UInt32]?]
    /// For each UTF-8 lead byte: whether some scalar it starts folds to another scalar.
    public let leadByteFolds: [Bool]

    /// The folding that covers every character of `scalars` (the characters literals hold).
    public init(covering scalars: Set<UInt32>) {
        var parent: [UInt32: UInt32] = [:]
        func find(_ x: UInt32) -> UInt32 {
            var x = x
            while let p = parent[x], p != x { x = p }
            return x
        }
        func union(_ a: UInt32, _ b: UInt32) {
            if parent[a] == nil { parent[a] = a }
            if parent[b] == nil { parent[b] = b }
            let ra = find(a), rb = find(b)
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        for scalar in scalars {
            for other in CaseFolding.caselessClass(of: scalar) where other != scalar { union(scalar, other) }
        }
        // Each class folds to one member: its ASCII lower-case letter when it has one (so ASCII
        // needs no lookup), else its smallest lower-case letter (the common form in text, which
        // then folds to itself), else its smallest scalar.
        var members: [UInt32: [UInt32]] = [:]
        for key in parent.keys { members[find(key), default: []].append(key) }
        var map: [UInt32: UInt32] = [:]
        for (_, group) in members {
            let lower = group.filter { Unicode.Scalar($0)?.properties.isLowercase == true }.min()
            let target = group.first { $0 >= 0x61 && $0 <= 0x7A } ?? lower ?? group.min()!
            for member in group where member != target {
                // ASCII upper case folds by arithmetic in `fold`; the rest goes through the table.
                if member >= 0x41 && member <= 0x5A && target == member + 0x20 { continue }
                map[member] = target
            }
        }
        // An ASCII letter can only be a target (its class's lower-case letter): a class that
        // would fold an ASCII letter elsewhere cannot occur, since PCRE2 classes of ASCII
        // letters always hold the lower-case letter.
        self.map = map
        var pages = [[UInt32]?](repeating: nil, count: 0x1100)
        var leads = [Bool](repeating: false, count: 256)
        for (from, to) in map {
            let page = Int(from >> 8)
            if pages[page] == nil { pages[page] = (0..<256).map { UInt32(page << 8) | UInt32($0) } }
            pages[page]![Int(from & 0xFF)] = to
            if from >= 0x80 { leads[Int(CaseFolding.utf8(from)[0])] = true }
        }
        self.pages = pages
        leadByteFolds = leads
    }

    /// The pages as one flat table, for the C kernel's fold: for each page, where its 256
    /// folds start in `folds`, or -1 when nothing in it folds.
    public var flatPages: (starts: [Int32], folds: [UInt32]) {
        var starts: [Int32] = [], folds: [UInt32] = []
        for page in pages {
            if let page {
                starts.append(Int32(folds.count))
                folds += page
            } else {
                starts.append(-1)
            }
        }
        return (starts, folds)
    }

    /// The scalar `v` folds to.
    @inline(__always)
    public func fold(_ v: UInt32) -> UInt32 {
        if v < 0x80 { return v &- 0x41 < 26 ? v | 0x20 : v }
        let page = Int(v >> 8)
        guard page < pages.count, let table = pages[page] else { return v }
        return table[Int(v & 0xFF)]
    }

    /// The folded UTF-8 of a string of scalars.
    public func foldedUTF8<Scalars: Collection<UInt32>>(_ scalars: Scalars) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count * 2)
        for scalar in scalars {
            let v = fold(scalar)
            if v < 0x80 { bytes.append(UInt8(v)) }
            else if v < 0x800 { bytes.append(UInt8(0xC0 | v >> 6)); bytes.append(UInt8(0x80 | v & 0x3F)) }
            else if v < 0x10000 { bytes.append(UInt8(0xE0 | v >> 12)); bytes.append(UInt8(0x80 | v >> 6 & 0x3F)); bytes.append(UInt8(0x80 | v & 0x3F)) }
            else {
                bytes.append(UInt8(0xF0 | v >> 18)); bytes.append(UInt8(0x80 | v >> 12 & 0x3F))
                bytes.append(UInt8(0x80 | v >> 6 & 0x3F)); bytes.append(UInt8(0x80 | v & 0x3F))
            }
        }
        return bytes
    }

    // MARK: - Asking PCRE2

    /// Blocks of the code space that hold characters with case (Latin, Greek, Coptic, Cyrillic,
    /// Armenian, Georgian, Cherokee, Glagolitic, Deseret, Osage, Old Hungarian, Adlam, …, and the
    /// letterlike, Roman-numeral and circled forms), with generous margins. Outside them no
    /// character has a case mapping (a test checks this against the whole code space with
    /// PCRE2 and with Swift's Unicode data).
    public static let casedRanges: [ClosedRange<UInt32>] = [
        0x0080...0x07FF, 0x10A0...0x10FF, 0x13A0...0x13FF, 0x1C80...0x1CBF, 0x1D00...0x1FFF,
        0x2100...0x218F, 0x24B0...0x24FF, 0x2C00...0x2D2F, 0xA640...0xA69F, 0xA720...0xA7FF,
        0xAB30...0xABBF, 0xFB00...0xFB1F, 0xFF00...0xFF5F, 0x10400...0x104FF, 0x10570...0x105BF,
        0x10C80...0x10CFF, 0x10D40...0x10D8F, 0x118A0...0x118FF, 0x16E40...0x16EDF, 0x1E900...0x1E95F,
        0x1F130...0x1F189,
    ]

    /// Every scalar of `casedRanges` and ASCII, as UTF-8, with the offset where each starts.
    private static let candidates: (bytes: [UInt8], scalars: [UInt32]) = {
        var bytes: [UInt8] = []
        var scalars: [UInt32] = []
        var all = Array(UInt32(0x20)...UInt32(0x7E))
        for range in casedRanges { all += Array(range) }
        bytes.reserveCapacity(3 * all.count)
        scalars.reserveCapacity(all.count)
        // Encoded in place (an array a scalar was most of making the list).
        for value in all {
            guard let scalar = Unicode.Scalar(value) else { continue }
            UTF8.encode(scalar) { bytes.append($0) }
            scalars.append(value)
        }
        return (bytes, scalars)
    }()

    private static let lock = NSLock()
    nonisolated(unsafe) private static var classes: [UInt32: [UInt32]] = [:]
    /// One scratch for every class asked (under `lock`): a scratch a scalar mapped and freed a JIT stack each time.
    nonisolated(unsafe) private static let scratch = MatchScratch()

    /// The scalars PCRE2 matches caselessly for `scalar` (itself included), from the candidates.
    /// Computed once per scalar and process.
    public static func caselessClass(of scalar: UInt32) -> [UInt32] {
        // Characters outside the cased blocks and ASCII non-letters have no other case.
        let isASCIILetter = (scalar | 0x20) &- 0x61 < 26
        if scalar < 0x80 && !isASCIILetter { return [scalar] }
        if scalar >= 0x80 && !casedRanges.contains(where: { $0.contains(scalar) }) { return [scalar] }
        lock.lock()
        defer { lock.unlock() }
        if let known = classes[scalar] { return known }
        var found: Set<UInt32> = [scalar]
        if let pattern = try? Pattern("\\x{" + String(scalar, radix: 16, uppercase: true) + "}", options: .caseInsensitive) {
            let (bytes, _) = candidates
            bytes.withUnsafeBufferPointer { buffer in
                if let ranges = try? pattern.allMatches(in: buffer, scratch: scratch) {
                    for range in ranges { found.insert(decode(buffer, at: range.lowerBound)) }
                }
            }
        }
        let result = found.sorted()
        classes[scalar] = result
        return result
    }

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt32 {
        let b0 = UInt32(bytes[i])
        if b0 < 0x80 { return b0 }
        if b0 < 0xE0 { return (b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F) }
        if b0 < 0xF0 { return (b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F) }
        return (b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F)
    }

    static func utf8(_ v: UInt32) -> [UInt8] {
        guard let scalar = Unicode.Scalar(v) else { return [] }
        return Array(UTF8.encode(scalar)!)
    }
}
