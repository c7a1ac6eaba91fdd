import Foundation

/// The progress line on standard error: documents done, megabytes read, throughput, elapsed
/// time and, when the total size is known, the share done and the time left. Redrawn twice a
/// second by a thread of its own; only drawn when asked (the command turns it on for a terminal).
public final class Progress: @unchecked Sendable {
    private let enabled: Bool
    private let totalBytes: Int?
    private let counter: ByteCounter
    private let start = Date()
    private let condition = NSCondition()
    private var documents = 0
    private var stopped = false
    private var drawn = false
    private var thread: Thread?

    public init(enabled: Bool, totalBytes: Int?, counter: ByteCounter) {
        self.enabled = enabled
        self.totalBytes = totalBytes
        self.counter = counter
    }

    public func begin() {
        guard enabled else { return }
        let thread = Thread { [self] in
            // First drawn after half a second, so a quick run shows no flash of it.
            condition.lock()
            while !stopped {
                _ = condition.wait(until: Date().addingTimeInterval(0.5))
                if stopped { break }
                condition.unlock()
                draw()
                condition.lock()
                drawn = true
            }
            condition.unlock()
        }
        self.thread = thread
        thread.start()
    }

    public func documentDone() {
        guard enabled else { return }
        condition.lock(); documents += 1; condition.unlock()
    }

    /// Stops drawing and clears the line.
    public func end() {
        guard enabled else { return }
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
        while thread?.isFinished == false { usleep(1000) }
        condition.lock()
        let drawn = self.drawn
        condition.unlock()
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    private func draw() {
        condition.lock()
        let documents = self.documents
        condition.unlock()
        let line = Self.line(documents: documents, bytes: counter.value, totalBytes: totalBytes, elapsed: Date().timeIntervalSince(start))
        FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8))
    }

    /// One progress line, e.g. `12,345 docs  512.3 MB  45.6 MB/s  1:23  41%  ~2:00 left`.
    public static func line(documents: Int, bytes: Int, totalBytes: Int?, elapsed: Double) -> String {
        let megabytes = Double(bytes) / 1_000_000
        let rate = elapsed > 0 ? megabytes / elapsed : 0
        var parts = [grouped(documents) + " docs", String(format: "%.1f MB", megabytes), String(format: "%.1f MB/s", rate), clock(elapsed)]
        if let totalBytes, totalBytes > 0 {
            let share = min(1, Double(bytes) / Double(totalBytes))
            parts.append(String(format: "%.0f%%", share * 100))
            if share > 0 { parts.append("~" + clock(elapsed / share - elapsed) + " left") }
        }
        return parts.joined(separator: "  ")
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { out += "," }
            out.append(character)
        }
        return out
    }

    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60)
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, secs) : String(format: "%d:%02d", minutes, secs)
    }
}
