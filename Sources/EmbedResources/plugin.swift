import Foundation
import PackagePlugin

/// Embeds the default rule pack, the stopword lists and the moderation profiles
/// (`rules/profiles/NAME/*.yaml`) into the `Winnow` module at build time, so the `winnow`
/// binary works from any folder with no files beside it.
@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let rules = context.package.directory.appending("rules")
        let folders = ["default", "stopwords", "profiles"].map { rules.appending($0) }
        var files: [Path] = []
        var watched: [Path] = []
        // Folders are walked recursively (profiles hold one folder per profile).
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
        let output = context.pluginWorkDirectory.appending("EmbeddedResources.swift")
        return [
            .buildCommand(
                displayName: "Embedding rules, profiles and stopword lists",
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
