/// What a reader hands on for one document, before it is decoded: a whole page file, a JSONL
/// line, or a WARC record. Decoding (JSON parsing, HTTP headers, the binary check) is left to
/// `RecordDecoder`, which runs on the worker threads.
public enum RawRecord: Sendable {
    /// A whole file that is one page, plain or annotated.
    case page(id: String, bytes: [UInt8], annotated: Bool)
    case jsonLine(JSONLReader.Line)
    case warc(WARCRecord)

    /// How many bytes of input the record holds.
    public var byteCount: Int {
        switch self {
        case .page(_, let bytes, _): return bytes.count
        case .jsonLine(let line): return line.bytes.count + 1
        case .warc(let record): return record.content.count
        }
    }

    /// Line number (JSONL) or record number (WARC); nil for a page file.
    public var position: Int? {
        switch self {
        case .page: return nil
        case .jsonLine(let line): return line.number
        case .warc(let record): return record.number
        }
    }
}

/// Turns a raw record into a document for the pipeline, or says why it cannot be one:
/// a JSONL line must be an object with a string in the text field; a WARC `response` must
/// carry text (other payloads are skipped, not rejected); every document must not look binary.
public struct RecordDecoder: Sendable {
    public var textField: String
    public var idField: String

    public init(textField: String = "text", idField: String = "id") {
        self.textField = textField
        self.idField = idField
    }

    public enum Decoded {
        /// A document, with its JSON object when it came from a JSONL line (to carry its fields through).
        case document(RawDocument, object: JSONObjectLine?)
        /// Not a text document; counted under this reason, not rejected.
        case skipped(String)
        case rejected(Reject)
    }

    public func decode(_ record: RawRecord, source: String) -> Decoded {
        switch record {
        case .page(let id, let bytes, let annotated):
            if BinaryDetector.looksBinary(bytes) { return .rejected(Reject(source: source, id: id, reason: .binaryContent)) }
            guard annotated else { return .document(RawDocument(id: id, source: source, bytes: bytes), object: nil) }
            do {
                let parsed = try AnnotatedPage.parse(String(decoding: bytes, as: UTF8.self))
                return .document(RawDocument(id: id, source: source, bytes: Array(parsed.page.utf8), goldLabels: parsed.labels), object: nil)
            } catch {
                return .rejected(Reject(source: source, id: id, reason: .notAnnotated, detail: "\(error)"))
            }

        case .jsonLine(let line):
            let object: JSONObjectLine
            do { object = try JSONObjectLine(parsing: line.bytes) } catch {
                return .rejected(Reject(source: source, position: line.number, reason: .malformedJSON, detail: "\(error)"))
            }
            let id = object.member(idField).flatMap(object.textValue)
            guard let field = object.member(textField) else {
                return .rejected(Reject(source: source, position: line.number, id: id, reason: .missingTextField, detail: "no \"\(textField)\" field"))
            }
            guard let text = object.stringValue(of: field) else {
                return .rejected(Reject(source: source, position: line.number, id: id, reason: .textFieldNotString, detail: "\"\(textField)\" is not a string"))
            }
            if BinaryDetector.looksBinary(text) {
                return .rejected(Reject(source: source, position: line.number, id: id, reason: .binaryContent))
            }
            return .document(RawDocument(id: id ?? "line-\(line.number)", source: source, bytes: text), object: object)

        case .warc(let record):
            let id = record.targetURI ?? record.header("WARC-Record-ID") ?? "record-\(record.number)"
            var body = record.content[...]
            if record.type == "response" {
                let payload = HTTPPayload(record.content)
                guard payload.isText else { return .skipped("not text") }
                body = payload.body
            }
            if BinaryDetector.looksBinary(body) {
                return .rejected(Reject(source: source, position: record.number, id: id, reason: .binaryContent))
            }
            return .document(RawDocument(id: id, source: source, bytes: Array(body)), object: nil)
        }
    }
}
