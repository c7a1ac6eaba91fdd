/// Finds where the article stands: the run of segments with the greatest total body weight
/// (a maximum-sum subarray), then further runs on either side whose weight is a sizeable
/// share of the main one (an article split by a gallery or an inline teaser block).
public struct MainRegionFinder: Sendable {
    public var secondaryShare: Double

    public init(secondaryShare: Double) { self.secondaryShare = secondaryShare }

    /// Ranges of segment indices that make up the article, in page order.
    public func regions(weights: [Double]) -> [ClosedRange<Int>] {
        guard let main = Self.bestRun(weights, in: 0..<weights.count) else { return [] }
        let threshold = main.sum * secondaryShare
        var found = [main.range]
        var pending = [0..<main.range.lowerBound, (main.range.upperBound + 1)..<weights.count]
        while let span = pending.popLast() {
            guard !span.isEmpty, let run = Self.bestRun(weights, in: span), run.sum >= threshold else { continue }
            found.append(run.range)
            pending.append(span.lowerBound..<run.range.lowerBound)
            pending.append((run.range.upperBound + 1)..<span.upperBound)
        }
        return found.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// Kadane's algorithm over `span`: the contiguous run with the largest positive sum.
    static func bestRun(_ weights: [Double], in span: Range<Int>) -> (range: ClosedRange<Int>, sum: Double)? {
        // The best sum starts at 0: a run is taken only when its sum is positive and beats it.
        var bestSum = 0.0, bestStart = -1, bestEnd = -1
        var start = span.lowerBound
        var running = 0.0
        weights.withUnsafeBufferPointer { weights in
            for index in span {
                if running <= 0 { start = index; running = 0 }
                running += weights[index]
                if running > bestSum { bestSum = running; bestStart = start; bestEnd = index }
            }
        }
        return bestStart < 0 ? nil : (bestStart...bestEnd, bestSum)
    }
}
