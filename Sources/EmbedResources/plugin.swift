import Foundation
import PackagePlugin

/// Embeds the default rule pack and its page expectations (with the pages they name), the
/// moderation profiles (`rules/profiles/NAME/*.yaml`), the stopword lists and the prefilter's table of
/// common four-byte windows (`rules/prefilter/windows.txt`) into the `Winnow`
/// module at build time, so the `winnow` binary works from any folder with no files beside it.
@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let rules = context.package.directory.appending("rules")
        let folders = ["default", "stopwords", "profiles", "prefilter"].map { rules.appending($0) }
            .filter { FileManager.default.fileExists(atPath: $0.string) }
        var files: [Path] = []
        var watched: [Path] = []
        // Folders are walked recursively (profiles hold one folder per profile, packs an `expectations/` folder).
        func walk(_ folder: Path) {
            watched.append(folder)
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.string)) ?? []).sorted()
            for name in names where !name.hasPrefix(".") {
                let path = folder.appending(name)
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: path.string, isDirectory: &isDirectory), isDirectory.boolValue {
                    walk(path)
                } else if name.hasSuffix(".yaml") || name.hasSuffix(".txt") {
                    files.append(path)
                }
            }
        }
        folders.forEach(walk)
        // The pages that expectation files name are inputs too: editing one re-embeds it.
        for file in files where file.removingLastComponent().lastComponent == "expectations" {
            let yaml = (try? String(contentsOfFile: file.string, encoding: .utf8)) ?? ""
            for line in yaml.split(separator: "\n") {
                var text = line.trimmingCharacters(in: .whitespaces)
                if text.hasPrefix("- ") { text = String(text.dropFirst(2)).trimmingCharacters(in: .whitespaces) }
                guard text.hasPrefix("page:") else { continue }
                var value = text.dropFirst(5).trimmingCharacters(in: .whitespaces)
                if let comment = value.range(of: " #") { value = String(value[..<comment.lowerBound]).trimmingCharacters(in: .whitespaces) }
                value = value.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
                let page = file.removingLastComponent().removingLastComponent().appending(subpath: value)
                if FileManager.default.fileExists(atPath: page.string) { files.append(page) }
            }
        }
        let output = context.pluginWorkDirectory.appending("EmbeddedResources.swift")
        return [
            .buildCommand(
                displayName: "Embedding rules, expectations, profiles and stopword lists",
                executable: try context.tool(named: "EmbedResourcesTool").path,
                // The tool lists the folders itself, so a file added since planning is embedded too.
                arguments: [rules.string, output.string] + folders.map(\.string),
                // The folders are inputs as well: adding or removing a file changes them and reruns the tool.
                inputFiles: files + watched,
                outputFiles: [output]
            ),
        ]
    }
}
