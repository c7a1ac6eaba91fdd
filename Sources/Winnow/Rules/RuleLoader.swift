import Foundation
import WinnowPCRE2
import Yams

/// Reads rule files (YAML) into `RulePack`s, checking everything a user can get wrong:
/// unknown keys, missing fields, bad labels, patterns PCRE2 cannot compile, bad conditions,
/// duplicate ids. Every error names the file, the line and the rule id.
public struct RuleLoader {
    static let packKeys: Set<String> = ["rules", "documents", "disable", "context", "description"]
    static let ruleKeys: Set<String> = ["id", "label", "description", "patterns", "pattern", "ignore_case", "when",
                                        "priority", "zone", "ends_article", "article_head", "examples", "counterexamples"]
    static let zoneKeys: Set<String> = ["label", "max", "ends_at_prose", "max_item_words", "ends_at_short", "items_repeat_below"]

    /// No tag resolution. Yams's default resolver tries seven regular expressions on a scalar (a
    /// tenth of loading the rules, as every key looked up in a mapping is resolved), and even
    /// its one for booleans alone was compiled and run on every key looked up; yet the loader
    /// never needs a scalar's resolved tag: `Int.construct` and `Double.construct` read numbers
    /// from the string, and `Bool.construct` asks only whether a scalar was written as a string
    /// (quoted or tagged `!!str`), not how a resolver would tag it.
    static let resolver = Resolver.basic
    /// Made once: Yams makes a new one (with its tables of constructors) for every file otherwise.
    static let constructor = Constructor.default

    public init() {}

    /// Parses one rule file's text. `file` is the name used in messages.
    public func load(yaml: String, file: String) throws -> RulePack {
        var errors: [RuleError] = []
        var pack = RulePack(file: file, rules: [], disabled: [], contextChanges: [])
        func fail(_ node: Node?, _ rule: String?, _ message: String) {
            errors.append(RuleError(file: file, line: node?.mark?.line ?? 1, ruleID: rule, message: message))
        }
        let root: Node?
        do {
            // UTF-8, what Yams would choose for a native string after reading the environment (a
            // look-up that costs more than a small file's parse).
            root = try Yams.compose(yaml: yaml, Self.resolver, Self.constructor, .utf8)
        } catch let error as YamlError {
            throw RuleErrors(errors: [RuleError(file: file, line: Self.line(of: error), ruleID: nil, message: "not valid YAML: \(Self.problem(of: error))")])
        }
        guard let root else { return pack }
        guard let mapping = root.mapping else {
            throw RuleErrors(errors: [RuleError(file: file, line: root.mark?.line ?? 1, ruleID: nil, message: "a rule file is a mapping with the keys \(Self.packKeys.sorted().joined(separator: ", "))")])
        }
        // Rule ids seen in this file (classification, action and document rules share one namespace).
        var seen: [String: Int] = [:]
        for (key, value) in mapping {
            guard let name = key.string, Self.packKeys.contains(name) else {
                fail(key, nil, "unknown key \(key.string?.debugDescription ?? "?") (allowed: \(Self.packKeys.sorted().joined(separator: ", ")))")
                continue
            }
            switch name {
            case "rules":
                guard let sequence = value.sequence else { fail(value, nil, "rules must be a list"); continue }
                for item in sequence {
                    let fields = item.mapping.map(KeyedMapping.init)
                    // Duplicates are found by id before parsing, so a broken first copy still counts.
                    if let id = fields?["id"]?.string {
                        if let first = seen[id] {
                            fail(item, id, "duplicate rule id (first defined at line \(first))")
                            continue
                        }
                        seen[id] = item.mark?.line ?? 1
                    }
                    if fields?["action"] != nil {
                        if let rule = parseActionRule(item, fields: fields, file: file, fail: fail) { pack.actions.append(rule) }
                    } else if let rule = parseRule(item, fields: fields, file: file, fail: fail) { pack.rules.append(rule) }
                }
            case "documents":
                guard let sequence = value.sequence else { fail(value, nil, "documents must be a list of document rules"); continue }
                for item in sequence {
                    let fields = item.mapping.map(KeyedMapping.init)
                    if let id = fields?["id"]?.string {
                        if let first = seen[id] {
                            fail(item, id, "duplicate rule id (first defined at line \(first))")
                            continue
                        }
                        seen[id] = item.mark?.line ?? 1
                    }
                    if let rule = parseDocumentRule(item, fields: fields, file: file, fail: fail) { pack.documents.append(rule) }
                }
            case "disable":
                guard let sequence = value.sequence else { fail(value, nil, "disable must be a list of rule ids"); continue }
                for item in sequence {
                    guard let id = item.string else { fail(item, nil, "disable takes rule ids"); continue }
                    pack.disabled.append((id, RuleOrigin(file: file, line: item.mark?.line ?? 1)))
                }
            case "context":
                guard let settings = value.mapping else { fail(value, nil, "context must be a mapping of settings"); continue }
                for (settingKey, settingValue) in settings {
                    let setting = settingKey.string ?? ""
                    let origin = RuleOrigin(file: file, line: settingKey.mark?.line ?? 1)
                    let text = settingValue.string ?? ""
                    if let path = ContextSettings.keys[setting] {
                        guard let number = Double(text) else { fail(settingValue, nil, "context.\(setting) must be a number"); continue }
                        pack.contextChanges.append(({ $0[keyPath: path] = number }, origin))
                    } else if let path = ContextSettings.integerKeys[setting] {
                        guard let number = Int(text) else { fail(settingValue, nil, "context.\(setting) must be a whole number"); continue }
                        pack.contextChanges.append(({ $0[keyPath: path] = number }, origin))
                    } else if let path = ContextSettings.booleanKeys[setting] {
                        guard let flag = settingValue.bool else { fail(settingValue, nil, "context.\(setting) must be true or false"); continue }
                        pack.contextChanges.append(({ $0[keyPath: path] = flag }, origin))
                    } else {
                        let known = (Array(ContextSettings.keys.keys) + Array(ContextSettings.integerKeys.keys) + Array(ContextSettings.booleanKeys.keys)).sorted()
                        fail(settingKey, nil, "unknown context setting \(setting.debugDescription) (known: \(known.joined(separator: ", ")))")
                    }
                }
            default:
                break  // description: free text
            }
        }
        if !errors.isEmpty { throw RuleErrors(errors: errors) }
        return pack
    }

