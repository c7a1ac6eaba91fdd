/// The distinct language masks of a page's words and how many words have each: a page of a
/// thousand words has a few dozen. An open-addressed table on the stack, made and read in one
/// call; zero masks (words in no list) are skipped.
struct MaskTally {
    /// Slots: a power of two, and at most half of them taken (else the tally gives up).
    static var slots: Int { 256 }

    private let keys: UnsafeMutablePointer<UInt64>
    private let counts: UnsafeMutablePointer<Int>
    /// The taken slots, in the order their masks first came (read back without a branch on
    /// each slot of the table).
    private let taken: UnsafeMutablePointer<Int>
    /// The masks counted, zeros left out, and how many distinct ones.
    private(set) var total = 0
    private var distinct = 0

    private init(keys: UnsafeMutablePointer<UInt64>, counts: UnsafeMutablePointer<Int>, taken: UnsafeMutablePointer<Int>) {
        self.keys = keys
        self.counts = counts
        self.taken = taken
    }

    /// Counts `masks` and hands the tally to `body`; false, without calling it, when the masks
    /// have more distinct values than the table holds.
    static func counting(_ masks: some Sequence<UInt64>, _ body: (MaskTally) -> Bool) -> Bool {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: slots) { keys in
            // The counts, then the taken slots (at most half of them).
            withUnsafeTemporaryAllocation(of: Int.self, capacity: slots + slots / 2) { counts in
                keys.initialize(repeating: 0)
                var tally = MaskTally(keys: keys.baseAddress!, counts: counts.baseAddress!, taken: counts.baseAddress! + slots)
                guard tally.add(masks) else { return false }
                return body(tally)
            }
        }
    }

    private mutating func add(_ masks: some Sequence<UInt64>) -> Bool {
        var distinct = 0
        var total = 0
        for mask in masks where mask != 0 {
            total &+= 1
            // The upper bits of a multiplication: the home slot, then the next ones.
            var slot = Int(truncatingIfNeeded: (mask &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - Self.slots.trailingZeroBitCount))
            while true {
                let key = keys[slot]
                if key == mask { counts[slot] &+= 1; break }
                if key == 0 {
                    guard distinct < Self.slots / 2 else { return false }
                    taken[distinct] = slot
                    distinct &+= 1
                    keys[slot] = mask
                    counts[slot] = 1
                    break
                }
                slot = (slot &+ 1) & (Self.slots - 1)
            }
        }
        self.total = total
        self.distinct = distinct
        return true
    }

    /// Each distinct mask and its count, in the order the masks first came.
    var entries: some Sequence<(mask: UInt64, count: Int)> {
        (0..<distinct).lazy.map { [keys, counts, taken] in (keys[taken[$0]], counts[taken[$0]]) }
    }
}
