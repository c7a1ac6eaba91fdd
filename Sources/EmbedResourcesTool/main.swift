import Foundation

// usage: EmbedResourcesTool ROOT OUTPUT FOLDER...
// Writes a Swift file declaring the text of every .yaml and .txt file in each FOLDER and its
// subfolders (hidden ones skipped), keyed by its path relative to ROOT, in a stable (sorted)
// order. For a folder named `expectations` (a rule pack's page expectations), the page files its
// YAML names with `page: PATH` (relative to the pack, the folder above) are embedded too, keyed
// by their path relative to ROOT (`../corpus/x.labels` for a page outside ROOT).
let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write("usage: EmbedResourcesTool ROOT OUTPUT FOLDER...\n".data(using: .utf8)!)
    exit(2)
}
let root = URL(fileURLWithPath: arguments[1]).standardized.path + "/"
let parent = URL(fileURLWithPath: root).deletingLastPathComponent().standardized.path + "/"

/// The `page:` values of an expectation file, found line by line (no YAML parser at build time).
func pageReferences(in yaml: String) -> [String] {
    yaml.split(separator: "\n").compactMap { line in
        var text = line.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("- ") { text = String(text.dropFirst(2)).trimmingCharacters(in: .whitespaces) }
        guard text.hasPrefix("page:") else { return nil }
        var value = text.dropFirst(5).trimmingCharacters(in: .whitespaces)
        if let comment = value.range(of: " #") { value = String(value[..<comment.lowerBound]).trimmingCharacters(in: .whitespaces) }
        if value.count >= 2, let first = value.first, first == "'" || first == "\"", value.last == first { value = String(value.dropFirst().dropLast()) }
        return value.isEmpty ? nil : value
    }
}

var files: [String] = []
func collect(_ folder: String) {
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    var own: [String] = []
    for name in names {
        let path = folder + "/" + name
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            collect(path)
        } else if name.hasSuffix(".yaml") || name.hasSuffix(".txt") {
            own.append(path)
        }
    }
    files += own
    guard URL(fileURLWithPath: folder).lastPathComponent == "expectations" else { return }
    let pack = URL(fileURLWithPath: folder).deletingLastPathComponent()
    for file in own {
        guard let yaml = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
        for reference in pageReferences(in: yaml) {
            let page = pack.appendingPathComponent(reference).standardized.path
            if FileManager.default.fileExists(atPath: page) && !files.contains(page) { files.append(page) }
        }
    }
}
for folder in arguments.dropFirst(3) { collect(folder) }

var source = "// Generated at build time by EmbedResourcesTool from rules/. Do not edit.\n"
source += "enum EmbeddedResources {\n    static let files: [(path: String, text: String)] = [\n"
for file in files {
    let text = try String(contentsOfFile: file, encoding: .utf8)
    let absolute = URL(fileURLWithPath: file).standardized.path
    let relative = absolute.hasPrefix(root) ? String(absolute.dropFirst(root.count))
        : absolute.hasPrefix(parent) ? "../" + absolute.dropFirst(parent.count) : file
    // A raw string literal whose delimiter cannot occur in the text.
    var hashes = "#"
    while text.contains("\"" + hashes) || text.contains(hashes + "\"") { hashes += "#" }
    source += "        (path: \(relative.debugDescription), text: \(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes)),\n"
}
source += "    ]\n}\n"
// Leave the file untouched when nothing changed, so dependants are not rebuilt.
if (try? String(contentsOfFile: arguments[2], encoding: .utf8)) != source {
    try source.write(toFile: arguments[2], atomically: true, encoding: .utf8)
}
