/// One input document as the reader found it: raw bytes plus where it came from.
public struct RawDocument: Sendable {
    /// Stable identifier: a path relative to its input root, a JSONL id, a URL.
    public var id: String
    /// Where it was read from (a file path, "-" for standard input).
    public var source: String
    public var bytes: [UInt8]
    /// Gold labels when the input is an annotated page, one per line of the page (nil for empty lines).
    public var goldLabels: [Label?]?

    public init(id: String, source: String, bytes: [UInt8], goldLabels: [Label?]? = nil) {
        self.id = id
        self.source = source
        self.bytes = bytes
        self.goldLabels = goldLabels
    }
}

/// A page after normalisation: valid NFC UTF-8 with `\n` line endings, and what was repaired.
///
/// The page is kept as its UTF-8 bytes, which the normaliser writes valid by construction: a
/// String made of bytes is validated again (a pass over the whole page), and the stages only
/// read bytes. `text` makes the String when one is asked for.
public struct NormalisedPage: Sendable {
    /// The page's text as UTF-8 (valid).
    public let utf8: [UInt8]
    public var repairs: NormalisationReport

    public init(text: String, repairs: NormalisationReport) {
        utf8 = Array(text.utf8)
        self.repairs = repairs
    }

    /// A page of `utf8`, which the caller guarantees is valid UTF-8 (the normaliser's output).
    init(validUTF8 utf8: [UInt8], repairs: NormalisationReport) {
        self.utf8 = utf8
        self.repairs = repairs
    }

    /// The page's text (made, and validated, at each call: the stages read `utf8`).
    public var text: String { String(decoding: utf8, as: UTF8.self) }

    /// Calls `body` with the page's UTF-8.
    public func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try utf8.withUnsafeBufferPointer(body)
    }
}

/// What the normaliser changed, so a user can tell a clean input from a repaired one.
public struct NormalisationReport: Sendable, Equatable, Codable {
    /// Invalid UTF-8 sequences replaced by U+FFFD.
    public var invalidSequences = 0
    /// Invisible characters removed (zero-width spaces, BOMs, soft hyphens, control characters).
    public var invisiblesRemoved = 0
    /// Whether Unicode NFC composition changed the text.
    public var composed = false

    public init() {}
}
