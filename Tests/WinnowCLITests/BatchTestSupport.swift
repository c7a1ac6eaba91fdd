import Foundation
import XCTest

/// Fixtures for the batch tests, all made inside the tests: pages, JSONL lines, WARC records,
/// gzip through the system's `gzip`, and whole output trees to compare byte for byte.
extension CLITestCase {
    /// A page of the test article with a numbered sentence of its own, so pages differ.
    static func page(_ number: Int) -> String {
        article.replacingOccurrences(of: "Residents who had asked", with: "Resident number \(number), one of many who had asked")
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }

    /// One WARC record, as Common Crawl writes it (CRLF header lines, content, CRLF CRLF).
    static func warcRecord(type: String, uri: String?, contentType: String, content: [UInt8]) -> [UInt8] {
        var header = "WARC/1.0\r\nWARC-Type: \(type)\r\n"
        if let uri { header += "WARC-Target-URI: \(uri)\r\n" }
        header += "WARC-Record-ID: <urn:uuid:\(UUID().uuidString.lowercased())>\r\n"
        header += "Content-Type: \(contentType)\r\nContent-Length: \(content.count)\r\n\r\n"
        return Array(header.utf8) + content + Array("\r\n\r\n".utf8)
    }

    static func httpResponse(_ body: String, contentType: String = "text/html; charset=utf-8") -> [UInt8] {
        Array("HTTP/1.1 200 OK\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
    }

    /// Compressed by the system's gzip (one member).
    func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -c -n"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let reader = PipeReader(output.fileHandleForReading)
        input.fileHandleForWriting.write(Data(bytes))
        try input.fileHandleForWriting.close()
        let data = reader.wait()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "gzip failed")
        return Array(data)
    }

    /// Writes raw bytes to a path under the work folder, creating folders.
    @discardableResult
    func write(raw bytes: [UInt8], to name: String) throws -> String {
        let url = workDir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return url.path
    }

    func path(_ name: String) -> String { workDir.appendingPathComponent(name).path }

    /// Runs winnow with bytes on standard input.
    func winnow(_ arguments: [String], stdinBytes: [UInt8]) throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = workDir
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        let outReader = PipeReader(out.fileHandleForReading)
        let errReader = PipeReader(err.fileHandleForReading)
        input.fileHandleForWriting.write(Data(stdinBytes))
        try input.fileHandleForWriting.close()
        let outData = outReader.wait(), errData = errReader.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Every file under a folder (hidden ones too), by relative path, with its bytes.
    func tree(_ name: String) throws -> [String: Data] {
        let root = path(name)
        var files: [String: Data] = [:]
        for relative in try FileManager.default.subpathsOfDirectory(atPath: root) {
            var isDirectory: ObjCBool = false
            let full = root + "/" + relative
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = FileManager.default.contents(atPath: full)
            }
        }
        return files
    }

    /// The lines of a JSONL text, parsed.
    func objects(_ jsonl: String) throws -> [[String: Any]] {
        try jsonl.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }
}
