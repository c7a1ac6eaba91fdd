import Foundation

/// Buffered reading over a `ByteSource`: look ahead without consuming (format detection),
/// lines with a length limit (JSONL), exact byte counts (WARC records) and skipping.
/// It holds one buffer, which grows only as far as the longest line or read it is asked for.
public final class ByteReader: ByteSource {
    private let source: ByteSource
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var sourceEnded = false
    /// A failure met while reading ahead, raised only when the bytes before it are used up.
    private var deferredError: Error?
    /// Bytes consumed so far: the offset of the next byte in the stream.
    public private(set) var offset = 0

    public init(_ source: ByteSource, chunkSize: Int = 1 << 18) {
        self.source = source
        // Not zeroed: only bytes between `start` and `end`, written by the source, are ever read
        // (zeroing 256 KB cost more than reading a typical page).
        buffer = [UInt8](unsafeUninitializedCapacity: chunkSize) { _, initialized in initialized = chunkSize }
    }

    private var available: Int { end - start }

    /// Reads more from the source, keeping the unconsumed bytes; false at the end of the stream.
    private func fill(wanting wanted: Int = 0) throws -> Bool {
        if let deferredError { throw deferredError }
        if sourceEnded { return false }
        if start > 0 {
            if available > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    raw.baseAddress!.copyMemory(from: raw.baseAddress! + start, byteCount: available)
                }
            }
            end = available
            start = 0
        }
        let needed = max(wanted, end + 1)
        if needed > buffer.count {
            buffer.append(contentsOf: repeatElement(0, count: max(needed, buffer.count * 2) - buffer.count))
        }
        let room = buffer.count - end
        let count = try buffer.withUnsafeMutableBytes { raw in
            try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[end...]))
        }
        if count == 0 { sourceEnded = true; return false }
        end += count
        // A page file read whole at its size: no second read(2) for the 0 that ends it.
        if count < room && source.shortReadMeansEnd { sourceEnded = true }
        return true
    }

    /// Up to `count` bytes ahead, without consuming them (fewer at the end of the stream). A
    /// failure after some bytes is kept for later, so the good bytes before it are still read.
    public func peek(_ count: Int) throws -> ArraySlice<UInt8> {
        do {
            while available < count, try fill(wanting: count) {}
        } catch {
            if available == 0 { throw error }
            deferredError = error
        }
        return buffer[start..<start + min(count, available)]
    }

    /// True when no byte is left.
    public func atEnd() throws -> Bool {
        if available > 0 { return false }
        return !(try fill())
    }

    public enum Line {
        /// The line's bytes, without its `\n`.
        case line([UInt8])
        /// A line longer than the limit, skipped without being kept: its length.
        case tooLong(Int)
    }

    /// The next line (without `\n`; the last line may lack one); nil at the end of the stream.
    /// A line longer than `limit` bytes is read past, never held, and reported as `.tooLong`.
    public func readLine(limit: Int) throws -> Line? {
        var searched = 0
        while true {
            if let newline = findNewline(from: start + searched) {
                let length = newline - start
                if length > limit {
                    consume(length + 1)
                    return .tooLong(length)
                }
                let line = Array(buffer[start..<newline])
                consume(length + 1)
                return .line(line)
            }
            searched = available
            if available > limit {
                // Too long: drop what is buffered and keep dropping until the newline.
                var skipped = available
                consume(available)
                while true {
                    guard try fill() else { return .tooLong(skipped) }
                    if let newline = findNewline(from: start) {
                        skipped += newline - start
                        consume(newline - start + 1)
                        return .tooLong(skipped)
                    }
                    skipped += available
                    consume(available)
                }
            }
            guard try fill() else {
                if available == 0 { return nil }
                let line = Array(buffer[start..<end])
                consume(available)
                return .line(line)
            }
        }
    }

    /// Exactly `count` bytes, or fewer when the stream ends first.
    public func read(count: Int) throws -> [UInt8] {
        while available < count, try fill(wanting: min(count, 1 << 24)) {
            if available >= 1 << 24 { break }
        }
        if available >= count {
            let bytes = Array(buffer[start..<start + count])
            consume(count)
            return bytes
        }
        // The whole rest of the stream is buffered from the start (a page file read at its
        // size): the buffer itself is handed over instead of a copy of it.
        if sourceEnded && start == 0 { return takeBuffer() }
        // Large reads grow the result, not the buffer.
        var bytes = Array(buffer[start..<end])
        consume(available)
        while bytes.count < count, try fill() {
            let take = min(count - bytes.count, available)
            bytes += buffer[start..<start + take]
            consume(take)
        }
        return bytes
    }

    /// Consumes up to `count` bytes without keeping them; returns how many there were.
    @discardableResult
    public func skip(count: Int) throws -> Int {
        var skipped = 0
        while skipped < count {
            if available == 0, !(try fill()) { break }
            let take = min(count - skipped, available)
            consume(take)
            skipped += take
        }
        return skipped
    }

    /// As a source of its own: what is buffered, then the rest of the stream (so a decompressor
    /// can read on after the bytes that were peeked at).
    public func read(into target: UnsafeMutableRawBufferPointer) throws -> Int {
        if available == 0, !(try fill()) { return 0 }
        let count = min(target.count, available)
        buffer.withUnsafeBytes { raw in
            target.baseAddress!.copyMemory(from: raw.baseAddress! + start, byteCount: count)
        }
        consume(count)
        return count
    }

    /// The buffered bytes as they are, leaving the reader empty (its source has ended).
    private func takeBuffer() -> [UInt8] {
        var bytes: [UInt8] = []
        swap(&bytes, &buffer)
        bytes.removeSubrange(end...)
        offset += end
        start = 0
        end = 0
        return bytes
    }

    private func consume(_ count: Int) {
        start += count
        offset += count
        if start == end { start = 0; end = 0 }
    }

    private func findNewline(from position: Int) -> Int? {
        guard position < end else { return nil }
        return buffer.withUnsafeBytes { raw -> Int? in
            guard let found = memchr(raw.baseAddress! + position, 0x0A, end - position) else { return nil }
            return raw.baseAddress!.distance(to: UnsafeRawPointer(found))
        }
    }
}
