/// A test on one feature of a segment, written in a rule's `when:` as `words: "< 6"`,
/// `stopwords: ">= 0.3"`, `chars: "10..80"`, `ends_with_punctuation: false` or `position: bottom`.
public struct Condition: Sendable, Equatable, CustomStringConvertible {
    public enum Test: Sendable, Equatable {
        case less(Double), lessOrEqual(Double), greater(Double), greaterOrEqual(Double)
        case equal(Double), notEqual(Double)
        /// Inclusive on both ends.
        case between(Double, Double)

        public func holds(_ value: Double) -> Bool {
            switch self {
            case .less(let bound): return value < bound
            case .lessOrEqual(let bound): return value <= bound
            case .greater(let bound): return value > bound
            case .greaterOrEqual(let bound): return value >= bound
            case .equal(let bound): return value == bound
            case .notEqual(let bound): return value != bound
            case .between(let low, let high): return value >= low && value <= high
            }
        }
    }

    public let feature: FeatureName
    public let test: Test
    /// The condition as the rule file wrote it, for messages.
    public let written: String

    public init(feature: FeatureName, test: Test, written: String) {
        self.feature = feature
        self.test = test
        self.written = written
    }

    public func holds(for features: Features) -> Bool {
        test.holds(features.value(of: feature))
    }

    /// The interval of values the condition accepts, for lint's contradiction checks.
    public var interval: ClosedRange<Double> {
        let epsilon = 1e-9
        switch test {
        case .less(let b): return -Double.infinity...(b - epsilon)
        case .lessOrEqual(let b): return -Double.infinity...b
        case .greater(let b): return (b + epsilon)...Double.infinity
        case .greaterOrEqual(let b): return b...Double.infinity
        case .equal(let b): return b...b
        case .notEqual: return -Double.infinity...Double.infinity
        case .between(let low, let high): return low...high
        }
    }

    public var description: String { "\(feature.rawValue): \(written)" }

    public struct ParseError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Parses one `when:` entry.
    public static func parse(key: String, value: String) throws -> [Condition] {
        if key == "position" {
            // Thirds of the page, by segment index.
            switch value.lowercased() {
            case "top": return [Condition(feature: .relativePosition, test: .lessOrEqual(1.0 / 3), written: "top")]
            case "middle": return [Condition(feature: .relativePosition, test: .between(1.0 / 3, 2.0 / 3), written: "middle")]
            case "bottom": return [Condition(feature: .relativePosition, test: .greaterOrEqual(2.0 / 3), written: "bottom")]
            default: throw ParseError(message: "position must be top, middle or bottom, not \(value.debugDescription)")
            }
        }
        guard let feature = FeatureName(rawValue: key) else {
            let known = (["position"] + FeatureName.allCases.map(\.rawValue)).joined(separator: ", ")
            throw ParseError(message: "unknown feature \(key.debugDescription) (known: \(known))")
        }
        let text = trimmed(Substring(value))
        if feature.isBoolean {
            switch text.lowercased() {
            case "true", "yes": return [Condition(feature: feature, test: .equal(1), written: "true")]
            case "false", "no": return [Condition(feature: feature, test: .equal(0), written: "false")]
            default: throw ParseError(message: "\(key) takes true or false, not \(value.debugDescription)")
            }
        }
        return [Condition(feature: feature, test: try parseTest(key: key, value: value), written: text)]
    }

    /// Parses a comparison such as `"< 6"`, `">= 0.3"`, `"3..10"` or a bare number (equality);
    /// `key` names the setting in messages. Also used by document rules and match checks.
    public static func parseTest(key: String, value: String) throws -> Test {
        let text = trimmed(Substring(value))
        func number(_ part: Substring) throws -> Double {
            guard let number = Double(trimmed(part)) else {
                throw ParseError(message: "\(key): \(value.debugDescription) is not a number, a comparison such as \"< 6\", or a range such as \"3..10\"")
            }
            return number
        }
        if let dots = text.utf8.firstRange(of: "..".utf8) {
            let low = try number(text[..<dots.lowerBound]), high = try number(text[dots.upperBound...])
            guard low <= high else { throw ParseError(message: "\(key): empty range \(value.debugDescription)") }
            return .between(low, high)
        }
        let operators: [(String, (Double) -> Test)] = [
            ("<=", Test.lessOrEqual), (">=", Test.greaterOrEqual), ("==", Test.equal), ("!=", Test.notEqual),
            ("<", Test.less), (">", Test.greater), ("=", Test.equal),
        ]
        for (symbol, make) in operators where text.hasPrefix(symbol) {
            return make(try number(text.dropFirst(symbol.count)))
        }
        return .equal(try number(Substring(text)))
    }

    /// `value` without the white space at either end that Foundation's
    /// `trimmingCharacters(in: .whitespaces)` removes, scalar by scalar (that call cost tens of
    /// microseconds a condition, a sizeable share of loading the rules).
    static func trimmed(_ value: Substring) -> String {
        func isBlank(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII ? scalar == " " || scalar == "\t" : CharacterSet.whitespaces.contains(scalar)
        }
        let scalars = value.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isBlank($0) }), let last = scalars.lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(value[first...last])
    }
}

import Foundation

extension Array where Element == Condition {
    /// Whether every condition holds for `features` (a plain loop, not a closure: the
    /// classifier asks this for most candidate rules of every segment).
    @inline(__always)
    public func allHold(for features: Features) -> Bool {
        for condition in self where !condition.holds(for: features) { return false }
        return true
    }
}
