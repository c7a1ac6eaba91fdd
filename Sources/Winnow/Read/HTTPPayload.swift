import Foundation

/// The HTTP response inside a WARC `response` record: status line and headers, then the body.
/// Only what reading the body as text needs: where the body starts and whether it is text.
public struct HTTPPayload {
    public let body: ArraySlice<UInt8>
    /// The response's `Content-Type`, lower-cased, without parameters; nil when absent.
    public let contentType: String?
    /// The response's `Content-Encoding` (gzip, br, ...), lower-cased; nil when absent or identity.
    public let contentEncoding: String?

    public init(_ content: [UInt8]) {
        guard content.starts(with: Array("HTTP/".utf8)), let end = Self.headerEnd(content) else {
            // Not an HTTP message: the content is the body. An HTTP header without its end: no body.
            body = content.starts(with: Array("HTTP/".utf8)) ? [] : content[...]
            contentType = nil
            contentEncoding = nil
            return
        }
        var type: String?
        var encoding: String?
        var chunked = false
        let header = String(decoding: content[..<end.header], as: UTF8.self)
        for line in header.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" }).dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased().trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces).lowercased()
            if name == "content-type" { type = value.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } }
            if name == "content-encoding", value != "identity", !value.isEmpty { encoding = value }
            if name == "transfer-encoding", value.contains("chunked") { chunked = true }
        }
        // A payload recorded as it came over the wire may still be chunked (wget writes them so).
        body = chunked ? Self.dechunk(content[end.body...]) ?? content[end.body...] : content[end.body...]
        contentType = type
        contentEncoding = encoding
    }

    /// Text when the declared type is textual (or undeclared) and the body is not content-encoded.
    public var isText: Bool {
        guard contentEncoding == nil else { return false }
        guard let type = contentType, !type.isEmpty else { return true }
        if type.hasPrefix("text/") { return true }
        return ["application/xhtml+xml", "application/xml", "application/json", "application/rss+xml",
                "application/atom+xml", "application/ld+json", "application/javascript"].contains(type)
    }

    /// The body of a chunked payload (`size CRLF data CRLF ... 0 CRLF`); nil when it is not well formed.
    static func dechunk(_ payload: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        var out: [UInt8] = []
        var index = payload.startIndex
        while index < payload.endIndex {
            guard let lineEnd = payload[index...].firstIndex(of: 0x0A) else { return nil }
            let sizeText = String(decoding: payload[index..<lineEnd], as: UTF8.self)
                .split(separator: ";").first?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard let size = Int(sizeText, radix: 16), size >= 0 else { return nil }
            if size == 0 { return out[...] }
            let start = lineEnd + 1
            guard start + size <= payload.endIndex else { return nil }
            out += payload[start..<start + size]
            index = start + size
            if index < payload.endIndex, payload[index] == 0x0D { index += 1 }
            if index < payload.endIndex, payload[index] == 0x0A { index += 1 }
        }
        return out[...]
    }

    /// Where the header ends (before the blank line) and the body starts (after it).
    static func headerEnd(_ content: [UInt8]) -> (header: Int, body: Int)? {
        var index = 0
        while index < content.count {
            if content[index] == 0x0A {
                if index + 1 < content.count, content[index + 1] == 0x0A { return (index, index + 2) }
                if index + 2 < content.count, content[index + 1] == 0x0D, content[index + 2] == 0x0A { return (index, index + 3) }
            }
            index += 1
        }
        return nil
    }
}
