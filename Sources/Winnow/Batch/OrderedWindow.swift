import Foundation

/// The hand-over between the reading thread, the workers and the writing thread. Items go in
/// in input order; workers take those that need work in that order and finish them in any
/// order; the writer takes them out strictly in input order. At most `capacity` items (and,
/// past the first, `byteBudget` bytes) are inside at once, so memory stays bounded whatever
/// the size of the input, and the output is the same for any number of workers.
///
/// One lock, and a condition for each kind of waiter (the submitter waiting for room, workers
/// waiting for work, the writer waiting for the next item), so that each event wakes only the
/// threads it concerns: waking every thread on every event cost a context switch or more a document.
/// There is one submitter (the reading thread); it is woken when the window is half empty.
///
/// An item that needs work goes to the worker that claims it, and only its result comes out:
/// what the item holds (a page's bytes, an open file) is let go by that worker, not by the
/// writer, which is the one thread every document passes through.
final class OrderedWindow<Item, Result>: @unchecked Sendable {
    /// What the writer takes out, in input order.
    enum Output {
        /// An item that needed no work.
        case item(Item)
        /// The result of an item that did.
        case result(Result)
    }

    private struct Slot {
        /// Nil once a worker has claimed it.
        var item: Item?
        var bytes: Int
        var result: Result?
    }

    private let lock = WindowLock()
    private let room: WindowCondition
    private let work: WindowCondition
    private let output: WindowCondition
    let capacity: Int
    private let byteBudget: Int
    /// Items `nextOut..<nextSequence`, each at its sequence modulo `capacity`.
    private var slots: [Slot?]
    /// Whether each slot's item is ready to go out, apart from `slots`: the checks for a ready
    /// run (under the lock, at every completion) read flags instead of copying slots, whose
    /// items and results a copy would retain and release.
    private var ready: [Bool]
    private var pending: [Int] = []
    private var pendingHead = 0
    private var nextSequence = 0
    private var nextOut = 0
    private var bytesInside = 0
    private var closed = false
    private var cancelled = false
    private var submitterWaiting = false
    /// Ready items at the head that are worth waking the writer for (see `wakeWriterIfDue`).
    private let writerBatch: Int

    init(capacity: Int, byteBudget: Int) {
        self.capacity = max(1, capacity)
        self.byteBudget = byteBudget
        writerBatch = max(1, self.capacity / 4)
        slots = Array(repeating: nil, count: self.capacity)
        ready = Array(repeating: false, count: self.capacity)
        room = WindowCondition(lock)
        work = WindowCondition(lock)
        output = WindowCondition(lock)
    }

    private var count: Int { nextSequence - nextOut }

    /// Adds an item (waiting while the window is full). Items that need no work are ready at once.
    func submit(_ item: Item, needsWork: Bool, bytes: Int = 0) {
        lock.lock()
        defer { lock.unlock() }
        while !cancelled && (count >= capacity || (count > 0 && bytesInside + bytes > byteBudget)) {
            submitterWaiting = true
            wakeWriterIfDue()
            room.wait()
        }
        submitterWaiting = false
        guard !cancelled else { return }
        slots[nextSequence % capacity] = Slot(item: item, bytes: bytes, result: nil)
        ready[nextSequence % capacity] = !needsWork
        nextSequence += 1
        bytesInside += bytes
        if needsWork {
            pending.append(nextSequence - 1)
            work.signal()
        } else {
            wakeWriterIfDue()
        }
    }

    /// No more items will be submitted.
    func close() {
        lock.lock()
        closed = true
        work.broadcast()
        output.signal()
        lock.unlock()
    }

    /// Stops everything: submitters return, workers and the writer get nil.
    func cancel() {
        lock.lock()
        cancelled = true
        closed = true
        room.broadcast()
        work.broadcast()
        output.broadcast()
        lock.unlock()
    }

    /// The oldest item that needs work (waiting for one); nil when there will be none.
    func claim() -> (sequence: Int, item: Item)? {
        lock.lock()
        defer { lock.unlock() }
        while true {
            if cancelled { return nil }
            if pendingHead < pending.count {
                let sequence = pending[pendingHead]
                pendingHead += 1
                if pendingHead > 1024 && pendingHead * 2 > pending.count {
                    pending.removeFirst(pendingHead)
                    pendingHead = 0
                }
                let item = slots[sequence % capacity]!.item!
                slots[sequence % capacity]!.item = nil
                return (sequence, item)
            }
            if closed { return nil }
            work.wait()
        }
    }

    func complete(_ sequence: Int, _ result: Result) {
        lock.lock()
        if !cancelled {
            slots[sequence % capacity]?.result = result
            ready[sequence % capacity] = true
            wakeWriterIfDue()
        }
        lock.unlock()
    }

    /// Wakes the writer (lock held) once the items at the head of the window are worth a turn:
    /// a run of `writerBatch` ready ones, or any ready one when nothing more is queued for the
    /// workers or the input has ended. Waking it for every document cost a context switch a
    /// document, taken from a worker when there are as many workers as cores. Every completion
    /// asks again, so a ready head is never left waiting: while work is queued another
    /// completion will come, and the one that leaves none queued wakes the writer. (A reader
    /// waiting for room needs no more: the writer frees it in batches too.)
    private func wakeWriterIfDue() {
        guard nextOut < nextSequence, ready[nextOut % capacity] else { return }
        if pendingHead == pending.count || closed {
            output.signal()
            return
        }
        var run = 1
        while run < writerBatch, nextOut + run < nextSequence, ready[(nextOut + run) % capacity] { run += 1 }
        if run >= writerBatch { output.signal() }
    }

    /// The next item in input order once it is ready, or its result; nil when all are out.
    func next() -> Output? {
        lock.lock()
        defer { lock.unlock() }
        while true {
            if cancelled { return nil }
            if nextOut < nextSequence, ready[nextOut % capacity], let slot = slots[nextOut % capacity].take() {
                ready[nextOut % capacity] = false
                nextOut += 1
                bytesInside -= slot.bytes
                // A waiting submitter is woken once the window is half empty, not for every
                // item taken out: it then refills it in one go.
                if submitterWaiting && count <= capacity / 2 { room.signal() }
                if let result = slot.result { return .result(result) }
                return .item(slot.item!)
            }
            if closed && nextOut == nextSequence { return nil }
            output.wait()
        }
    }
}

/// A pthread mutex that `WindowCondition`s share.
final class WindowLock: @unchecked Sendable {
    fileprivate let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init() { pthread_mutex_init(mutex, nil) }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
}

/// A condition variable waited on with its `WindowLock` held.
final class WindowCondition: @unchecked Sendable {
    private let lock: WindowLock
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init(_ lock: WindowLock) {
        self.lock = lock
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        condition.deallocate()
    }

    func wait() { pthread_cond_wait(condition, lock.mutex) }
    func signal() { pthread_cond_signal(condition) }
    func broadcast() { pthread_cond_broadcast(condition) }
}
