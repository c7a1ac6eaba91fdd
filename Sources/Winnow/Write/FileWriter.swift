import Foundation

/// Buffered writing to a file descriptor (standard output or a file): one `write(2)` per
/// megabyte, not per document.
public final class FileWriter {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    /// Set by `close()`. A descriptor number is reused by the next `open` of any thread, so
    /// closing it a second time (in `deinit`) would close another thread's file.
    private var closed = false
    private let path: String
    private var buffer: [UInt8] = []
    private let capacity: Int
    public private(set) var bytesWritten = 0

    public init(descriptor: Int32, name: String, capacity: Int = 1 << 20) {
        self.descriptor = descriptor
        self.ownsDescriptor = false
        self.path = name
        self.capacity = capacity
        buffer.reserveCapacity(capacity)
    }

    /// Creates (or truncates) the file at `path`; `append` adds to an existing file instead.
    public init(path: String, append: Bool = false, capacity: Int = 1 << 20) throws {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC)
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { throw OutputTree.WriteError(path: path, reason: "cannot create: \(String(cString: strerror(errno)))") }
        descriptor = fd
        ownsDescriptor = true
        self.path = path
        self.capacity = capacity
        buffer.reserveCapacity(min(capacity, 1 << 16))
    }

    deinit {
        guard !closed else { return }
        try? flush()
        if ownsDescriptor { Foundation.close(descriptor) }
    }

    public func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        bytesWritten += text.utf8.count
        if buffer.count >= capacity { try flush() }
    }

    public func write(_ bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        bytesWritten += bytes.count
        if buffer.count >= capacity { try flush() }
    }

    public func flush() throws {
        var offset = 0
        defer { buffer.removeAll(keepingCapacity: true) }
        while offset < buffer.count {
            let count = buffer.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 {
                if errno == EINTR { continue }
                throw OutputTree.WriteError(path: path, reason: String(cString: strerror(errno)))
            }
            offset += count
        }
    }

    /// Flushes and closes the file (nothing to close for a borrowed descriptor).
    public func close() throws {
        guard !closed else { return }
        try flush()
        closed = true
        if ownsDescriptor, Foundation.close(descriptor) != 0 {
            throw OutputTree.WriteError(path: path, reason: String(cString: strerror(errno)))
        }
    }
}

/// A file that appears under its name only when it is complete: written to a hidden temporary
/// name beside it, then renamed. A run killed half-way leaves at most a `.winnow-tmp-*` file,
/// never a half-written file under the real name.
public final class AtomicFile {
    public static let temporaryPrefix = ".winnow-tmp-"
    public let destination: String
    private let temporary: String
    private var writer: FileWriter?

    public init(destination: String) throws {
        self.destination = destination
        let folder = (destination as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder.isEmpty ? "." : folder, withIntermediateDirectories: true)
        } catch {
            throw OutputTree.WriteError(path: destination, reason: "cannot create folder \(folder)")
        }
        let name = (destination as NSString).lastPathComponent
        temporary = (folder.isEmpty ? "" : folder + "/") + Self.temporaryPrefix + "\(getpid())-" + name
        writer = try FileWriter(path: temporary)
    }

    deinit { abandon() }

    public func write(_ text: String) throws {
        guard let writer else { throw OutputTree.WriteError(path: destination, reason: "output file was abandoned") }
        do { try writer.write(text) } catch { abandon(); throw error }
    }

    public func write(_ bytes: [UInt8]) throws {
        guard let writer else { throw OutputTree.WriteError(path: destination, reason: "output file was abandoned") }
        do { try writer.write(bytes) } catch { abandon(); throw error }
    }

    /// Moves the finished file into place.
    public func commit() throws {
        guard let writer else { throw OutputTree.WriteError(path: destination, reason: "output file was abandoned") }
        self.writer = nil
        do { try writer.close() } catch { unlink(temporary); throw error }
        if rename(temporary, destination) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw OutputTree.WriteError(path: destination, reason: "cannot move output into place: \(reason)")
        }
    }

    /// Drops the unfinished file.
    public func abandon() {
        guard writer != nil else { return }
        writer = nil
        unlink(temporary)
    }

    /// Writes a whole file atomically.
    public static func write(_ text: String, to destination: String) throws {
        let file = try AtomicFile(destination: destination)
        try file.write(text)
        try file.commit()
    }

    public static func write(_ bytes: [UInt8], to destination: String) throws {
        let file = try AtomicFile(destination: destination)
        try file.write(bytes)
        try file.commit()
    }
}
