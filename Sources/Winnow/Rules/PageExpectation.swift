import Foundation
import Yams

/// A page-level test kept beside a rule pack: a page (a file, or inline text), sentences its
/// cleaned article must keep, sentences it must drop, and optionally the label some segments
/// must get. Rule examples test one rule on one line; these test the whole pipeline on a page,
/// as Semgrep's rule tests run rules over a target file.
///
/// Files live in `<pack>/expectations/*.yaml`:
///
///     description: What these pages check.
///     pages:
///       - page: pages/home.txt            # relative to the pack folder (or `text: |` for an inline page)
///         keep: ["The council voted on Tuesday"]   # must be in the cleaned article
///         drop: ["Latest Stories"]                 # must not be
///         labels:                                  # optional: whole segments and their label
///           - {text: "Tags:", label: tags}
///
/// Sentences are compared whitespace-normalised, as substrings of the cleaned article (the
/// same test as `winnow eval --expectations`); `labels` texts must equal a whole segment.
public struct PageExpectation: Sendable {
    public enum Source: Sendable, Equatable {
        /// A page file, as written (relative to the pack).
        case file(String)
        /// The page's text, written in the expectation itself.
        case inline(String)
    }

    public struct Sentence: Sendable, Equatable {
        public var text: String
        public var line: Int
    }

    public struct LabelCheck: Sendable, Equatable {
        public var text: String
        public var label: Label
        public var line: Int
    }

    public var name: String
    public var source: Source
    public var origin: RuleOrigin
    public var keep: [Sentence]
    public var drop: [Sentence]
    public var labels: [LabelCheck]

    public var checkCount: Int { keep.count + drop.count + labels.count }
}

/// The expectation files of one pack, and how to read the pages they name.
public struct ExpectationSet: Sendable {
    public var file: String
    public var pages: [PageExpectation]
    public var resolver: PageResolver
}

/// Reads the page files that expectations name, relative to their pack.
public struct PageResolver: Sendable {
    /// The folder page paths are relative to, as shown in messages.
    public var base: String
    let read: @Sendable (String) -> [UInt8]?

    public init(base: String, read: @escaping @Sendable (String) -> [UInt8]?) {
        self.base = base
        self.read = read
    }

    /// The path of a page named in an expectation, as shown in messages.
    public func path(of page: String) -> String {
        page.hasPrefix("/") ? page : LogicalPath.normalise(base + "/" + page)
    }

    public func bytes(of page: String) -> [UInt8]? { read(path(of: page)) }

    /// Pages on disk, relative to `folder`.
    public static func disk(_ folder: String) -> PageResolver {
        PageResolver(base: folder) { path in FileManager.default.contents(atPath: path).map { Array($0) } }
    }

    /// Pages of the built-in default pack (`rules/default`), embedded at build time with its expectations.
    public static let embeddedDefault = PageResolver(base: "rules/default") { path in
        // Embedded paths are relative to rules/; a page outside it is keyed "../corpus/...".
        let key = path.hasPrefix("rules/") ? String(path.dropFirst("rules/".count)) : "../" + path
        return EmbeddedResources.files.first { $0.path == key }.map { Array($0.text.utf8) }
    }
}

/// Resolves `.` and `..` in a path without touching the file system.
enum LogicalPath {
    static func normalise(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(part)
        }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }
}

/// Reads expectation files, checking what a user can get wrong; every error names the file and line.
public struct PageExpectationLoader {
    static let fileKeys: Set<String> = ["description", "pages"]
    static let pageKeys: Set<String> = ["name", "page", "text", "keep", "drop", "labels"]

    public init() {}

