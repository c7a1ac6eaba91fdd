import Foundation

/// Names of output files under `--out`. Names made from document ids and URLs are reduced to
/// letters, digits, `.`, `-` and `_` (never hidden, never `..`, never a path), cut to a safe
/// length with a hash of the whole id, and kept distinct by `UsedNames`; so no id can make a
/// file outside the output folder or overwrite another document's file.
public enum OutputNamer {
    /// Longest name made from an id, in bytes, before the extension.
    public static let maximumNameBytes = 160

    /// The input's relative path without `.gz` and its last extension: `a/b.txt` → `a/b`,
    /// `shard.jsonl.gz` → `shard`, `x.warc.wet.gz` → `x`.
    public static func stem(_ relativePath: String) -> String {
        var path = relativePath
        func dropExtension(_ allowed: ((String) -> Bool)? = nil) {
            let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
            guard let dot = path[slash...].lastIndex(of: "."), dot > slash else { return }
            let ext = path[path.index(after: dot)...].lowercased()
            if let allowed, !allowed(ext) { return }
            path = String(path[..<dot])
        }
        dropExtension { $0 == "gz" }
        dropExtension()
        dropExtension { $0 == "warc" }
        return path
    }

    /// A file name for a document id or URL: the URL's scheme dropped, every run of other
    /// characters turned into one `_`, leading dots removed, long names cut and given a hash.
    public static func safeName(for id: String) -> String {
        var text = Substring(id.trimmingCharacters(in: .whitespaces))
        if let schemeEnd = text.range(of: "://"), text[..<schemeEnd.lowerBound].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) {
            text = text[schemeEnd.upperBound...]
        }
        var bytes: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "."), UInt8(ascii: "-"):
                bytes.append(byte)
            default:
                if bytes.last != UInt8(ascii: "_") { bytes.append(UInt8(ascii: "_")) }
            }
        }
        while let first = bytes.first, first == UInt8(ascii: ".") || first == UInt8(ascii: "_") { bytes.removeFirst() }
        while let last = bytes.last, last == UInt8(ascii: "_") || last == UInt8(ascii: ".") { bytes.removeLast() }
        if bytes.isEmpty { return "document-" + hash(id) }
        if bytes.count > maximumNameBytes {
            bytes = Array(bytes.prefix(maximumNameBytes - 17)) + Array(("-" + hash(id)).utf8)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// True for a relative path that stays inside the folder it is relative to.
    public static func isContained(_ relativePath: String) -> Bool {
        guard !relativePath.isEmpty, !relativePath.hasPrefix("/") else { return false }
        return relativePath.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }

    /// A stable 64-bit FNV-1a hash, in hex (16 digits).
    public static func hash(_ text: String) -> String {
        let value = fnv1a(text)
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var value: UInt64 = 0xcbf29ce484222325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x100000001b3
        }
        return value
    }
}

/// Output names already taken, so two inputs or two documents never write to one file. Names
/// are compared without case (as some file systems do) and kept as 64-bit hashes, not strings.
public struct UsedNames {
    private var taken = Set<UInt64>()

    public init() {}

    /// `base.ext`, or `base-2.ext`, `base-3.ext`, ... when taken; the name returned is now taken.
    public mutating func claim(_ base: String, extension ext: String) -> String {
        var candidate = base + "." + ext
        var number = 1
        while !taken.insert(OutputNamer.fnv1a(candidate.lowercased())).inserted {
            number += 1
            candidate = base + "-\(number)." + ext
        }
        return candidate
    }

    /// Marks a name as taken (for inputs a resumed run skips).
    public mutating func reserve(_ name: String) {
        taken.insert(OutputNamer.fnv1a(name.lowercased()))
    }
}
