import Foundation
import PackagePlugin

/// Embeds the default rule pack and the stopword lists into the `Winnow` module at build
/// time, so the `winnow` binary works from any folder with no files beside it.
@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let rules = context.package.directory.appending("rules")
        let folders = ["default", "stopwords"].map { rules.appending($0) }
        var files: [Path] = []
        for folder in folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.string)) ?? []
            files += names.sorted().filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".txt") }.map { folder.appending($0) }
        }
        let output = context.pluginWorkDirectory.appending("EmbeddedResources.swift")
        return [
            .buildCommand(
                displayName: "Embedding rules and stopword lists",
                executable: try context.tool(named: "EmbedResourcesTool").path,
                // The tool lists the folders itself, so a file added since planning is embedded too.
                arguments: [rules.string, output.string] + folders.map(\.string),
                // The folders are inputs as well: adding or removing a file changes them and reruns the tool.
                inputFiles: files + folders,
                outputFiles: [output]
            ),
        ]
    }
}
