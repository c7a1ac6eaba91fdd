import CNormaliseKernel
import Foundation

/// Turns any bytes into clean text the later stages can trust: valid UTF-8 (invalid sequences
/// become U+FFFD and are counted), `\n` line endings, Unicode NFC, no invisible characters,
/// single spaces, no spaces at line ends. It never fails: every input yields a page.
public struct Normaliser: Sendable {
    public init() {}

    public func normalise(_ bytes: [UInt8]) -> NormalisedPage {
        bytes.withUnsafeBufferPointer { input in
            guard let p = input.baseAddress, input.count > 0 else { return normalise(input) }
            // Most pages are one run of plain text, already normalised: kept as they are, not copied.
            let run = nk_plain_run(p, 0, input.count, Self.plainScalars)
            if run == input.count { return NormalisedPage(validUTF8: bytes, repairs: NormalisationReport()) }
            return normalise(input, firstRun: run)
        }
    }

    /// One pass over the bytes. Printable ASCII, most of any page, line feeds and the other scalars that
    /// stay as they are (`plainScalars`: Cyrillic, accented Latin, quotes and dashes...) are
    /// copied by a tight loop; everything else is decoded (invalid sequences, by maximal subparts as Unicode
    /// recommends, become U+FFFD) and handled scalar by scalar. The text is written straight
    /// into the page's byte array (as long as it fits the input's size: only U+FFFD for invalid
    /// bytes makes it longer, and then it moves to a buffer of its own and is copied once).
    public func normalise(_ input: UnsafeBufferPointer<UInt8>) -> NormalisedPage {
        normalise(input, firstRun: 0)
    }

    /// `firstRun`: where the run of plain text at the input's start ends, when already found (0: not).
    private func normalise(_ input: UnsafeBufferPointer<UInt8>, firstRun: Int) -> NormalisedPage {
        var report = NormalisationReport()
        guard input.baseAddress != nil, input.count > 0 else { return NormalisedPage(text: "", repairs: report) }
        var mayNeedComposition = false
        var grown: OutputBuffer?
        // Bytes, not a String: a String made of bytes is validated again, and these are valid.
        var utf8 = [UInt8](unsafeUninitializedCapacity: input.count + 16) { storage, initialized in
            var output = OutputBuffer(in: storage)
            mayNeedComposition = normalise(input, firstRun: firstRun, into: &output, report: &report)
            initialized = output.ownsStorage ? 0 : output.count
            if output.ownsStorage { grown = output }
        }
        if let grown {
            utf8 = grown.bytes()
            grown.deallocate()
        }
        if mayNeedComposition {
            let text = String(decoding: utf8, as: UTF8.self)
            let composed = text.precomposedStringWithCanonicalMapping
            // Compare scalars, not Characters: String == already treats canonical equivalents as equal.
            report.composed = !composed.unicodeScalars.elementsEqual(text.unicodeScalars)
            utf8 = Array(composed.utf8)
        }
        return NormalisedPage(validUTF8: utf8, repairs: report)
    }

