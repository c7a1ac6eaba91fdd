/// Escaping for text and attribute values in the report's HTML.
enum HTMLText {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func number(_ x: Double) -> String { String(format: "%.3f", x) }
    static func percent(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }
}
