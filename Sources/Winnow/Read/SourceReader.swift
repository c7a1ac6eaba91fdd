/// Reads one input (a file or standard input) as a stream of records, one at a time: gzip is
/// detected by its magic bytes and decompressed as it is read, the format is taken from
/// `--input-format` or detected (`FormatDetector`), and the records come from the reader of
/// that format. Problems become rejects at the position reached; a stream that fails ends the input.
public final class SourceReader {
    public enum Event {
        case record(RawRecord)
        case reject(Reject)
        /// A WARC record that is not a document (warcinfo, request, metadata, ...), by type.
        case ignored(String)
    }

    public let item: InputWalker.Item
    public private(set) var format: InputFormat = .text
    public private(set) var compressed = false
    private let override: InputFormat?
    private let maxBytes: Int
    private let counter: ByteCounter?
    private var reader: ByteReader?
    private var jsonl: JSONLReader?
    private var warc: WARCReader?
    private var finished = false
    /// The size of a page file (text or annotated, not compressed) when it was opened.
    private var pageSize: Int?

    public init(item: InputWalker.Item, format: InputFormat?, maxBytes: Int, counter: ByteCounter? = nil) {
        self.item = item
        self.override = format
        self.maxBytes = maxBytes
        self.counter = counter
    }

    private var source: String { item.path }

    /// Opens the input, or takes `opened` (what opening it already gave), and detects its
    /// format; a reject when it cannot be read at all.
    public func open(_ opened: Result<OpenedInput, Error>? = nil) -> Reject? {
        do {
            let file = try opened.map { FileSource(try $0.get(), counter: counter) } ?? FileSource(path: item.path, counter: counter)
            let size = file.regularFileSize
            // A small file's buffer holds the file and one byte more, or the head the format is
            // detected from: never the 256 KB of a stream's (not zeroed, but fresh pages to touch).
            var reader = ByteReader(file, chunkSize: size.map { min(max($0 + 1, FormatDetector.headSize), 1 << 18) } ?? 1 << 18)
            if GzipStream.isGzip(try reader.peek(2)) {
                compressed = true
                reader = ByteReader(try GzipStream(reader))
            }
            let head = try reader.peek(FormatDetector.headSize)
            format = override ?? FormatDetector.detect(name: item.path == "-" ? "" : item.path, head: head)
            self.reader = reader
            switch format {
            case .jsonl: jsonl = JSONLReader(reader, maxBytes: maxBytes)
            case .warc, .wet: warc = WARCReader(reader, maxBytes: maxBytes)
            case .text, .annotated:
                if !compressed, let size, size > maxBytes {
                    finished = true
                    return Reject(source: source, id: item.relativePath, reason: .tooLarge, detail: "\(size) bytes")
                }
                if !compressed { pageSize = size }
            }
            return nil
        } catch let error as StreamError {
            finished = true
            return Reject(source: source, reason: error.reason, detail: error.detail)
        } catch {
            finished = true
            return Reject(source: source, reason: .unreadable, detail: "\(error)")
        }
    }

    /// A page's bytes, `maxBytes + 1` at most (one more says it is too large). A file of known
    /// size is asked for that many bytes and one more, so the buffer does not grow toward the
    /// limit for every page; only a file that grew since it was opened is read on to the limit.
    private func readPage(_ reader: ByteReader) throws -> [UInt8] {
        guard let size = pageSize, size < maxBytes else { return try reader.read(count: maxBytes + 1) }
        var bytes = try reader.read(count: size + 1)
        if bytes.count > size { bytes += try reader.read(count: maxBytes + 1 - bytes.count) }
        return bytes
    }

    /// The next record or problem; nil when the input is done.
    public func next() -> Event? {
        guard !finished, let reader else { return nil }
        do {
            switch format {
            case .text, .annotated:
                finished = true
                let bytes = try readPage(reader)
                guard bytes.count <= maxBytes else {
                    return .reject(Reject(source: source, id: item.relativePath, reason: .tooLarge, detail: "more than \(maxBytes) bytes"))
                }
                return .record(.page(id: item.relativePath, bytes: bytes, annotated: format == .annotated))
            case .jsonl:
                switch try jsonl!.next() {
                case nil:
                    finished = true
                    return nil
                case .line(let line):
                    return .record(.jsonLine(line))
                case .tooLong(let number, let length):
                    return .reject(Reject(source: source, position: number, reason: .tooLarge, detail: "line of \(length) bytes"))
                }
            case .warc, .wet:
                switch try warc!.next() {
                case nil:
                    finished = true
                    return nil
                case .record(let record):
                    return .record(.warc(record))
                case .ignored(let type):
                    return .ignored(type)
                case .tooLarge(let number, let uri, let length):
                    return .reject(Reject(source: source, position: number, id: uri, reason: .tooLarge, detail: "record of \(length) bytes"))
                case .malformed(let number, let detail):
                    return .reject(Reject(source: source, position: number, reason: .malformedRecord, detail: detail))
                case .truncated(let number, let uri):
                    finished = true
                    return .reject(Reject(source: source, position: number, id: uri, reason: .truncatedRecord))
                }
            }
        } catch {
            finished = true
            let failure = error as? StreamError ?? StreamError(.unreadable, "\(error)")
            var reject = Reject(source: source, reason: failure.reason, detail: failure.detail)
            switch format {
            case .text, .annotated: reject.id = item.relativePath
            case .jsonl: reject.position = jsonl?.lineNumber
            case .warc, .wet:
                reject.position = warc?.recordNumber
                reject.id = warc?.currentURI
            }
            return .reject(reject)
        }
    }
}