    public func load(path: String) throws -> RulePack {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RuleErrors(errors: [RuleError(file: path, line: 0, ruleID: nil, message: "cannot read rule file")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RuleErrors(errors: [RuleError(file: path, line: 0, ruleID: nil, message: "rule file is not UTF-8")])
        }
        return try load(yaml: text, file: path)
    }

    /// `fields`: the node's mapping (nil when it is none).
    private func parseRule(_ node: Node, fields: KeyedMapping?, file: String, fail: (Node?, String?, String) -> Void) -> Rule? {
        guard let mapping = fields else { fail(node, nil, "each rule is a mapping with id, label and patterns"); return nil }
        let id = mapping["id"]?.string
        guard let id, !id.isEmpty else { fail(node, nil, "rule has no id"); return nil }
        var ok = true
        func problem(_ at: Node?, _ message: String) { fail(at ?? node, id, message); ok = false }
        for (key, _) in mapping where !Self.ruleKeys.contains(key.string ?? "") {
            problem(key, "unknown key \(key.string?.debugDescription ?? "?") (allowed: \(Self.ruleKeys.sorted().joined(separator: ", ")))")
        }
        var label = Label.navigation
        if let name = mapping["label"]?.string {
            if let parsed = Label(name: name) { label = parsed } else {
                problem(mapping["label"], "unknown label \(name.debugDescription) (expected one of \(Label.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
        } else { problem(node, "rule has no label") }

        let patterns = RuleFields.patterns(mapping, node: node, problem: problem)
        let conditions = RuleFields.conditions(mapping, problem: problem)

        var priority = 50
        if let node = mapping["priority"] {
            if let value = RuleFields.int(node) { priority = value } else { problem(node, "priority must be a whole number") }
        }

        var zone: ZoneBehaviour?
        if let zoneNode = mapping["zone"] {
            if let flag = zoneNode.bool {
                if flag { zone = ZoneBehaviour(label: label, maxSegments: 40, endsAtProse: true) }
            } else if let entries = zoneNode.mapping {
                var behaviour = ZoneBehaviour(label: label, maxSegments: 40, endsAtProse: true)
                for (key, value) in entries {
                    switch key.string ?? "" {
                    case "label":
                        if let parsed = value.string.flatMap(Label.init(name:)) { behaviour.label = parsed } else { problem(value, "zone.label must be one of the five labels") }
                    case "max":
                        if let max = RuleFields.int(value), max > 0 { behaviour.maxSegments = max } else { problem(value, "zone.max must be a positive whole number") }
                    case "max_item_words":
                        if let max = RuleFields.int(value), max > 0 { behaviour.maxItemWords = max } else { problem(value, "zone.max_item_words must be a positive whole number") }
                    case "ends_at_short":
                        if let words = RuleFields.int(value), words > 0 { behaviour.endsAtShort = words } else { problem(value, "zone.ends_at_short must be a positive whole number of words") }
                    case "items_repeat_below":
                        if let flag = value.bool { behaviour.itemsRepeatBelow = flag } else { problem(value, "zone.items_repeat_below must be true or false") }
                    case "ends_at_prose":
                        if let flag = value.bool { behaviour.endsAtProse = flag } else { problem(value, "zone.ends_at_prose must be true or false") }
                    default:
                        problem(key, "unknown zone key \(key.string?.debugDescription ?? "?") (allowed: \(Self.zoneKeys.sorted().joined(separator: ", ")))")
                    }
                }
                zone = behaviour
            } else { problem(zoneNode, "zone must be true or a mapping") }
        }

        var endsArticle = false
        if let node = mapping["ends_article"] {
            if let flag = node.bool { endsArticle = flag } else { problem(node, "ends_article must be true or false") }
        }
        var marksArticleHead = false
        if let node = mapping["article_head"] {
            if let flag = node.bool { marksArticleHead = flag } else { problem(node, "article_head must be true or false") }
            if marksArticleHead && label != .body { problem(node, "article_head marks lines of the article, so the rule's label must be body") }
            if marksArticleHead && zone != nil { problem(node, "a rule cannot both mark the article head and open a zone") }
        }

        let examples = RuleFields.strings(mapping, "examples", problem: problem)
        let counterexamples = RuleFields.strings(mapping, "counterexamples", problem: problem)
        guard ok else { return nil }
        var rule = Rule(id: id, label: label, description: mapping["description"]?.string ?? "", patterns: patterns,
                        conditions: conditions, priority: priority, zone: zone, examples: examples,
                        counterexamples: counterexamples, origin: RuleOrigin(file: file, line: node.mark?.line ?? 1))
        rule.endsArticle = endsArticle
        rule.marksArticleHead = marksArticleHead
        return rule
    }

    static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return 1
        }
    }

    static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
        default: return "\(error)"
        }
    }
}
