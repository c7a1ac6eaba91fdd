import Foundation

/// One WARC record: its number in the file, its named header fields and, for document records,
/// its content block.
public struct WARCRecord: Sendable {
    public struct Field: Sendable {
        public var name: String
        public var value: String
    }

    /// From 1, counting every record of the file.
    public var number: Int
    public var fields: [Field]
    public var content: [UInt8]

    /// A header field's value (names are compared without case).
    public func header(_ name: String) -> String? {
        fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// `WARC-Type`, lower-cased.
    public var type: String { header("WARC-Type")?.lowercased() ?? "" }

    /// `WARC-Target-URI`, without the angle brackets WARC 1.0 allowed around it.
    public var targetURI: String? {
        guard var uri = header("WARC-Target-URI") else { return nil }
        if uri.hasPrefix("<") && uri.hasSuffix(">") { uri = String(uri.dropFirst().dropLast()) }
        return uri
    }
}

/// Reads WARC (and WET) records one at a time: the version line, the header fields, then
/// `Content-Length` bytes of content. Only document records (`response` and `conversion`)
/// have their content read; the others are passed over without being held. A record whose
/// header cannot be read is reported and reading resumes at the next `WARC/` line; a stream
/// that ends inside a record ends the file.
public final class WARCReader {
    public enum Next {
        /// A document record, content read.
        case record(WARCRecord)
        /// A record of another type (warcinfo, request, metadata, ...), passed over.
        case ignored(type: String)
        /// A document record larger than the limit, passed over.
        case tooLarge(number: Int, uri: String?, length: Int)
        /// A record whose header makes no sense.
        case malformed(number: Int, detail: String)
        /// The stream ended inside this record; nothing follows.
        case truncated(number: Int, uri: String?)
    }

    /// The record types whose content is a document.
    public static let documentTypes: Set<String> = ["response", "conversion"]
    static let headerLineLimit = 1 << 16

    private let reader: ByteReader
    private let maxBytes: Int
    private var pendingVersionLine: [UInt8]?
    private var ended = false
    /// The number of the record being read (for a reject when the stream fails inside it).
    public private(set) var recordNumber = 0
    /// The target URI of the record being read, once its header is read.
    public private(set) var currentURI: String?

    public init(_ reader: ByteReader, maxBytes: Int) {
        self.reader = reader
        self.maxBytes = maxBytes
    }

    private func line() throws -> [UInt8]?? {
        switch try reader.readLine(limit: Self.headerLineLimit) {
        case nil: return .some(nil)
        case .tooLong: return nil
        case .line(var bytes):
            if bytes.last == 0x0D { bytes.removeLast() }
            return .some(bytes)
        }
    }

    public func next() throws -> Next? {
        guard !ended else { return nil }
        // The version line, after any blank lines (the end of the previous record).
        var versionLine: [UInt8]
        if let pending = pendingVersionLine {
            versionLine = pending
            pendingVersionLine = nil
        } else {
            repeat {
                guard let read = try line() else { versionLine = [0]; break }   // an over-long line: malformed
                guard let bytes = read else { ended = true; return nil }
                versionLine = bytes
            } while versionLine.isEmpty
        }
        recordNumber += 1
        currentURI = nil
        guard versionLine.starts(with: Array("WARC/".utf8)) else {
            return try malformed("expected a WARC/ version line")
        }
        // Header fields up to the blank line.
        var fields: [WARCRecord.Field] = []
        while true {
            guard let read = try line() else { return try malformed("header line too long") }
            guard let bytes = read else { ended = true; return .truncated(number: recordNumber, uri: currentURI) }
            if bytes.isEmpty { break }
            let text = String(decoding: bytes, as: UTF8.self)
            if let first = text.first, first == " " || first == "\t", !fields.isEmpty {
                fields[fields.count - 1].value += " " + text.trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let colon = text.firstIndex(of: ":") else { return try malformed("header line without a colon") }
            let field = WARCRecord.Field(name: text[..<colon].trimmingCharacters(in: .whitespaces),
                                         value: text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            fields.append(field)
            if field.name.caseInsensitiveCompare("WARC-Target-URI") == .orderedSame {
                currentURI = WARCRecord(number: 0, fields: [field], content: []).targetURI
            }
        }
        var record = WARCRecord(number: recordNumber, fields: fields, content: [])
        guard let lengthText = record.header("Content-Length"), let length = Int(lengthText), length >= 0 else {
            return try malformed("no valid Content-Length")
        }
        guard Self.documentTypes.contains(record.type) else {
            guard try reader.skip(count: length) == length else { ended = true; return .truncated(number: recordNumber, uri: currentURI) }
            return .ignored(type: record.type.isEmpty ? "untyped" : record.type)
        }
        if length > maxBytes {
            guard try reader.skip(count: length) == length else { ended = true; return .truncated(number: recordNumber, uri: currentURI) }
            return .tooLarge(number: recordNumber, uri: currentURI, length: length)
        }
        record.content = try reader.read(count: length)
        guard record.content.count == length else { ended = true; return .truncated(number: recordNumber, uri: currentURI) }
        return .record(record)
    }

    /// Reports the current record as malformed and moves to the next line that starts a record.
    private func malformed(_ detail: String) throws -> Next {
        let number = recordNumber
        while true {
            guard let read = try line() else { continue }
            guard let bytes = read else { ended = true; break }
            if bytes.starts(with: Array("WARC/1.".utf8)) { pendingVersionLine = bytes; break }
        }
        return .malformed(number: number, detail: detail)
    }
}
