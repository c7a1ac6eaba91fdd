/// Per-label precision, recall and F1 and a confusion matrix, accumulated over labelled pages.
public struct Evaluation: Sendable {
    /// confusion[gold][predicted] = segments
    public private(set) var confusion: [Label: [Label: Int]] = [:]
    public private(set) var pages = 0
    public private(set) var segments = 0

    public init() {}

    public mutating func add(gold: [Label], predicted: [Label]) {
        pages += 1
        for (g, p) in zip(gold, predicted) {
            confusion[g, default: [:]][p, default: 0] += 1
            segments += 1
        }
    }

    public func count(gold: Label, predicted: Label) -> Int { confusion[gold]?[predicted] ?? 0 }

    public struct Scores: Sendable, Equatable {
        public var precision: Double, recall: Double, f1: Double, support: Int
    }

    public func scores(for label: Label) -> Scores {
        let truePositive = count(gold: label, predicted: label)
        let predicted = Label.allCases.reduce(0) { $0 + count(gold: $1, predicted: label) }
        let actual = Label.allCases.reduce(0) { $0 + count(gold: label, predicted: $1) }
        let precision = predicted == 0 ? (actual == 0 ? 1 : 0) : Double(truePositive) / Double(predicted)
        let recall = actual == 0 ? (predicted == 0 ? 1 : 0) : Double(truePositive) / Double(actual)
        let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        return Scores(precision: precision, recall: recall, f1: f1, support: actual)
    }

    /// Mean F1 over the five labels.
    public var macroF1: Double { Label.allCases.map { scores(for: $0).f1 }.reduce(0, +) / Double(Label.allCases.count) }

    /// Share of segments labelled correctly.
    public var accuracy: Double {
        guard segments > 0 else { return 0 }
        return Double(Label.allCases.reduce(0) { $0 + count(gold: $1, predicted: $1) }) / Double(segments)
    }
}
