import Foundation

/// An input opened for reading: its descriptor, closed when the last holder lets go, and what
/// `fstat(2)` said of it. The reading thread of a batch opens a page file and hands it to a
/// worker this way, so the file's path is looked up once, not once to `stat` it and again to open it.
public final class OpenedInput: @unchecked Sendable {
    public let descriptor: Int32
    private let owned: Bool
    /// The file's status; nil when `fstat` failed.
    public let status: stat?

    /// Opens `path` ("-" is standard input); throws a `StreamError` naming the problem.
    public convenience init(path: String) throws {
        if path == "-" {
            self.init(descriptor: STDIN_FILENO, owned: false)
            return
        }
        let descriptor = systemOpen(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason: RejectReason = errno == ENOENT ? .noSuchFile : .unreadable
            throw StreamError(reason, reason == .noSuchFile ? nil : String(cString: strerror(errno)))
        }
        self.init(descriptor: descriptor, owned: true)
    }

    private init(descriptor: Int32, owned: Bool) {
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

#if canImport(Glibc)
private let systemOpen: (UnsafePointer<CChar>, Int32) -> Int32 = { Glibc.open($0, $1) }
#elseif canImport(Darwin)
private let systemOpen: (UnsafePointer<CChar>, Int32) -> Int32 = { Darwin.open($0, $1) }
#endif
