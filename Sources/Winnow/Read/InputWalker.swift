import Foundation

/// Expands the command line's inputs (files, folders, `-`) into documents, in a stable order.
/// Folders are walked recursively; hidden files and folders are skipped.
public struct InputWalker {
    public struct Item: Sendable, Equatable {
        /// The path to read, or "-" for standard input.
        public var path: String
        /// The path relative to the input it came from, used for ids and `--out` mirroring.
        public var relativePath: String

        public init(path: String, relativePath: String) {
            self.path = path
            self.relativePath = relativePath
        }
    }

    public struct Problem: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    public init() {}

    /// A walk run on a thread of its own; `wait()` waits for it to end.
    public final class Walk: @unchecked Sendable {
        private var found: (items: [Item], problems: [Problem]) = ([], [])
        private let done = DispatchSemaphore(value: 0)

        fileprivate init(_ inputs: [String], walker: InputWalker) {
            Thread { [self] in
                found = walker.items(for: inputs)
                done.signal()
            }.start()
        }

        /// What the walk found, once it has ended.
        public func wait() -> (items: [Item], problems: [Problem]) {
            done.wait()
            done.signal()   // for the next to ask
            return found
        }
    }

    /// Starts walking `inputs` on another thread (a batch with cores to spare walks its inputs
    /// while its rules load: a serial start limits what more cores gain).
    public func walkInBackground(_ inputs: [String]) -> Walk { Walk(inputs, walker: self) }

    /// Every readable file under the inputs, and a problem for each input that cannot be read.
    public func items(for inputs: [String]) -> (items: [Item], problems: [Problem]) {
        var items: [Item] = []
        var problems: [Problem] = []
        let fileManager = FileManager.default
        for input in inputs {
            if input == "-" {
                items.append(Item(path: "-", relativePath: "stdin"))
                continue
            }
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: input, isDirectory: &isDirectory) else {
                problems.append(Problem(path: input, reason: "no such file or folder"))
                continue
            }
            if !isDirectory.boolValue {
                items.append(Item(path: input, relativePath: (input as NSString).lastPathComponent))
                continue
            }
            guard let found = Self.regularFiles(under: input) else {
                problems.append(Problem(path: input, reason: "cannot list folder"))
                continue
            }
            let root = input.hasSuffix("/") ? String(input.dropLast()) : input
            items += found.sorted().map { Item(path: root + "/" + $0, relativePath: $0) }
        }
        return (items, problems)
    }

    /// The regular files under `folder`, as paths relative to it, in no particular order: hidden
    /// entries are skipped, symbolic links are not followed (as FileManager's enumerator does).
    /// Read with readdir(3) and the entry types it gives, so a large folder costs no stat a file.
    /// Nil when `folder` cannot be listed; sub-folders that cannot be are skipped.
    static func regularFiles(under folder: String) -> [String]? {
        guard let top = opendir(folder) else { return nil }
        var found: [String] = []
        var pending: [(handle: OpaquePointer?, prefix: String)] = [(top, "")]
        while let (opened, prefix) = pending.popLast() {
            guard let handle = opened ?? opendir(folder + "/" + prefix) else { continue }
            while let entry = readdir(handle) {
                let (name, type) = withUnsafeBytes(of: entry.pointee.d_name) { raw -> (String, UInt8) in
                    (String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self)), entry.pointee.d_type)
                }
                if name.hasPrefix(".") { continue }
                let relative = prefix + name
                switch Self.kind(type, path: folder + "/" + relative) {
                case .regular: found.append(relative)
                case .folder: pending.append((nil, relative + "/"))
                case .other: break
                }
            }
            closedir(handle)
        }
        return found
    }

    private enum Kind { case regular, folder, other }

    /// The entry's type from readdir, or from lstat(2) when the file system does not give it.
    private static func kind(_ type: UInt8, path: String) -> Kind {
        switch Int(type) {
        case Int(DT_REG): return .regular
        case Int(DT_DIR): return .folder
        case Int(DT_UNKNOWN):
            var info = stat()
            guard lstat(path, &info) == 0 else { return .other }
            switch info.st_mode & S_IFMT {
            case S_IFREG: return .regular
            case S_IFDIR: return .folder
            default: return .other
            }
        default: return .other
        }
    }
}
