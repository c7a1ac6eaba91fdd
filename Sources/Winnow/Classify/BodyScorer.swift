import Foundation

/// The default scorer: how much a segment reads like article prose, from its features alone,
/// as a number from 0 to 1. Long lines full of stopwords that end like sentences score high;
/// short, capitalised, digit-heavy or separator-laden lines (menus, dates, links) score low.
/// It decides the segments no rule claims, together with their context.
public struct BodyScorer: Sendable {
    public init() {}

    public func score(_ f: Features) -> Double {
        Self.logTable.withUnsafeBufferPointer { Self.score(f, logTable: $0) }
    }

    /// The score of each segment: `score` with the table read once for the page (a `static let`
    /// is checked for its initialisation at each use).
    public func scores(_ features: [Features]) -> [Double] {
        Self.logTable.withUnsafeBufferPointer { logTable in
            features.withUnsafeBufferPointer { features in
                [Double](unsafeUninitializedCapacity: features.count) { scores, initialized in
                    for index in features.indices { (scores.baseAddress! + index).initialize(to: Self.score(features[index], logTable: logTable)) }
                    initialized = features.count
                }
            }
        }
    }

    @inline(__always)
    private static func score(_ f: Features, logTable: UnsafeBufferPointer<Double>) -> Double {
        var z = -4.2
        z += 1.15 * (f.words >= 0 && f.words < logTable.count ? logTable[f.words] : log(1 + Double(f.words)))
        z += 4.0 * min(f.stopwordShare, 0.6)
        if f.endsWithPunctuation { z += 1.3 }
        if f.endsWithColon { z += 0.3 }
        z -= 3.0 * f.digitShare
        z -= 2.5 * max(0, f.upperShare - 0.35)
        if f.words >= 4 && f.titleCaseShare > 0.75 { z -= 0.8 }
        z -= 0.6 * Double(min(f.separators, 4))
        if f.startsWithBullet { z -= 0.3 }
        return 1 / (1 + exp(-z))
    }

    /// `log(1 + words)` for the word counts of most lines, made by the same call once: the
    /// logarithm was most of a score's cost.
    private static let logTable: [Double] = (0..<256).map { log(1 + Double($0)) }

    /// The features that weigh most in `score`, as short phrases for `explain`.
    public func reasons(_ f: Features) -> [String] {
        var reasons = ["\(f.words) words", String(format: "stopwords %.2f", f.stopwordShare)]
        reasons.append(f.endsWithPunctuation ? "ends like a sentence" : "no sentence end")
        if f.digitShare > 0.2 { reasons.append(String(format: "digits %.2f", f.digitShare)) }
        if f.upperShare > 0.5 { reasons.append(String(format: "upper case %.2f", f.upperShare)) }
        if f.separators > 0 { reasons.append("\(f.separators) separators") }
        return reasons
    }
}