    public func load(yaml: String, file: String) throws -> [PageExpectation] {
        var errors: [RuleError] = []
        func fail(_ node: Node?, _ message: String) {
            errors.append(RuleError(file: file, line: node?.mark?.line ?? 1, ruleID: nil, message: message))
        }
        let root: Node?
        do { root = try Yams.compose(yaml: yaml) } catch let error as YamlError {
            throw RuleErrors(errors: [RuleError(file: file, line: RuleLoader.line(of: error), ruleID: nil, message: "not valid YAML: \(RuleLoader.problem(of: error))")])
        }
        guard let mapping = root?.mapping else {
            throw RuleErrors(errors: [RuleError(file: file, line: root?.mark?.line ?? 1, ruleID: nil, message: "an expectation file is a mapping with the key pages (and optionally description)")])
        }
        for (key, _) in mapping where !Self.fileKeys.contains(key.string ?? "") {
            fail(key, "unknown key \(key.string?.debugDescription ?? "?") (allowed: \(Self.fileKeys.sorted().joined(separator: ", ")))")
        }
        var result: [PageExpectation] = []
        guard let pages = mapping["pages"]?.sequence else {
            fail(mapping["pages"] ?? root, "pages must be a list of pages to check")
            throw RuleErrors(errors: errors)
        }
        for node in pages {
            guard let entry = node.mapping else { fail(node, "each page is a mapping with page (or text), keep, drop and labels"); continue }
            for (key, _) in entry where !Self.pageKeys.contains(key.string ?? "") {
                fail(key, "unknown key \(key.string?.debugDescription ?? "?") (allowed: \(Self.pageKeys.sorted().joined(separator: ", ")))")
            }
            let source: PageExpectation.Source
            switch (entry["page"]?.string, entry["text"]?.string) {
            case (let page?, nil) where !page.isEmpty: source = .file(page)
            case (nil, let text?): source = .inline(text)
            case (_?, _?): fail(node, "give either page (a file) or text (an inline page), not both"); continue
            default: fail(node, "each page needs page: PATH (relative to the pack) or text: an inline page"); continue
            }
            func sentences(_ key: String) -> [PageExpectation.Sentence] {
                guard let value = entry[key] else { return [] }
                guard let list = value.sequence else { fail(value, "\(key) must be a list of sentences"); return [] }
                return list.compactMap { item in
                    guard let text = item.string, !text.allSatisfy(\.isWhitespace) else { fail(item, "\(key) takes non-empty sentences"); return nil }
                    return PageExpectation.Sentence(text: text, line: item.mark?.line ?? 1)
                }
            }
            var labels: [PageExpectation.LabelCheck] = []
            if let value = entry["labels"] {
                if let list = value.sequence {
                    for item in list {
                        guard let pair = item.mapping, let text = pair["text"]?.string, let name = pair["label"]?.string else {
                            fail(item, "each labels entry is {text: SEGMENT, label: LABEL}")
                            continue
                        }
                        guard let label = Label(name: name) else {
                            fail(pair["label"], "unknown label \(name.debugDescription) (expected one of \(Label.allCases.map(\.rawValue).joined(separator: ", ")))")
                            continue
                        }
                        labels.append(.init(text: text, label: label, line: item.mark?.line ?? 1))
                    }
                } else { fail(value, "labels must be a list of {text, label}") }
            }
            let keep = sentences("keep"), drop = sentences("drop")
            if keep.isEmpty && drop.isEmpty && labels.isEmpty { fail(node, "a page needs at least one keep, drop or labels entry") }
            let name: String
            if let given = entry["name"]?.string { name = given } else if case .file(let path) = source { name = path } else { name = "inline page" }
            result.append(PageExpectation(name: name, source: source, origin: RuleOrigin(file: file, line: node.mark?.line ?? 1),
                                          keep: keep, drop: drop, labels: labels))
        }
        if !errors.isEmpty { throw RuleErrors(errors: errors) }
        return result
    }

    /// The expectation sets of the built-in default pack.
    public static func embeddedDefault() throws -> [ExpectationSet] {
        var sets: [ExpectationSet] = []
        var errors: [RuleError] = []
        for file in EmbeddedResources.files where file.path.hasPrefix("default/expectations/") && file.path.hasSuffix(".yaml") {
            let name = "rules/" + file.path
            do { sets.append(ExpectationSet(file: name, pages: try PageExpectationLoader().load(yaml: file.text, file: name), resolver: .embeddedDefault)) }
            catch let error as RuleErrors { errors += error.errors }
        }
        if !errors.isEmpty { throw RuleErrors(errors: errors) }
        return sets
    }

    /// The expectation sets beside rule packs: `<pack>/expectations/*.yaml` for each folder among `packs`.
    public static func beside(packs: [String]) throws -> [ExpectationSet] {
        var files: [(file: String, base: String)] = []
        for pack in packs {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: pack, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            let folder = (pack as NSString).appendingPathComponent("expectations")
            files += RulePackFiles.expand([folder]).filter { FileManager.default.fileExists(atPath: $0) }.map { ($0, pack) }
        }
        return try load(files)
    }

    /// Expectation files named directly (files, or folders of `.yaml`); their pages are relative to each file's folder.
    public static func named(_ paths: [String]) throws -> [ExpectationSet] {
        try load(RulePackFiles.expand(paths).map { ($0, ($0 as NSString).deletingLastPathComponent) })
    }

    static func load(_ files: [(file: String, base: String)]) throws -> [ExpectationSet] {
        var sets: [ExpectationSet] = []
        var errors: [RuleError] = []
        for (file, base) in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                errors.append(RuleError(file: file, line: 0, ruleID: nil, message: "cannot read expectation file"))
                continue
            }
            do {
                let pages = try PageExpectationLoader().load(yaml: String(decoding: data, as: UTF8.self), file: file)
                sets.append(ExpectationSet(file: file, pages: pages, resolver: .disk(base.isEmpty ? "." : base)))
            } catch let error as RuleErrors { errors += error.errors }
        }
        if !errors.isEmpty { throw RuleErrors(errors: errors) }
        return sets
    }
}
