/// Why a document (or a whole input) could not be processed. Every reject names one of these,
/// so a run's rejects can be counted by reason; the detail says more about the one case.
public enum RejectReason: String, Codable, Sendable, CaseIterable {
    case noSuchFile = "no such file or folder"
    case unreadable = "cannot read input"
    case binaryContent = "binary content"
    case malformedJSON = "malformed JSON"
    case missingTextField = "missing text field"
    case textFieldNotString = "text field is not a string"
    case truncatedGzip = "truncated gzip stream"
    case corruptGzip = "corrupt gzip data"
    case truncatedRecord = "truncated WARC record"
    case malformedRecord = "malformed WARC record"
    case tooLarge = "over --max-bytes"
    case notAnnotated = "not an annotated page"
    case writeFailed = "cannot write output"
}

/// A document (or input) that was not cleaned, and where it was: the input, the line of a
/// JSONL file or the record of a WARC file, and its id when one could be read.
public struct Reject: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    public var source: String
    /// Line number (JSONL) or record number (WARC/WET), from 1; nil for a whole file.
    public var position: Int?
    public var id: String?
    public var reason: RejectReason
    public var detail: String?

    public init(source: String, position: Int? = nil, id: String? = nil, reason: RejectReason, detail: String? = nil) {
        self.source = source
        self.position = position
        self.id = id
        self.reason = reason
        self.detail = detail
    }

    /// `source[:position]: reason[: detail]`, as printed on standard error.
    public var description: String {
        var text = source
        if let position { text += ":\(position)" }
        text += ": " + reason.rawValue
        if let detail { text += ": " + detail }
        return text
    }
}

/// A problem in a byte stream (a truncated or corrupt gzip member, a read error): the reader
/// that meets it turns it into a `Reject` at the position it had reached.
public struct StreamError: Error, Sendable, CustomStringConvertible {
    public var reason: RejectReason
    public var detail: String?

    public init(_ reason: RejectReason, _ detail: String? = nil) {
        self.reason = reason
        self.detail = detail
    }

    public var description: String { reason.rawValue + (detail.map { ": " + $0 } ?? "") }
}
