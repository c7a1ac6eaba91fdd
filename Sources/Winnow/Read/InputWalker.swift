import Foundation

/// Expands the command line's inputs (files, folders, `-`) into documents, in a stable order.
/// Folders are walked recursively; hidden files and folders are skipped.
public struct InputWalker {
    public struct Item: Sendable, Equatable {
        /// The path to read, or "-" for standard input.
        public var path: String
        /// The path relative to the input it came from, used for ids and `--out` mirroring.
        public var relativePath: String

        public init(path: String, relativePath: String) {
            self.path = path
            self.relativePath = relativePath
        }
    }

    public struct Problem: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    public init() {}

    /// Every readable file under the inputs, and a problem for each input that cannot be read.
    public func items(for inputs: [String]) -> (items: [Item], problems: [Problem]) {
        var items: [Item] = []
        var problems: [Problem] = []
        let fileManager = FileManager.default
        for input in inputs {
            if input == "-" {
                items.append(Item(path: "-", relativePath: "stdin"))
                continue
            }
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: input, isDirectory: &isDirectory) else {
                problems.append(Problem(path: input, reason: "no such file or folder"))
                continue
            }
            if !isDirectory.boolValue {
                items.append(Item(path: input, relativePath: (input as NSString).lastPathComponent))
                continue
            }
            guard let enumerator = fileManager.enumerator(atPath: input) else {
                problems.append(Problem(path: input, reason: "cannot list folder"))
                continue
            }
            var found: [String] = []
            while let relative = enumerator.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") {
                    if enumerator.fileAttributes?[.type] as? FileAttributeType == .typeDirectory { enumerator.skipDescendants() }
                    continue
                }
                if enumerator.fileAttributes?[.type] as? FileAttributeType == .typeRegular { found.append(relative) }
            }
            let root = input.hasSuffix("/") ? String(input.dropLast()) : input
            items += found.sorted().map { Item(path: root + "/" + $0, relativePath: $0) }
        }
        return (items, problems)
    }
}
