/// The Luhn (mod 10) checksum of payment-card numbers: a card-like number whose digits fail it
/// is an order number, a reference or a typo, and is never redacted as a card.
public enum LuhnCheck {
    /// True when `digits` (ASCII digits only, other characters ignored) number 13 to 19 and pass Luhn.
    public static func isValidCardNumber<S: Sequence>(_ text: S) -> Bool where S.Element == UInt8 {
        var digits: [Int] = []
        for byte in text where byte >= 0x30 && byte <= 0x39 { digits.append(Int(byte - 0x30)) }
        guard (13...19).contains(digits.count) else { return false }
        return passes(digits)
    }

    /// The Luhn check over a digit sequence, the check digit last.
    public static func passes(_ digits: [Int]) -> Bool {
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            if offset % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum % 10 == 0
    }
}

/// The IBAN check (ISO 13616, mod 97-10): country code and check digits moved to the end,
/// letters as 10-35, the whole number modulo 97 must be 1.
public enum IBANCheck {
    /// True when the letters and digits of `text` (spaces ignored) form an IBAN of 15 to 34 characters that passes.
    public static func isValid<S: Sequence>(_ text: S) -> Bool where S.Element == UInt8 {
        var characters: [UInt8] = []
        for byte in text where byte != 0x20 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A: characters.append(byte)
            case 0x61...0x7A: characters.append(byte - 0x20)
            default: return false
            }
        }
        guard (15...34).contains(characters.count) else { return false }
        var remainder = 0
        for byte in characters.dropFirst(4) + characters.prefix(4) {
            if byte <= 0x39 {
                remainder = (remainder * 10 + Int(byte - 0x30)) % 97
            } else {
                remainder = (remainder * 100 + Int(byte - 0x41 + 10)) % 97
            }
        }
        return remainder == 1
    }
}