    /// The loop of `normalise`: writes the text into `output`, counts repairs in `report`, and
    /// says whether NFC might change the text.
    private func normalise(_ input: UnsafeBufferPointer<UInt8>, firstRun: Int, into output: inout OutputBuffer,
                           report: inout NormalisationReport) -> Bool {
        var pendingSpace = false   // a space seen but not yet written: dropped at line end
        var atLineStart = true
        var previousWasCR = false
        var mayNeedComposition = false
        let count = input.count
        let p = input.baseAddress!
        let plain = Self.plainScalars
        var i = 0
        while i < count {
            let byte = p[i]
            // The whole run of plain scalars, single spaces between words and line feeds with no
            // space beside them (a clean page is one run), found by the C kernel (sixteen bytes
            // a step; a byte that needs a closer look costs one step, not one for each byte up
            // to it) and copied at once.
            let end = i < firstRun ? firstRun : nk_plain_run(p, i, count, plain)
            if end > i {
                if pendingSpace && !atLineStart { output.append(0x20) }
                pendingSpace = false
                // A run holds the line feeds with no space beside them, and may end with one.
                atLineStart = p[end - 1] == 0x0A
                previousWasCR = false
                output.append(p + i, count: end - i)
                i = end
                continue
            }
            let value: UInt32
            let length: Int
            var valid = true
            if byte < 0x80 {
                value = UInt32(byte)
                length = 1
            } else {
                let decoded = Self.decode(p, at: i, count: count)
                if decoded.valid { value = decoded.value } else {
                    report.invalidSequences += 1
                    value = 0xFFFD
                    valid = false
                }
                length = decoded.length
            }
            i += length
            if value == 0x0A {
                if !previousWasCR { output.append(0x0A); pendingSpace = false; atLineStart = true }
                previousWasCR = false
                continue
            }
            previousWasCR = false
            switch Self.kind(of: value) {
            case .lineBreak:
                output.append(0x0A)
                pendingSpace = false
                atLineStart = true
                previousWasCR = value == 0x0D
            case .space:
                pendingSpace = true
            case .invisible:
                report.invisiblesRemoved += 1
            case .visible:
                if value >= 0x300 && Normaliser.mayChangeUnderNFC(value) { mayNeedComposition = true }
                if pendingSpace && !atLineStart { output.append(0x20) }
                pendingSpace = false
                atLineStart = false
                if valid {
                    for k in (i - length)..<i { output.append(p[k]) }
                } else {
                    output.appendScalar(0xFFFD)
                }
            }
        }
        return mayNeedComposition
    }

    /// What the normaliser does with a scalar (`\n` is handled before, for `\r\n`).
    enum ScalarKind { case lineBreak, space, invisible, visible }

    static func kind(of value: UInt32) -> ScalarKind {
        switch value {
        case 0x0A, 0x0D, 0x2028, 0x2029, 0x0B, 0x0C, 0x85: return .lineBreak
        case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: return .space
        case 0x00...0x1F, 0x7F, 0x80...0x9F, 0xAD, 0x200B, 0x200E, 0x200F, 0x2060...0x2064, 0xFEFF: return .invisible
        default: return .visible
        }
    }

    /// One bit for each scalar below U+10000: set when it is kept as it is (visible, and NFC
    /// cannot change a text holding it). Such scalars are copied with the ASCII around them;
    /// the others (and all beyond the BMP) take the scalar-by-scalar path. Surrogates are clear.
    /// Made a word (64 scalars) at a time from the NFC bitmap, at every start.
    static let plainScalars: UnsafePointer<UInt64> = {
        let table = UnsafeMutablePointer<UInt64>.allocate(capacity: 0x10000 / 64)
        for word in 0..<0x10000 / 64 {
            var visible: UInt64 = 0
            for bit in 0..<64 where kind(of: UInt32(word * 64 + bit)) == .visible { visible |= 1 << UInt64(bit) }
            table[word] = visible & ~nfcUnstableBMP[word]
        }
        table[0] = 0                                                    // ASCII goes its own way
        table[1] = 0                                                    // U+0040...U+007F
        for word in 0xD800 / 64...0xDFFF / 64 { table[word] = 0 }       // surrogates
        return UnsafePointer(table)
    }()

    /// Decodes the UTF-8 sequence at `i`: the scalar and its length, or (invalid) the length of
    /// the maximal subpart to replace by one U+FFFD — what Swift's own decoder does.
    @inline(__always)
    static func decode(_ p: UnsafePointer<UInt8>, at i: Int, count: Int) -> (value: UInt32, length: Int, valid: Bool) {
        let b0 = p[i]
        var need = 0
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        var value: UInt32
        switch b0 {
        case 0xC2...0xDF: need = 1; value = UInt32(b0 & 0x1F)
        case 0xE0: need = 2; low = 0xA0; value = UInt32(b0 & 0x0F)
        case 0xE1...0xEC, 0xEE...0xEF: need = 2; value = UInt32(b0 & 0x0F)
        case 0xED: need = 2; high = 0x9F; value = UInt32(b0 & 0x0F)
        case 0xF0: need = 3; low = 0x90; value = UInt32(b0 & 0x07)
        case 0xF1...0xF3: need = 3; value = UInt32(b0 & 0x07)
        case 0xF4: need = 3; high = 0x8F; value = UInt32(b0 & 0x07)
        default: return (0xFFFD, 1, false)
        }
        for k in 1...need {
            guard i + k < count else { return (0xFFFD, k, false) }
            let next = p[i + k]
            guard next >= low && next <= high else { return (0xFFFD, k, false) }
            value = value << 6 | UInt32(next & 0x3F)
            low = 0x80
            high = 0xBF
        }
        return (value, need + 1, true)
    }

