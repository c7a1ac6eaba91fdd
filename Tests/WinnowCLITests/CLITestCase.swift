import Foundation
import XCTest

/// Runs the built `winnow` binary as a user would: arguments, standard input, exit status.
class CLITestCase: XCTestCase {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `winnow` built by the same build as these tests: the test bundle sits among its products.
    static var binary: URL {
        let bundle = Bundle(for: CLITestCase.self).bundleURL
        let folders = bundle.pathExtension == "xctest" ? [bundle.deletingLastPathComponent()] : [bundle, bundle.deletingLastPathComponent()]
        let candidates = folders.map { $0.appendingPathComponent("winnow") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    var workDir: URL!

    override func setUpWithError() throws {
        // A missing binary is a failure, not a skip: these tests must run in CI.
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            XCTFail("winnow binary not built at \(Self.binary.path): run `swift build --build-tests` first")
            throw XCTSkip("no binary")
        }
        workDir = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workDir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let workDir { try? FileManager.default.removeItem(at: workDir) }
    }

    @discardableResult
    func write(_ text: String, to name: String) throws -> String {
        let url = workDir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func write(bytes: [UInt8], to name: String) throws -> String {
        let url = workDir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func winnow(_ arguments: [String], stdin: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = workDir
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        let errorReader = PipeReader(err.fileHandleForReading)
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = errorReader.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    static let article = """
    Home
    News
    The harbour wall will be rebuilt next spring, the council said on Tuesday after a debate that lasted most of the evening.
    Engineers expect the work to take two years, and the quay road will stay open to traffic for most of that time.
    Residents who had asked for the repairs for a decade welcomed the decision, though some said it came too late.
    Tags:
    Harbour
    © 2024 Harbour Times. All rights reserved.

    """
}

/// Drains a pipe on another thread, so a child that fills one pipe cannot block on it.
final class PipeReader: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
