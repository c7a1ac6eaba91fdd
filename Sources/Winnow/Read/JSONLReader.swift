/// Splits a JSONL stream into lines, one at a time, with their line numbers. Blank lines are
/// passed over; a line longer than the limit is read past without being held and reported.
/// Parsing a line is left to `RecordDecoder`, so it runs on the worker threads.
public final class JSONLReader {
    public struct Line: Sendable {
        /// From 1.
        public var number: Int
        public var bytes: [UInt8]
    }

    public enum Next {
        case line(Line)
        case tooLong(number: Int, bytes: Int)
    }

    private let reader: ByteReader
    private let maxBytes: Int
    /// The number of the line being read (for a reject when the stream fails inside it).
    public private(set) var lineNumber = 0

    public init(_ reader: ByteReader, maxBytes: Int) {
        self.reader = reader
        self.maxBytes = maxBytes
    }

    public func next() throws -> Next? {
        while true {
            lineNumber += 1
            switch try reader.readLine(limit: maxBytes) {
            case nil:
                return nil
            case .tooLong(let length):
                return .tooLong(number: lineNumber, bytes: length)
            case .line(let bytes):
                if bytes.allSatisfy(FormatDetector.isJSONWhitespace) { continue }
                return .line(Line(number: lineNumber, bytes: bytes))
            }
        }
    }
}