    /// A growable byte buffer for the normalised text: at first the page array's own storage, and
    /// a buffer of its own (`ownsStorage`) once the text outgrows it.
    struct OutputBuffer {
        var base: UnsafeMutablePointer<UInt8>
        var count = 0
        var capacity: Int
        private(set) var ownsStorage: Bool

        init(in storage: UnsafeMutableBufferPointer<UInt8>) {
            base = storage.baseAddress!
            capacity = storage.count
            ownsStorage = false
        }

        @inline(__always)
        mutating func append(_ byte: UInt8) {
            if count == capacity { grow() }
            base[count] = byte
            count += 1
        }

        @inline(__always)
        mutating func append(_ bytes: UnsafePointer<UInt8>, count n: Int) {
            while count + n > capacity { grow() }
            (base + count).update(from: bytes, count: n)
            count += n
        }

        mutating func appendScalar(_ v: UInt32) {
            if v < 0x80 { append(UInt8(v)) }
            else if v < 0x800 { append(UInt8(0xC0 | v >> 6)); append(UInt8(0x80 | v & 0x3F)) }
            else if v < 0x10000 { append(UInt8(0xE0 | v >> 12)); append(UInt8(0x80 | v >> 6 & 0x3F)); append(UInt8(0x80 | v & 0x3F)) }
            else {
                append(UInt8(0xF0 | v >> 18)); append(UInt8(0x80 | v >> 12 & 0x3F))
                append(UInt8(0x80 | v >> 6 & 0x3F)); append(UInt8(0x80 | v & 0x3F))
            }
        }

        mutating func grow() {
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            larger.update(from: base, count: count)
            if ownsStorage { base.deallocate() }
            base = larger
            capacity *= 2
            ownsStorage = true
        }

        func bytes() -> [UInt8] {
            Array(UnsafeBufferPointer(start: base, count: count))
        }

        func deallocate() { if ownsStorage { base.deallocate() } }
    }

