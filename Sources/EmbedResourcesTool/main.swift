import Foundation

// usage: EmbedResourcesTool ROOT OUTPUT FOLDER...
// Writes a Swift file declaring the text of every .yaml and .txt file in each FOLDER and its
// subfolders (hidden ones skipped), keyed by its path relative to ROOT, in a stable (sorted) order.
let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write("usage: EmbedResourcesTool ROOT OUTPUT FOLDER...\n".data(using: .utf8)!)
    exit(2)
}
let root = arguments[1].hasSuffix("/") ? arguments[1] : arguments[1] + "/"
var files: [String] = []
func collect(_ folder: String) {
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    for name in names {
        let path = folder + "/" + name
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            collect(path)
        } else if name.hasSuffix(".yaml") || name.hasSuffix(".txt") {
            files.append(path)
        }
    }
}
for folder in arguments.dropFirst(3) { collect(folder) }
var source = "// Generated at build time by EmbedResourcesTool from rules/. Do not edit.\n"
source += "enum EmbeddedResources {\n    static let files: [(path: String, text: String)] = [\n"
for file in files {
    let text = try String(contentsOfFile: file, encoding: .utf8)
    let relative = file.hasPrefix(root) ? String(file.dropFirst(root.count)) : file
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
