import Foundation

/// What `--resume` knows: a line in `DIR/.winnow-resume.jsonl` for every input whose outputs
/// are all in place, written right after they were (so a run killed at any moment has recorded
/// only complete inputs), with that input's size and modification time, the name its output
/// took, its figures and its rejects. A resumed run skips those inputs — replaying their
/// figures and rejects, so its summary, `--stats` and `--rejects` are those of an uninterrupted
/// run — and does the rest. The first line records the options; resuming with others is refused.
public final class ResumeIndex: @unchecked Sendable {  // entries are only read once loaded; only the writer appends
    public static let fileName = ".winnow-resume.jsonl"

    public struct Entry: Codable, Sendable {
        /// The input's path as given.
        public var input: String
        public var size: Int
        /// Modification time, in nanoseconds since 1970.
        public var modified: Int
        /// The name the input's output file took (relative to `--out`), when it has one.
        public var output: String?
        /// Whether that file was written (a page that was rejected leaves none).
        public var outputWritten: Bool
        /// The output folder (relative to `--out`) of a many-document input written a file a document.
        public var folder: String?
        public var stats: RunStats
        public var rejects: [Reject]

        enum CodingKeys: String, CodingKey {
            case input, size, modified, output, folder, stats, rejects
            case outputWritten = "output_written"
        }
    }

    struct Header: Codable {
        var winnow_resume: Int
        var options: String
    }

    public struct Mismatch: Error, CustomStringConvertible {
        public let description: String
    }

    private let root: String
    private let path: String
    private var entries: [String: Entry] = [:]
    private let writer: FileWriter

    /// Opens the index of the output folder `root`. Resuming keeps the entries recorded with the
    /// same `options` (and throws `Mismatch` when they were other); otherwise the index starts empty.
    public init(root: String, options: String, resume: Bool) throws {
        self.root = root
        path = (root as NSString).appendingPathComponent(Self.fileName)
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let header = String(decoding: try! JSONEncoder.sorted.encode(Header(winnow_resume: 1, options: options)), as: UTF8.self) + "\n"
        if resume, let data = FileManager.default.contents(atPath: path), !data.isEmpty {
            let bytes = [UInt8](data)
            var validEnd = 0
            var lineStart = 0
            var first = true
            let decoder = JSONDecoder()
            while let newline = bytes[lineStart...].firstIndex(of: 0x0A) {
                let line = Data(bytes[lineStart..<newline])
                if first {
                    guard let found = try? decoder.decode(Header.self, from: line) else { break }
                    guard found.options == options else {
                        throw Mismatch(description: "\(root) was written with other options (\(found.options)); run without --resume to start over")
                    }
                    first = false
                } else {
                    guard let entry = try? decoder.decode(Entry.self, from: line) else { break }
                    entries[entry.input] = entry
                }
                lineStart = newline + 1
                validEnd = lineStart
            }
            if first {
                writer = try FileWriter(path: path, capacity: 1 << 16)
                try writer.write(header)
            } else {
                // Drop a line a killed run left half-written, then append after the complete ones.
                truncate(path, off_t(validEnd))
                writer = try FileWriter(path: path, append: true, capacity: 1 << 16)
            }
        } else {
            writer = try FileWriter(path: path, capacity: 1 << 16)
            try writer.write(header)
        }
        try writer.flush()
    }

    /// The entry of an input that is complete and unchanged since, with its output still in place.
    public func completed(_ item: InputWalker.Item) -> Entry? {
        guard let entry = entries[item.path], let identity = Self.identity(of: item.path),
              identity.size == entry.size, identity.modified == entry.modified else { return nil }
        if let output = entry.output, entry.outputWritten, !FileManager.default.fileExists(atPath: (root as NSString).appendingPathComponent(output)) { return nil }
        return entry
    }

    /// Records a complete input (after its outputs are in place).
    public func record(_ entry: Entry) throws {
        try writer.write(String(decoding: try JSONEncoder.sorted.encode(entry), as: UTF8.self) + "\n")
        try writer.flush()
    }

    public func close() throws { try writer.close() }

    /// Size and modification time of a file, or nil (standard input, a missing file).
    public static func identity(of path: String) -> (size: Int, modified: Int)? {
        guard path != "-" else { return nil }
        return status(of: path).map(identity(of:))
    }

    /// What `stat(2)` says of `path`; nil when it fails.
    static func status(of path: String) -> stat? {
        var info = stat()
        return stat(path, &info) == 0 ? info : nil
    }

    /// Size and modification time (in nanoseconds) as the index records them.
    static func identity(of info: stat) -> (size: Int, modified: Int) {
        (Int(info.st_size), Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec))
    }
}

extension JSONEncoder {
    /// Keys sorted, so the same value always encodes to the same bytes.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
