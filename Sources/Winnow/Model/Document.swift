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
public struct NormalisedPage: Sendable {
    public var text: String
    public var repairs: NormalisationReport
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
