import CZlib

/// Decompresses a gzip stream as it is read, through zlib. Several gzip members one after
/// another (as Common Crawl writes WARC files, one member a record) read as one stream; zero
/// padding after the last member is allowed. A stream that ends inside a member throws
/// "truncated gzip stream"; bad data throws "corrupt gzip data".
public final class GzipStream: ByteSource {
    private let source: ByteSource
    // zlib keeps a pointer back to its z_stream, so the struct must not move: it lives on the heap.
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutableRawBufferPointer
    private var sourceEnded = false
    private var betweenMembers = false
    private var finished = false
    /// A failure met after some bytes were produced: those are returned first, then it is thrown.
    private var deferredError: Error?

    /// The two bytes every gzip member starts with.
    public static let magic: [UInt8] = [0x1F, 0x8B]

    public init(_ source: ByteSource, inputChunk: Int = 1 << 16) throws {
        self.source = source
        input = UnsafeMutableRawBufferPointer.allocate(byteCount: inputChunk, alignment: 16)
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // 15 + 16: the largest window, gzip header and trailer expected.
        guard inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deallocate()
            input.deallocate()
            throw StreamError(.corruptGzip, "zlib could not start")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
    }

    /// Refills zlib's input from the source; false when the source has ended.
    private func refill() throws -> Bool {
        if sourceEnded { return false }
        let count = try source.read(into: input)
        if count == 0 { sourceEnded = true; return false }
        stream.pointee.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_in = uInt(count)
        return true
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if let deferredError { throw deferredError }
        guard !finished, buffer.count > 0 else { return 0 }
        stream.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(min(buffer.count, Int(UInt32.max)))
        let capacity = Int(stream.pointee.avail_out)
        var produced: Int { capacity - Int(stream.pointee.avail_out) }
        do {
            try inflateMembers(until: capacity, producedSoFar: { produced })
        } catch {
            guard produced > 0 else { throw error }
            deferredError = error
        }
        return produced
    }

    private func inflateMembers(until capacity: Int, producedSoFar: () -> Int) throws {
        var produced: Int { producedSoFar() }
        while produced < capacity {
            if betweenMembers {
                // After a member: another member, zero padding, or the end.
                if stream.pointee.avail_in == 0 {
                    if produced > 0 { break }
                    if try !refill() { finished = true; break }
                }
                while stream.pointee.avail_in > 0 && stream.pointee.next_in.pointee == 0 {
                    stream.pointee.next_in += 1
                    stream.pointee.avail_in -= 1
                }
                if stream.pointee.avail_in == 0 { continue }
                guard stream.pointee.next_in.pointee == Self.magic[0] else {
                    throw StreamError(.corruptGzip, "data after the last gzip member")
                }
                inflateReset(stream)
                betweenMembers = false
            }
            if stream.pointee.avail_in == 0 && !sourceEnded {
                if produced > 0 { break }   // hand over what there is before waiting for more input
                _ = try refill()
            }
            let status = inflate(stream, Z_NO_FLUSH)
            switch status {
            case Z_STREAM_END:
                betweenMembers = true
            case Z_OK:
                continue
            case Z_BUF_ERROR:
                // No progress was possible: zlib needs input the source no longer has.
                if stream.pointee.avail_in == 0 && sourceEnded { throw StreamError(.truncatedGzip) }
            case Z_NEED_DICT, Z_DATA_ERROR:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "invalid data"
                throw StreamError(.corruptGzip, message)
            default:
                throw StreamError(.corruptGzip, "zlib error \(status)")
            }
        }
    }

    /// True when the bytes start like a gzip member.
    public static func isGzip<C: Collection>(_ head: C) -> Bool where C.Element == UInt8 {
        head.starts(with: magic)
    }
}
