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
    private let input: OpenedInput
    private let counter: ByteCounter?

    /// Opens `path` for reading ("-" is standard input); throws a `StreamError` naming the problem.
    public convenience init(path: String, counter: ByteCounter? = nil) throws {
        self.init(try OpenedInput(path: path), counter: counter)
    }

    /// Reads an input already opened.
    public init(_ input: OpenedInput, counter: ByteCounter? = nil) {
        self.input = input
        self.counter = counter
    }

    /// The file's size when it is a regular file (nil for pipes and terminals).
    public var regularFileSize: Int? { input.regularFileSize }

    /// A regular file's read(2) returns less than asked for only at its end.
    public var shortReadMeansEnd: Bool { input.regularFileSize != nil }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = systemRead(input.descriptor, buffer.baseAddress, buffer.count)
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
