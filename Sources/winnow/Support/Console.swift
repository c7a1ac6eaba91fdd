import Foundation

/// Standard streams, and whether to colour them.
enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("winnow: " + message + "\n").utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

    /// Buffered standard output: one write call per chunk, not per line.
    final class Output {
        private var buffer: [UInt8] = []
        func write(_ text: String) {
            buffer.append(contentsOf: text.utf8)
            if buffer.count >= 1 << 16 { flush() }
        }
        func flush() {
            guard !buffer.isEmpty else { return }
            FileHandle.standardOutput.write(Data(buffer))
            buffer.removeAll(keepingCapacity: true)
        }
        deinit { flush() }
    }
}

/// ANSI colours for labels, used only when writing to a terminal.
struct Palette {
    var enabled: Bool

    func paint(_ text: String, _ label: Label) -> String {
        guard enabled else { return text }
        let code: String
        switch label {
        case .body: code = "32"
        case .disclaimer: code = "35"
        case .tags: code = "36"
        case .navigation: code = "90"
        case .teasers: code = "33"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    func dim(_ text: String) -> String { enabled ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
    func bold(_ text: String) -> String { enabled ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
}

import Winnow
