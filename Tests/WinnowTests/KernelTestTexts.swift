/// Texts that put every byte value at every place, for the C kernels' tests: each of `lengths`,
/// made of `filler`, as it is and with one byte changed (the sixteen-byte blocks and the tails
/// are all crossed).
enum KernelTestTexts {
    static func everyByteAtEveryPlace(lengths: ClosedRange<Int>, filler: UInt8, _ body: ([UInt8]) -> Void) {
        for length in lengths {
            let plain = [UInt8](repeating: filler, count: length)
            body(plain)
            for place in 0..<length {
                for byte in 0...255 {
                    var text = plain
                    text[place] = UInt8(byte)
                    body(text)
                }
            }
        }
    }
}
