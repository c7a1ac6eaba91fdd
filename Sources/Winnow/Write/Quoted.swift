extension String {
    /// The text in double quotes for messages, escaping only what would make it ambiguous
    /// (quotes, backslashes, control characters); apostrophes and non-ASCII stay as they are,
    /// unlike `debugDescription`.
    public var quoted: String {
        var out = "\""
        for scalar in unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
