import Foundation

extension RandomAccessCollection where Index == Int {
    /// `map`, with the elements spread over `threads` threads (the calling one among them) when
    /// there are more than one. For the per-pattern work of building a rule set's plan, which
    /// is most of start-up: with more than one job, a start that runs on one core is what a
    /// second core cannot shorten. The results are in the collection's order, whatever ran first.
    public func concurrentMap<T>(threads: Int, _ transform: (Element) -> T) -> [T] {
        let count = self.count
        guard threads > 1, count > 1 else { return map(transform) }
        return [T](unsafeUninitializedCapacity: count) { results, initialized in
            let base = results.baseAddress!
            let first = startIndex
            // Elements taken one at a time from a shared counter: the patterns' costs differ
            // by a hundred times, so equal slices would leave one thread waiting for another.
            let next = SharedCounter()
            DispatchQueue.concurrentPerform(iterations: Swift.min(threads, count)) { _ in
                while true {
                    let index = next.takeNext()
                    guard index < count else { break }
                    (base + index).initialize(to: transform(self[first + index]))
                }
            }
            initialized = count
        }
    }
}

/// A counter that hands out 0, 1, 2, ... to any thread, each number once.
private final class SharedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func takeNext() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value - 1
    }
}
