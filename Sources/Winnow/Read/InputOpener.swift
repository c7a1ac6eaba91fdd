import Foundation

/// An input opened for reading: its descriptor, closed when the last holder lets go, and what
/// `fstat(2)` said of it. The reading thread of a batch opens a page file and hands it to a
/// worker this way, so the file's path is looked up once, not once to `stat` it and again to open it.
public final class OpenedInput: @unchecked Sendable {
    public let descriptor: Int32
    private let owned: Bool
    /// The file's status; nil when `fstat` failed.
    public let status: stat?

    init(descriptor: Int32, owned: Bool) {
        self.descriptor = descriptor
        self.owned = owned
        var info = stat()
        status = fstat(descriptor, &info) == 0 ? info : nil
    }

    deinit { if owned { close(descriptor) } }

    /// The size of a regular file (nil for pipes and terminals).
    public var regularFileSize: Int? {
        guard let status, status.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int(status.st_size)
    }
}

/// Opens inputs by path, for one thread. A file in the same folder as the one before is opened
/// relative to that folder's descriptor (`openat(2)`), so the kernel looks up the folder's path
/// once for all its files rather than for each (a batch opens inputs in the walker's order,
/// folder by folder). A folder that cannot be opened is left to `open(2)` with the whole path,
/// which then says what is wrong.
public final class InputOpener {
    private var folderPath = ""
    private var folder: Int32 = -1

    public init() {}

    deinit { if folder >= 0 { close(folder) } }

    /// Opens `path` ("-" is standard input); throws a `StreamError` naming the problem.
    public func open(_ path: String) throws -> OpenedInput {
        if path == "-" { return OpenedInput(descriptor: STDIN_FILENO, owned: false) }
        let descriptor = descriptor(for: path)
        guard descriptor >= 0 else {
            let reason: RejectReason = errno == ENOENT ? .noSuchFile : .unreadable
            throw StreamError(reason, reason == .noSuchFile ? nil : String(cString: strerror(errno)))
        }
        return OpenedInput(descriptor: descriptor, owned: true)
    }

    private func descriptor(for path: String) -> Int32 {
        guard let (folder, name) = locate(path) else { return systemOpen(path, O_RDONLY | O_CLOEXEC) }
        return openat(folder, name, O_RDONLY | O_CLOEXEC)
    }

    /// The descriptor of `path`'s folder (opened now unless it is the last one's) and the name
    /// in it; nil for a path without a folder, or when the folder cannot be opened.
    private func locate(_ path: String) -> (folder: Int32, name: String)? {
        let utf8 = path.utf8
        guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")), slash != utf8.startIndex,
              utf8.index(after: slash) != utf8.endIndex else { return nil }
        let parent = String(path[..<slash])
        if parent != folderPath {
            if folder >= 0 { close(folder) }
            folderPath = parent
            folder = systemOpen(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        }
        return folder >= 0 ? (folder, String(path[utf8.index(after: slash)...])) : nil
    }
}

#if canImport(Glibc)
private let systemOpen: (UnsafePointer<CChar>, Int32) -> Int32 = { Glibc.open($0, $1) }
#elseif canImport(Darwin)
private let systemOpen: (UnsafePointer<CChar>, Int32) -> Int32 = { Darwin.open($0, $1) }
#endif
