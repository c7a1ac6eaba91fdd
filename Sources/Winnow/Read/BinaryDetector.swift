import CReadKernel

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

    /// The same count over bytes in memory, by a C kernel sixteen bytes at a time without a
    /// branch (`CReadKernel`): every page passes through here whole.
    private static func looksBinary(buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return false }
        return Double(winnow_read_control_bytes(base, buffer.count)) > Double(buffer.count) * threshold
    }
}
