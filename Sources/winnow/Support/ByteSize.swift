import ArgumentParser

/// A size in bytes as `--max-bytes` takes it: a number, optionally with K, M or G (powers of 1024).
struct ByteSize: ExpressibleByArgument, CustomStringConvertible {
    var bytes: Int

    init(bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        var digits = argument.uppercased()
        var unit = 1
        if let last = digits.last, let shift = ["K": 10, "M": 20, "G": 30][String(last)] {
            unit = 1 << shift
            digits.removeLast()
        }
        guard let value = Int(digits), value > 0, value <= Int.max / unit else { return nil }
        bytes = value * unit
    }

    var description: String {
        for (suffix, shift) in [("G", 30), ("M", 20), ("K", 10)] where bytes % (1 << shift) == 0 { return "\(bytes >> shift)\(suffix)" }
        return String(bytes)
    }

    var defaultValueDescription: String { description }
}
