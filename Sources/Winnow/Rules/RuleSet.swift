/// The rules a run uses: the embedded default pack, then each `--rules` pack in order.
/// A later pack's rule with an existing id replaces it; `disable:` removes ids.
/// Rules are kept in decision order: highest priority first, then the order they were written.
public struct RuleSet: Sendable {
    public private(set) var rules: [Rule]
    public private(set) var context: ContextSettings
    /// Ids of default rules that a pack replaced or disabled, for `rules list`.
    public private(set) var overridden: [String: RuleOrigin]

    public init(packs: [RulePack]) throws {
        var byID: [String: Rule] = [:]
        var order: [String] = []
        var overridden: [String: RuleOrigin] = [:]
        var context = ContextSettings()
        var errors: [RuleError] = []
        for pack in packs {
            for rule in pack.rules {
                if byID[rule.id] == nil { order.append(rule.id) } else { overridden[rule.id] = rule.origin }
                byID[rule.id] = rule
            }
            for (id, origin) in pack.disabled {
                if byID.removeValue(forKey: id) == nil {
                    errors.append(RuleError(file: origin.file, line: origin.line, ruleID: id, message: "disables a rule that no earlier pack defines"))
                } else { overridden[id] = origin }
            }
            for change in pack.contextChanges { change.apply(&context) }
        }
        if !errors.isEmpty { throw RuleErrors(errors: errors) }
        let ordered = order.compactMap { byID[$0] }
        let position = Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($1.id, $0) })
        rules = ordered.sorted { ($0.priority, position[$1.id]!) > ($1.priority, position[$0.id]!) }
        self.context = context
        self.overridden = overridden
    }

    /// The default pack's files as built into the binary.
    public static func embeddedDefaultPacks() throws -> [RulePack] {
        let loader = RuleLoader()
        var packs: [RulePack] = []
        var errors: [RuleError] = []
        // Only the pack's own files: `default/expectations/` holds its page expectations, not rules.
        for file in EmbeddedResources.files where file.path.hasPrefix("default/") && file.path.hasSuffix(".yaml")
            && !file.path.dropFirst("default/".count).contains("/") {
            do { packs.append(try loader.load(yaml: file.text, file: "rules/" + file.path)) }
            catch let error as RuleErrors { errors += error.errors }
        }
        if !errors.isEmpty { throw RuleErrors(errors: errors) }
        return packs
    }

    /// The default rules, then user packs from `paths` (files, or folders of `.yaml` files).
    public static func load(extraPacks paths: [String], includeDefaults: Bool = true) throws -> RuleSet {
        var packs = includeDefaults ? try embeddedDefaultPacks() : []
        let loader = RuleLoader()
        var errors: [RuleError] = []
        for path in RulePackFiles.expand(paths) {
            do { packs.append(try loader.load(path: path)) }
            catch let error as RuleErrors { errors += error.errors }
        }
        if !errors.isEmpty { throw RuleErrors(errors: errors) }
        return try RuleSet(packs: packs)
    }
}

import Foundation

/// Turns `--rules` arguments into rule files: a file as given, a folder as its `.yaml`/`.yml` files, sorted.
public enum RulePackFiles {
    public static func expand(_ paths: [String]) -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                files += names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        return files
    }
}