    /// Scalars whose presence means NFC might change the text: combining marks, vowel signs and
    /// Hangul jamo that compose with the character before them, and the singletons and
    /// composition exclusions NFC replaces (Ångström and Ohm signs, the Greek question mark and
    /// oxia forms, en and em quads, Hebrew presentation forms, musical symbols, CJK compatibility
    /// ideographs). Text without any of them is already NFC, so the costly composition is
    /// skipped. (Precomposed Latin such as Vietnamese ễ is stable under NFC.) A test checks every
    /// scalar with a combining class or an NFC form of its own against this list.
    static let nfcUnstableRanges: [ClosedRange<UInt32>] = [
        0x0300...0x036F, 0x0374...0x0374, 0x037E...0x037E, 0x0387...0x0387, 0x0483...0x0489, 0x0591...0x05C7,
        0x0610...0x061A, 0x064B...0x065F, 0x0670...0x0670, 0x06D6...0x06ED, 0x0711...0x0711, 0x0730...0x074A,
        0x07EB...0x07F3, 0x07FD...0x07FD, 0x0816...0x082D, 0x0859...0x085B, 0x0897...0x08FF, 0x0900...0x0DFF,
        0x0E31...0x0E4E, 0x0EB1...0x0ECE, 0x0F00...0x0FFF, 0x1000...0x109F, 0x1100...0x11FF, 0x135D...0x135F,
        0x1712...0x1715, 0x1734...0x1734, 0x17D2...0x17D2, 0x17DD...0x17DD, 0x18A9...0x18A9, 0x1939...0x193B,
        0x1A17...0x1A18, 0x1A60...0x1A7F, 0x1AB0...0x1AFF, 0x1B00...0x1B7F, 0x1BAA...0x1BAB, 0x1BE6...0x1BE6,
        0x1BF2...0x1BF3, 0x1C37...0x1C37, 0x1CD0...0x1CF9, 0x1DC0...0x1DFF, 0x1F00...0x1FFF, 0x2000...0x2001,
        0x20D0...0x20FF, 0x2126...0x2126, 0x212A...0x212A, 0x212B...0x212B, 0x2329...0x2329, 0x232A...0x232A,
        0x2ADC...0x2ADC, 0x2CEF...0x2CF1, 0x2D7F...0x2D7F, 0x2DE0...0x2DFF, 0x302A...0x302F, 0x3099...0x3099,
        0x309A...0x309A, 0xA66F...0xA66F, 0xA674...0xA67D, 0xA69E...0xA69F, 0xA6F0...0xA6F1, 0xA806...0xA806,
        0xA82C...0xA82C, 0xA8C4...0xA8C4, 0xA8E0...0xA8F1, 0xA92B...0xA92D, 0xA953...0xA953, 0xA9B3...0xA9B3,
        0xA9C0...0xA9C0, 0xAAB0...0xAAC1, 0xAAF6...0xAAF6, 0xABED...0xABED, 0xF900...0xFAFF, 0xFB1D...0xFB4F,
        0xFE20...0xFE2F, 0x101FD...0x101FD, 0x102E0...0x102E0, 0x10376...0x1037A, 0x10A0D...0x10A3F,
        0x10AE5...0x10AE6, 0x10D24...0x10D27, 0x10D69...0x10D6D, 0x10EAB...0x10EAC, 0x10EFA...0x10EFF,
        0x10F46...0x10F50, 0x10F82...0x10F85, 0x11000...0x11FFF, 0x1612F...0x1612F, 0x16AF0...0x16AF4,
        0x16B30...0x16B36, 0x16FF0...0x16FF1, 0x1BC9E...0x1BC9E, 0x1D15E...0x1D1C0, 0x1D1C1...0x1D1FF,
        0x1D242...0x1D244, 0x1E000...0x1E02F, 0x1E08F...0x1E08F, 0x1E130...0x1E136, 0x1E2AE...0x1E2AE,
        0x1E2EC...0x1E2EF, 0x1E4EC...0x1E4EF, 0x1E5EE...0x1E5EF, 0x1E6E3...0x1E6F5, 0x1E8D0...0x1E8D6,
        0x1E944...0x1E94A, 0x2F800...0x2FA1F
    ]

    /// Whether a text holding this scalar might change under NFC (`nfcUnstableRanges`).
    static func mayChangeUnderNFC(_ value: UInt32) -> Bool {
        if value < 0x10000 { return nfcUnstableBMP[Int(value >> 6)] >> UInt64(value & 63) & 1 != 0 }
        // Beyond the BMP: the first range that ends at or after the scalar, by bisection.
        var low = 0, high = nfcUnstableRanges.count
        while low < high {
            let middle = (low + high) / 2
            if nfcUnstableRanges[middle].upperBound < value { low = middle + 1 } else { high = middle }
        }
        return low < nfcUnstableRanges.count && nfcUnstableRanges[low].lowerBound <= value
    }

    /// `nfcUnstableRanges` below U+10000, a bit for each scalar.
    static let nfcUnstableBMP: UnsafePointer<UInt64> = {
        let table = UnsafeMutablePointer<UInt64>.allocate(capacity: 0x10000 / 64)
        table.initialize(repeating: 0, count: 0x10000 / 64)
        for range in nfcUnstableRanges where range.lowerBound < 0x10000 {
            for value in range.lowerBound...min(range.upperBound, 0xFFFF) { table[Int(value >> 6)] |= 1 << UInt64(value & 63) }
        }
        return UnsafePointer(table)
    }()
}
