/// What changes between two rule sets on the same pages: every segment whose label changes,
/// grouped by who decided it on each side (rule, zone, scorer), with the per-label figures of
/// both sides when the pages are labelled. Run it before shipping a rule change to millions of
/// pages, as a code review reads a diff.
public struct RuleDiff: Sendable {
    /// One segment whose label differs between the two sides.
    public struct Change: Sendable {
        public var page: String
        public var segment: Int
        public var line: Int
        public var text: String
        public var before: Decision
        public var after: Decision
        public var gold: Label?

        /// Right after and wrong before.
        public var isFix: Bool { gold.map { $0 == after.label && $0 != before.label } ?? false }
        /// Right before and wrong after.
        public var isBreak: Bool { gold.map { $0 == before.label && $0 != after.label } ?? false }
    }

    /// Changes with the same deciders and labels on both sides.
    public struct Group: Sendable {
        public var beforeLabel: Label
        public var beforeSource: String
        public var afterLabel: Label
        public var afterSource: String
        public var changes: [Change]

        public var fixes: Int { changes.filter(\.isFix).count }
        public var breaks: Int { changes.filter(\.isBreak).count }
    }

    /// How one decider's share moved: segments it decides only after, or only before.
    public struct DeciderShift: Sendable {
        public var source: String
        public var gained = 0
        public var lost = 0
        public var fixes = 0
        public var breaks = 0
    }

    public private(set) var pages = 0
    public private(set) var segments = 0
    public private(set) var changes: [Change] = []
    /// Segments whose label stays but whose decider changes.
    public private(set) var redecided = 0
    public private(set) var before = Evaluation()
    public private(set) var after = Evaluation()
    public private(set) var labelledPages = 0

    public init() {}

    /// Adds one page as classified by each side (the same document through both rule sets).
    public mutating func add(before old: ClassifiedPage, after new: ClassifiedPage) {
        pages += 1
        let oldDecisions = old.decisions, newDecisions = new.decisions
        segments += new.spans.count
        if let gold = new.gold {
            labelledPages += 1
            before.add(gold: gold, predicted: oldDecisions.map(\.label))
            after.add(gold: gold, predicted: newDecisions.map(\.label))
        }
        for (index, segment) in new.segments.enumerated() where index < oldDecisions.count {
            let a = oldDecisions[index], b = newDecisions[index]
            if a.label != b.label {
                changes.append(Change(page: new.id, segment: index, line: segment.line, text: segment.text, before: a, after: b, gold: new.gold?[index]))
            } else if a.source != b.source {
                redecided += 1
            }
        }
    }

    /// Changes grouped by (label and decider before, label and decider after), largest first.
    public var groups: [Group] {
        var byKey: [String: Group] = [:]
        var order: [String] = []
        for change in changes {
            let key = "\(change.before.label)|\(change.before.source)|\(change.after.label)|\(change.after.source)"
            if byKey[key] == nil {
                order.append(key)
                byKey[key] = Group(beforeLabel: change.before.label, beforeSource: change.before.source.description,
                                   afterLabel: change.after.label, afterSource: change.after.source.description, changes: [])
            }
            byKey[key]!.changes.append(change)
        }
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        return order.map { byKey[$0]! }.sorted { ($0.changes.count, position[key($1)]!) > ($1.changes.count, position[key($0)]!) }
    }

    private func key(_ g: Group) -> String { "\(g.beforeLabel)|\(g.beforeSource)|\(g.afterLabel)|\(g.afterSource)" }

    /// Per decider (rule, zone or scorer): how many changed segments it decides after and not
    /// before (gained) or before and not after (lost), most moved first.
    public var shifts: [DeciderShift] {
        var table: [String: DeciderShift] = [:]
        for change in changes {
            let gained = change.after.source.description, lost = change.before.source.description
            table[gained, default: DeciderShift(source: gained)].gained += 1
            table[lost, default: DeciderShift(source: lost)].lost += 1
            if change.isFix { table[gained]!.fixes += 1 }
            if change.isBreak { table[gained]!.breaks += 1 }
        }
        return table.values.sorted { ($0.gained + $0.lost, $1.source) > ($1.gained + $1.lost, $0.source) }
    }

    public var fixes: Int { changes.filter(\.isFix).count }
    public var breaks: Int { changes.filter(\.isBreak).count }
    /// Changed segments that are wrong on both sides.
    public var stillWrong: Int { changes.filter { $0.gold != nil && !$0.isFix && !$0.isBreak }.count }
}
