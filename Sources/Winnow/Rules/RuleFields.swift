import Yams
import WinnowPCRE2

/// Fields that classification and moderation rules share, read the same way for both: the
/// patterns (`pattern:` / `patterns:`, compiled with `ignore_case`), the `when:` conditions and
/// lists of strings such as `examples:`. Each problem is reported through `problem` with the
/// node it concerns, so errors point at the line.
enum RuleFields {
    static func patterns(_ mapping: KeyedMapping, node: Node, problem: (Node?, String) -> Void) -> [Pattern] {
        let ignoreCase = mapping["ignore_case"].map { $0.bool ?? true } ?? true
        var sources: [Node] = []
        if let single = mapping["pattern"] { sources.append(single) }
        if let list = mapping["patterns"] {
            if let sequence = list.sequence { sources += Array(sequence) } else { problem(list, "patterns must be a list") }
        }
        if sources.isEmpty { problem(node, "rule has no patterns") }
        var patterns: [Pattern] = []
        for source in sources {
            guard let text = source.string else { problem(source, "a pattern must be a string"); continue }
            do {
                patterns.append(try Pattern(text, options: ignoreCase ? [.caseInsensitive] : []))
            } catch let error as PatternError {
                problem(source, "pattern does not compile: \(error.message) at offset \(error.offset) in \(text.debugDescription)")
            } catch { problem(source, "\(error)") }
        }
        return patterns
    }

    static func conditions(_ mapping: KeyedMapping, problem: (Node?, String) -> Void) -> [Condition] {
        guard let when = mapping["when"] else { return [] }
        guard let entries = when.mapping else { problem(when, "when must be a mapping of feature conditions"); return [] }
        var conditions: [Condition] = []
        for (key, value) in entries {
            do { conditions += try Condition.parse(key: key.string ?? "", value: value.string ?? "") }
            catch { problem(key, "bad condition: \(error)") }
        }
        return conditions
    }

    static func strings(_ mapping: KeyedMapping, _ key: String, problem: (Node?, String) -> Void) -> [String] {
        guard let value = mapping[key] else { return [] }
        guard let sequence = value.sequence else { problem(value, "\(key) must be a list of strings"); return [] }
        return sequence.compactMap { item in
            guard let text = item.string else { problem(item, "\(key) must be a list of strings"); return nil }
            return text
        }
    }

    /// `node.int`, with a plain decimal number (a priority, a zone's size) read at once: Yams
    /// first rewrites the text with Foundation (some fifteen thousand instructions a number).
    /// Yams reads the same number from it: no sign, `_`, base prefix, leading zero or `:`.
    static func int(_ node: Node) -> Int? {
        if let scalar = node.scalar, scalar.style == .plain || scalar.style == .any {
            let digits = scalar.string.utf8
            if let first = digits.first, first != UInt8(ascii: "0"), digits.count <= 18,
               digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
                return Int(scalar.string)
            }
        }
        return node.int
    }
}

/// A rule's YAML mapping with its values found by key once: Yams's `mapping["key"]` makes a
/// node of the key and compares it (resolving both tags) with every key of the mapping, at each
/// look-up, some ten thousand instructions for a rule. The same answers: the value of the last
/// key equal to the one looked up.
struct KeyedMapping: Sequence {
    let mapping: Node.Mapping
    private var values: [String: Node] = [:]

    init(_ mapping: Node.Mapping) {
        self.mapping = mapping
        let tag = mapping.tag.copy(with: .implicit)
        for (key, value) in mapping {
            guard let name = key.string, key == Node(name, tag) else { continue }
            values[name] = value
        }
    }

    subscript(key: String) -> Node? { values[key] }

    func makeIterator() -> Node.Mapping.Iterator { mapping.makeIterator() }
}
