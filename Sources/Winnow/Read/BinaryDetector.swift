/// Tells binary content (images, archives, UTF-16, NUL-padded junk) from text that merely has
/// a few bad bytes. Invalid UTF-8 alone is not binary: the normaliser repairs it. What marks
/// binary is a share of NUL and other control bytes that no text has.
public enum BinaryDetector {
    /// Share of control bytes (NUL and C0 controls other than tab, line breaks, form feed and escape) above which content is binary.
    public static let threshold = 0.05
    /// How much of the start of a document is looked at.
    public static let window = 1 << 16

    public static func looksBinary<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        if let answer = bytes.withContiguousStorageIfAvailable({ looksBinary(buffer: UnsafeBufferPointer(rebasing: $0.prefix(window))) }) {
            return answer
        }
        var seen = 0
        var control = 0
        for byte in bytes.prefix(window) {
            seen += 1
            if byte < 0x20 {
                switch byte {
                case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B: break
                default: control += 1
                }
            }
        }
        return seen > 0 && Double(control) > Double(seen) * threshold
    }

    /// Control bytes that text has: tab, line feed, vertical tab, form feed, carriage return, escape.
    private static let textControls: UInt32 = 1 << 0x09 | 1 << 0x0A | 1 << 0x0B | 1 << 0x0C | 1 << 0x0D | 1 << 0x1B

    /// The same count over bytes in memory, eight bytes at a time without a branch: each byte's
    /// tests are made in its own lane (no carry crosses lanes), and the lanes that hold a control
    /// byte are counted. Most runs of 32 bytes hold no byte below 0x20 at all (text has a line
    /// break every hundred bytes or so), and are passed over after that one test.
    private static func looksBinary(buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return false }
        let n = buffer.count
        var control = 0
        var i = 0
        while i + 32 <= n {
            let raw = UnsafeRawPointer(base + i)
            let a = raw.loadUnaligned(as: UInt64.self), b = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            let c = raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self), d = raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
            if below(0x20, a) | below(0x20, b) | below(0x20, c) | below(0x20, d) != 0 {
                control &+= controlBytes(in: a) &+ controlBytes(in: b) &+ controlBytes(in: c) &+ controlBytes(in: d)
            }
            i += 32
        }
        while i + 8 <= n {
            control &+= controlBytes(in: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            i += 8
        }
        while i < n {
            control &+= isControl(base[i]) ? 1 : 0
            i += 1
        }
        return Double(control) > Double(n) * threshold
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Lanes (high bit) whose byte is below `limit` (at most 0x80): the low seven bits plus
    /// 0x80 - limit reach the high bit exactly when they are at least `limit`.
    @inline(__always)
    private static func below(_ limit: UInt64, _ word: UInt64) -> UInt64 {
        ~((word & ~highs) &+ (0x80 &- limit) &* ones | word) & highs
    }

    /// How many of the eight bytes are control bytes (below 0x20, but not 0x09-0x0D or 0x1B).
    @inline(__always)
    static func controlBytes(in word: UInt64) -> Int {
        let low = below(0x20, word)
        let textBreaks = below(0x0E, word) & ~below(0x09, word)
        let escapes = below(0x01, word ^ (0x1B &* ones))
        return (low & ~textBreaks & ~escapes).nonzeroBitCount
    }

    @inline(__always)
    private static func isControl(_ byte: UInt8) -> Bool {
        byte < 0x20 && textControls >> UInt32(byte & 0x1F) & 1 == 0
    }
}
