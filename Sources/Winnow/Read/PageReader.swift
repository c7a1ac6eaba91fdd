import Foundation

/// Reads one input into a `RawDocument`: the bytes, and the gold labels of an annotated page.
public struct PageReader {
    public var format: InputFormat?

    public init(format: InputFormat? = nil) { self.format = format }

    public struct ReadError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    public func read(_ item: InputWalker.Item) throws -> RawDocument {
        let bytes: [UInt8]
        if item.path == "-" {
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
        } else {
            guard let data = FileManager.default.contents(atPath: item.path) else {
                throw ReadError(path: item.path, reason: "cannot read file")
            }
            bytes = Array(data)
        }
        return try document(id: item.relativePath, source: item.path, bytes: bytes)
    }

    public func document(id: String, source: String, bytes: [UInt8]) throws -> RawDocument {
        let chosen = format ?? InputFormat.detect(path: source, bytes: bytes)
        switch chosen {
        case .text:
            return RawDocument(id: id, source: source, bytes: bytes)
        case .annotated:
            do {
                let parsed = try AnnotatedPage.parse(String(decoding: bytes, as: UTF8.self))
                return RawDocument(id: id, source: source, bytes: Array(parsed.page.utf8), goldLabels: parsed.labels)
            } catch {
                throw ReadError(path: source, reason: "not an annotated page: \(error)")
            }
        case .jsonl, .warc, .wet:
            throw ReadError(path: source, reason: "a \(chosen.rawValue) file holds many documents: use `winnow clean` on it")
        }
    }
}
