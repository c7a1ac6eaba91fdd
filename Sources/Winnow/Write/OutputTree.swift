import Foundation

/// Where `--out` files go. A one-page input mirrors its path under the root with the format's
/// extension (`in/a/b.txt` → `out/a/b.txt`); a JSONL output is one file per input
/// (`shard.jsonl` → `out/shard.jsonl`); text or annotated output of a many-document input is a
/// folder of one file per document, named from the ids (`crawl.warc.gz` → `out/crawl.warc/`).
/// Every file is written atomically (`AtomicFile`), and every path is checked to stay under the root.
public struct OutputTree {
    public let root: String
    public let fileExtension: String

    public init(root: String, fileExtension: String = "txt") {
        self.root = root
        self.fileExtension = fileExtension
    }

    public struct WriteError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
        public var description: String { "\(path): \(reason)" }
    }

    /// The output path of a one-page input, or of a many-document input written as one JSONL file.
    public func path(for item: InputWalker.Item) -> String {
        (root as NSString).appendingPathComponent(OutputNamer.stem(item.relativePath) + "." + fileExtension)
    }

    /// The full path of a path relative to the root, refused when it would leave the root.
    public func resolve(_ relative: String) throws -> String {
        guard OutputNamer.isContained(relative) else {
            throw WriteError(path: relative, reason: "output path would leave the output folder")
        }
        return (root as NSString).appendingPathComponent(relative)
    }

    /// Writes to a temporary name, then renames, so a killed run never leaves a half-written file that looks complete.
    public func write(_ text: String, for item: InputWalker.Item) throws {
        try AtomicFile.write(text, to: path(for: item))
    }

    /// Writes a whole file at a path relative to the root, atomically.
    public func write(_ text: String, to relative: String) throws {
        try AtomicFile.write(text, to: try resolve(relative))
    }

    public func write(_ bytes: [UInt8], to relative: String) throws {
        try AtomicFile.write(bytes, to: try resolve(relative))
    }

    /// Removes temporary files a killed run left (`.winnow-tmp-*`), so a resumed run ends
    /// with exactly the files of an uninterrupted one. Returns how many were removed.
    @discardableResult
    public func removeLeftovers() -> Int {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return 0 }
        var removed = 0
        while let relative = enumerator.nextObject() as? String {
            if (relative as NSString).lastPathComponent.hasPrefix(AtomicFile.temporaryPrefix),
               unlink((root as NSString).appendingPathComponent(relative)) == 0 {
                removed += 1
            }
        }
        return removed
    }
}
