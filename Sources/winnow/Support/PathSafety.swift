import ArgumentParser
import Foundation

/// Keeps a run from writing over its own inputs: the output folder and the inputs must not
/// contain each other, and the files a run writes beside its output (`--rejects`, `--stats`,
/// moderation's `--dropped` and `--review`) must not be inputs or lie inside input folders.
enum PathSafety {
    static func check(inputs: [String], out: String?, files: [(option: String, path: String?)]) throws {
        let inputPaths = inputs.filter { $0 != "-" }.map { (given: $0, real: resolved($0)) }
        if let out {
            let outReal = resolved(out)
            for input in inputPaths {
                if contains(input.real, outReal) {
                    throw ValidationError("--out \(out) is inside the input \(input.given): outputs would be read back as inputs")
                }
                if contains(outReal, input.real) {
                    throw ValidationError("the input \(input.given) is inside --out \(out): outputs could overwrite it")
                }
            }
        }
        var seen: [String: String] = [:]
        for (option, path) in files {
            guard let path else { continue }
            let real = resolved(path)
            for input in inputPaths where contains(input.real, real) {
                throw ValidationError("\(option) \(path) would be written over or inside the input \(input.given)")
            }
            if let other = seen[real] { throw ValidationError("\(option) and \(other) name the same file") }
            seen[real] = option
        }
    }

    /// True when `inner` is `outer` or lies below it.
    static func contains(_ outer: String, _ inner: String) -> Bool {
        inner == outer || inner.hasPrefix(outer.hasSuffix("/") ? outer : outer + "/")
    }

    /// An absolute path with symbolic links resolved as far as the path exists.
    static func resolved(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var existing = (absolute as NSString).standardizingPath
        var rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing) && existing != "/" {
            rest.insert((existing as NSString).lastPathComponent, at: 0)
            existing = (existing as NSString).deletingLastPathComponent
        }
        let real = (existing as NSString).resolvingSymlinksInPath
        return rest.reduce(real) { ($0 as NSString).appendingPathComponent($1) }
    }
}
