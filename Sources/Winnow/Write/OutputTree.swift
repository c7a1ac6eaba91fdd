import Foundation

/// Where `--out` files go: the input's relative path under the root, with the format's extension.
public struct OutputTree {
    public let root: String
    public let fileExtension: String

    public init(root: String, fileExtension: String) {
        self.root = root
        self.fileExtension = fileExtension
    }

    public struct WriteError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    public func path(for item: InputWalker.Item) -> String {
        var relative = item.relativePath
        if let dot = relative.lastIndex(of: "."), !relative[dot...].contains("/") { relative = String(relative[..<dot]) }
        return (root as NSString).appendingPathComponent(relative + "." + fileExtension)
    }

    /// Writes to a temporary name, then renames, so a killed run never leaves a half-written file that looks complete.
    public func write(_ text: String, for item: InputWalker.Item) throws {
        try Self.writeAtomically(text, to: path(for: item))
    }

    /// Writes one file through a temporary name and a rename, creating its folder.
    public static func writeAtomically(_ text: String, to destination: String) throws {
        let folder = (destination as NSString).deletingLastPathComponent.isEmpty ? "." : (destination as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = folder + "/.winnow-tmp-\(ProcessInfo.processInfo.processIdentifier)-" + (destination as NSString).lastPathComponent
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else {
            throw WriteError(path: destination, reason: "cannot write output file")
        }
        if rename(temporary, destination) != 0 {
            unlink(temporary)
            throw WriteError(path: destination, reason: "cannot move output into place: \(String(cString: strerror(errno)))")
        }
    }
}
