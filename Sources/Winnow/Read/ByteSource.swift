import Foundation

/// A stream of bytes read a chunk at a time: a file, standard input, or a decompressor over
/// another source. Nothing reads a whole input into memory unless it is one document.
public protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes into `buffer`; returns 0 at the end of the stream.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    /// Whether a read that fills less than its buffer has reached the end (a regular file: a
    /// pipe or a decompressor may hand over less at any time). Saves asking again for the 0.
    var shortReadMeansEnd: Bool { get }
}

extension ByteSource {
    public var shortReadMeansEnd: Bool { false }
}

/// A running total of bytes read from disk, shared between the reading thread and the progress line.
public final class ByteCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0

    public init() {}

    public func add(_ count: Int) {
        lock.lock(); total += count; lock.unlock()
    }

    public var value: Int {
        lock.lock(); defer { lock.unlock() }
        return total
    }
}

/// A file or standard input, read with `read(2)`.
public final class FileSource: ByteSource {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private let counter: ByteCounter?

    /// Opens `path` for reading ("-" is standard input); throws a `StreamError` naming the problem.
    public init(path: String, counter: ByteCounter? = nil) throws {
        self.counter = counter
        if path == "-" {
            descriptor = STDIN_FILENO
            ownsDescriptor = false
            return
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let reason: RejectReason = errno == ENOENT ? .noSuchFile : .unreadable
            throw StreamError(reason, reason == .noSuchFile ? nil : String(cString: strerror(errno)))
        }
        descriptor = fd
        ownsDescriptor = true
    }

    deinit { if ownsDescriptor { close(descriptor) } }

    /// The file's size when it is a regular file (nil for pipes and terminals).
    public var regularFileSize: Int? {
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        isRegularFile = true
        return Int(info.st_size)
    }

    /// Known once `regularFileSize` has said so: read(2) of a regular file returns less than
    /// asked for only at its end.
    private var isRegularFile = false
    public var shortReadMeansEnd: Bool { isRegularFile }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = systemRead(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 {
                counter?.add(count)
                return count
            }
            if errno == EINTR { continue }
            throw StreamError(.unreadable, String(cString: strerror(errno)))
        }
    }
}

/// Bytes already in memory, as a source (for tests and for small inputs).
public final class MemorySource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { whole in
            buffer.baseAddress!.copyMemory(from: whole.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }
}

#if canImport(Glibc)
private let systemRead = Glibc.read
#elseif canImport(Darwin)
private let systemRead = Darwin.read
#endif
