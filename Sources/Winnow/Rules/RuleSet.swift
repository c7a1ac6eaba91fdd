/// The rules a run uses: the embedded default pack, then each `--rules` pack in order.
/// A later pack's rule with an existing id replaces it; `disable:` removes ids.
/// Rules are kept in decision order: highest priority first, then the order they were written.
public struct RuleSet: Sendable {
    public private(set) var rules: [Rule]
    public private(set) var context: ContextSettings
    /// Ids of default rules that a pack replaced or disabled, for `rules list`.
    public private(set) var overridden: [String: RuleOrigin]
    /// Document rules and segment action rules (redact, flag), in pack order. Rule ids are one
    /// namespace across classification, action and document rules.
    public private(set) var moderation: ModerationRules
    private let planCache = RulePlanCache()

    /// The rules laid out for classification (patterns, conditions and the literal prefilter),
    /// built on first use and shared by every classifier of this rule set.
    public var plan: RulePlan { planCache.plan(for: rules) }

    /// Builds the plan now, on `threads` threads, unless it is built already. A batch of more
    /// than one job calls it before its workers start: they would otherwise wait on one of them
    /// building it alone.
    public func preparePlan(threads: Int) { _ = planCache.plan(for: rules, threads: threads) }

    public init(packs: [RulePack]) throws {
        var byID: [String: Rule] = [:]
        var order: [String] = []
        var overridden: [String: RuleOrigin] = [:]
        var context = ContextSettings()
        var errors: [RuleError] = []
        var actions: [String: ActionRule] = [:], documents: [String: DocumentRule] = [:]
        var moderationOrder: [String] = []
        /// Removes an id from every kind of rule; true when some pack had defined it.
        func remove(_ id: String) -> Bool {
            let rule = byID.removeValue(forKey: id), action = actions.removeValue(forKey: id), document = documents.removeValue(forKey: id)
            return rule != nil || action != nil || document != nil
        }
        for pack in packs {
            for rule in pack.rules {
                if remove(rule.id) { overridden[rule.id] = rule.origin }
                if !order.contains(rule.id) { order.append(rule.id) }
                byID[rule.id] = rule
            }
            for action in pack.actions {
                if remove(action.id) { overridden[action.id] = action.origin }
                if !moderationOrder.contains(action.id) { moderationOrder.append(action.id) }
                actions[action.id] = action
            }
            for document in pack.documents {
                if remove(document.id) { overridden[document.id] = document.origin }
                if !moderationOrder.contains(document.id) { moderationOrder.append(document.id) }
                documents[document.id] = document
            }
            for (id, origin) in pack.disabled {
                if !remove(id) {
                    errors.append(RuleError(file: origin.file, line: origin.line, ruleID: id, message: "disables a rule that no earlier pack defines"))
                } else { overridden[id] = origin }
            }
            for change in pack.contextChanges { change.apply(&context) }
        }
        if !errors.isEmpty { throw RuleErrors(errors: errors) }
        let ordered = order.compactMap { byID[$0] }
        let position = Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($1.id, $0) })
        rules = ordered.sorted { ($0.priority, position[$1.id]!) > ($1.priority, position[$0.id]!) }
        moderation = ModerationRules(actions: moderationOrder.compactMap { actions[$0] }, documents: moderationOrder.compactMap { documents[$0] })
        self.context = context
        self.overridden = overridden
    }

    /// The default pack's files as built into the binary.
    public static func embeddedDefaultPacks() throws -> [RulePack] {
        try embeddedPacks(folder: "default/")
    }

    /// The embedded packs whose path starts with `folder` (e.g. `profiles/pii/`), in path order.
    static func embeddedPacks(folder: String) throws -> [RulePack] {
        let loader = RuleLoader()
        var packs: [RulePack] = []
        var errors: [RuleError] = []
        // Only the pack's own files: a subfolder such as `default/expectations/` holds page expectations, not rules.
        for file in EmbeddedResources.files where file.path.hasPrefix(folder) && file.path.hasSuffix(".yaml")
            && !file.path.dropFirst(folder.count).contains("/") {
            do { packs.append(try loader.load(yaml: file.text, file: "rules/" + file.path)) }
            catch let error as RuleErrors { errors += error.errors }
        }
        if !errors.isEmpty { throw RuleErrors(errors: errors) }
        return packs
    }

    /// The names of the built-in profiles (`rules/profiles/NAME/`), sorted.
    public static var profileNames: [String] {
        let names = EmbeddedResources.files.compactMap { file -> String? in
            guard file.path.hasPrefix("profiles/") else { return nil }
            return file.path.dropFirst("profiles/".count).split(separator: "/").first.map(String.init)
        }
        return Array(Set(names)).sorted()
    }

    /// A built-in profile's packs (`rules/profiles/NAME/*.yaml`).
    public static func profilePacks(_ name: String) throws -> [RulePack] {
        guard profileNames.contains(name) else {
            throw RuleErrors(errors: [RuleError(file: "--profile", line: 0, ruleID: nil, message: "no profile \(name.debugDescription) (built in: \(profileNames.joined(separator: ", ")))")])
        }
        return try embeddedPacks(folder: "profiles/\(name)/")
    }

    /// The default rules, then the named built-in profiles (each once, in order), then user packs
    /// from `paths` (files, or folders of `.yaml` files), so user packs can override both.
    public static func load(extraPacks paths: [String], includeDefaults: Bool = true, profiles: [String] = []) throws -> RuleSet {
        var packs = includeDefaults ? try embeddedDefaultPacks() : []
        var seenProfiles = Set<String>()
        for profile in profiles where seenProfiles.insert(profile).inserted { packs += try profilePacks(profile) }
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
