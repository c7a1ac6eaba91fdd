import Foundation

/// The hand-over between the reading thread, the workers and the writing thread. Items go in
/// in input order; workers take those that need work in that order and finish them in any
/// order; the writer takes them out strictly in input order. At most `capacity` items (and,
/// past the first, `byteBudget` bytes) are inside at once, so memory stays bounded whatever
/// the size of the input, and the output is the same for any number of workers.
final class OrderedWindow<Item, Result>: @unchecked Sendable {
    private struct Slot {
        var item: Item
        var bytes: Int
        var result: Result?
        var ready: Bool
    }

    private let condition = NSCondition()
    private let capacity: Int
    private let byteBudget: Int
    private var slots: [Int: Slot] = [:]
    private var pending: [Int] = []
    private var pendingHead = 0
    private var nextSequence = 0
    private var nextOut = 0
    private var bytesInside = 0
    private var closed = false
    private var cancelled = false

    init(capacity: Int, byteBudget: Int) {
        self.capacity = max(1, capacity)
        self.byteBudget = byteBudget
    }

    /// Adds an item (waiting while the window is full). Items that need no work are ready at once.
    func submit(_ item: Item, needsWork: Bool, bytes: Int = 0) {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled && (slots.count >= capacity || (!slots.isEmpty && bytesInside + bytes > byteBudget)) {
            condition.wait()
        }
        guard !cancelled else { return }
        slots[nextSequence] = Slot(item: item, bytes: bytes, result: nil, ready: !needsWork)
        if needsWork { pending.append(nextSequence) }
        nextSequence += 1
        bytesInside += bytes
        condition.broadcast()
    }

    /// No more items will be submitted.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Stops everything: submitters return, workers and the writer get nil.
    func cancel() {
        condition.lock()
        cancelled = true
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The oldest item that needs work (waiting for one); nil when there will be none.
    func claim() -> (sequence: Int, item: Item)? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if cancelled { return nil }
            if pendingHead < pending.count {
                let sequence = pending[pendingHead]
                pendingHead += 1
                if pendingHead > 1024 && pendingHead * 2 > pending.count {
                    pending.removeFirst(pendingHead)
                    pendingHead = 0
                }
                return (sequence, slots[sequence]!.item)
            }
            if closed { return nil }
            condition.wait()
        }
    }

    func complete(_ sequence: Int, _ result: Result) {
        condition.lock()
        slots[sequence]?.result = result
        slots[sequence]?.ready = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next item in input order once it is ready, with its result; nil when all are out.
    func next() -> (item: Item, result: Result?)? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if cancelled { return nil }
            if let slot = slots[nextOut], slot.ready {
                slots[nextOut] = nil
                nextOut += 1
                bytesInside -= slot.bytes
                condition.broadcast()
                return (slot.item, slot.result)
            }
            if closed && nextOut == nextSequence { return nil }
            condition.wait()
        }
    }
}
