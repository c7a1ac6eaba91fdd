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
        body = content[end.body...]
        var type: String?
        var encoding: String?
        let header = String(decoding: content[..<end.header], as: UTF8.self)
        for line in header.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" }).dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased().trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces).lowercased()
            if name == "content-type" { type = value.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } }
            if name == "content-encoding", value != "identity", !value.isEmpty { encoding = value }
        }
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
