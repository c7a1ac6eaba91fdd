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

    /// The same count over bytes in memory: eight bytes at a time, looked at one by one only
    /// when one of them is below 0x20 (a line break in text, about one word in ten).
    private static func looksBinary(buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return false }
        let n = buffer.count
        var control = 0
        var i = 0
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while i + 8 <= n {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            // Some byte is below 0x20 only if this has a high bit set (it may also for bytes
            // at or above 0x80, which the byte loop then counts as they are: not control).
            if (word &- ones &* 0x20) & ~word & highs != 0 {
                for k in i..<(i + 8) { control &+= isControl(base[k]) ? 1 : 0 }
            }
            i += 8
        }
        while i < n {
            control &+= isControl(base[i]) ? 1 : 0
            i += 1
        }
        return Double(control) > Double(n) * threshold
    }

    @inline(__always)
    private static func isControl(_ byte: UInt8) -> Bool {
        byte < 0x20 && textControls >> UInt32(byte & 0x1F) & 1 == 0
    }
}
