import Foundation

/// The accounting of a run (or of one input, kept in the resume index): every document read is
/// cleaned, rejected (by reason) or skipped (by reason), so `documents` always equals
/// `cleaned + rejected + skipped`.
public struct RunStats: Codable, Sendable, Equatable {
    public var inputs = 0
    public var documents = 0
    public var cleaned = 0
    /// Cleaned documents whose kept text is empty (written with an empty text unless dropped).
    public var empty = 0
    /// Empty documents not written because of `--drop-empty`.
    public var droppedEmpty = 0
    public var rejected: [String: Int] = [:]
    public var skipped: [String: Int] = [:]
    /// WARC records that are not documents (warcinfo, request, metadata, ...), by type.
    public var ignoredRecords: [String: Int] = [:]
    /// Segments per label.
    public var segments: [String: Int] = [:]
    public var bytesIn = 0
    public var bytesOut = 0
    /// Documents whose bytes the normaliser repaired (invalid UTF-8, invisibles).
    public var repaired = 0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case inputs, documents, cleaned, empty, rejected, skipped, segments, repaired
        case droppedEmpty = "dropped_empty", ignoredRecords = "ignored_records", bytesIn = "bytes_in", bytesOut = "bytes_out"
    }

    public var rejectedTotal: Int { rejected.values.reduce(0, +) }
    public var skippedTotal: Int { skipped.values.reduce(0, +) }
    public var segmentTotal: Int { segments.values.reduce(0, +) }

    public mutating func addCleaned(segments counts: LabelCounts, bytesIn: Int, bytesOut: Int, empty isEmpty: Bool, dropped: Bool, repaired wasRepaired: Bool) {
        addCleaned(bytesIn: bytesIn, bytesOut: bytesOut, empty: isEmpty, dropped: dropped, repaired: wasRepaired)
        addSegments(counts)
    }

    /// `addCleaned` without the segments, which the caller adds with `addSegments` (a batch adds
    /// an input's at once).
    mutating func addCleaned(bytesIn: Int, bytesOut: Int, empty isEmpty: Bool, dropped: Bool, repaired wasRepaired: Bool) {
        documents += 1
        cleaned += 1
        self.bytesIn += bytesIn
        self.bytesOut += bytesOut
        if isEmpty { empty += 1 }
        if dropped { droppedEmpty += 1 }
        if wasRepaired { repaired += 1 }
    }

    /// Adds segments per label; a label none of them has gets no entry.
    mutating func addSegments(_ counts: LabelCounts) {
        guard !counts.isZero else { return }
        // Room for every label at once (an input's figures start empty for each page file).
        if segments.isEmpty { segments.reserveCapacity(Label.allCases.count) }
        for label in Label.allCases where counts[label] > 0 { segments[label.rawValue, default: 0] += counts[label] }
    }

    public mutating func addRejected(_ reason: RejectReason, bytesIn: Int = 0) {
        documents += 1
        rejected[reason.rawValue, default: 0] += 1
        self.bytesIn += bytesIn
    }

    public mutating func addSkipped(_ reason: String, bytesIn: Int) {
        documents += 1
        skipped[reason, default: 0] += 1
        self.bytesIn += bytesIn
    }

    public mutating func merge(_ other: RunStats) {
        inputs += other.inputs
        documents += other.documents
        cleaned += other.cleaned
        empty += other.empty
        droppedEmpty += other.droppedEmpty
        rejected.merge(other.rejected, uniquingKeysWith: +)
        skipped.merge(other.skipped, uniquingKeysWith: +)
        ignoredRecords.merge(other.ignoredRecords, uniquingKeysWith: +)
        segments.merge(other.segments, uniquingKeysWith: +)
        bytesIn += other.bytesIn
        bytesOut += other.bytesOut
        repaired += other.repaired
    }

    /// The end-of-run summary printed on standard error.
    public func summary(resumedInputs: Int = 0) -> String {
        func list(_ counts: [String: Int]) -> String {
            counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        var lines = ["cleaned \(cleaned) page\(cleaned == 1 ? "" : "s"), \(segmentTotal) segments; \(rejectedTotal) rejected; \(repaired) repaired"]
        lines.append("  " + Label.allCases.map { "\($0.rawValue) \(segments[$0.rawValue] ?? 0)" }.joined(separator: "  "))
        var documentsLine = "  documents in \(documents): cleaned \(cleaned) (\(empty) empty"
        documentsLine += droppedEmpty > 0 ? ", \(droppedEmpty) dropped)" : ")"
        documentsLine += ", rejected \(rejectedTotal), skipped \(skippedTotal)"
        lines.append(documentsLine)
        if !rejected.isEmpty { lines.append("  rejected: " + list(rejected)) }
        if !skipped.isEmpty { lines.append("  skipped: " + list(skipped)) }
        if !ignoredRecords.isEmpty { lines.append("  WARC records that are not documents: " + list(ignoredRecords)) }
        lines.append("  bytes in \(bytesIn), out \(bytesOut)")
        if resumedInputs > 0 { lines.append("  resumed: \(resumedInputs) of \(inputs) inputs were already complete") }
        return lines.joined(separator: "\n")
    }

    /// The same figures as `summary`, as the JSON object `--stats` writes (keys sorted); `extra`
    /// adds groups of counts under their own keys (`moderation`: verdicts, redactions, flags).
    public func json(elapsedSeconds: Double, resumedInputs: Int, extra: [String: [String: [String: Int]]] = [:]) -> String {
        var object: [String: Any] = [
            "inputs": inputs, "documents": documents, "cleaned": cleaned, "empty": empty, "dropped_empty": droppedEmpty,
            "rejected": ["total": rejectedTotal, "by_reason": rejected],
            "skipped": ["total": skippedTotal, "by_reason": skipped],
            "ignored_records": ignoredRecords,
            "segments": Dictionary(uniqueKeysWithValues: Label.allCases.map { ($0.rawValue, segments[$0.rawValue] ?? 0) }),
            "bytes_in": bytesIn, "bytes_out": bytesOut, "repaired": repaired,
            "resumed_inputs": resumedInputs,
        ]
        object["elapsed_seconds"] = (elapsedSeconds * 1000).rounded() / 1000
        for (key, groups) in extra where object[key] == nil { object[key] = groups.mapValues { $0 as Any } }
        return Self.pretty(object, indent: "") + "\n"
    }

    /// Indented JSON with sorted keys, for the handful of value kinds the figures use.
    static func pretty(_ value: Any, indent: String) -> String {
        switch value {
        case let object as [String: Any]:
            guard !object.isEmpty else { return "{}" }
            let inner = indent + "  "
            let members = object.keys.sorted().map { inner + JSON.quote($0) + ": " + pretty(object[$0]!, indent: inner) }
            return "{\n" + members.joined(separator: ",\n") + "\n" + indent + "}"
        case let object as [String: Int]:
            return pretty(object as [String: Any], indent: indent)
        case let number as Int:
            return String(number)
        case let number as Double:
            return String(number)
        case let text as String:
            return JSON.quote(text)
        default:
            return "null"
        }
    }
}
