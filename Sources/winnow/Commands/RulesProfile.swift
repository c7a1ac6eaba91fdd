import ArgumentParser
import Foundation
import Winnow

extension Rules {
    struct Profile: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "profile",
            abstract: "Time every classification pattern over pages, to find the slow rules: runs, matches, total and mean time, costliest first.",
            discussion: """
            The pages are read and classified as `winnow clean` does (the prefilter skips the patterns that cannot match a segment; the first rule that fires decides), with the clock read around each pattern run. A pattern therefore runs here exactly as often as in `clean`; its time is PCRE2's and includes two clock reads (the header gives their cost). A pattern's JIT code is compiled before its first run, and that time is given apart in the header. Labels and moderation are not computed, and moderation rules' patterns are not timed.

            A pattern with a high total and few matches is the one to tune: anchor it, start it with a literal, make repetitions possessive (\\S++, [^|]{1,40}+) or atomic where backtracking cannot change the result, or split it so the prefilter can gate it (`winnow rules patterns --literals` shows how each one is gated). Times vary from run to run; runs and matches do not.
            """
        )

        enum Format: String, ExpressibleByArgument { case text, json }

        @OptionGroup var rules: RuleOptions

        @Argument(help: ArgumentHelp("Pages to run: files, folders (walked recursively) or - for standard input; text, JSONL or WARC, gzipped or not.", valueName: "INPUT"))
        var inputs: [String]

        @Option(help: ArgumentHelp("Show only the N costliest (0: all).", valueName: "N"))
        var top = 25

        @Flag(help: "Sum each rule's patterns into one line.")
        var byRule = false

        @Option(help: "text (a table with a header) or json (the same rows, every figure in nanoseconds).")
        var format: Format = .text

        func run() throws {
            let profiler = RuleProfiler(rules: try rules.load())
            let started = Date()
            let unread = profiler.profile(inputs: inputs)
            let seconds = Date().timeIntervalSince(started)
            for problem in unread { Console.error(problem) }
            let rows = byRule ? profiler.rankedByRule : profiler.ranked
            let shown = top > 0 ? Array(rows.prefix(top)) : rows
            let overhead = RuleProfiler.clockOverheadNanoseconds()
            switch format {
            case .json: print(JSONText.encode(json(profiler, rows: shown, overhead: overhead, seconds: seconds)))
            case .text: printTable(profiler, rows: shown, overhead: overhead, seconds: seconds)
            }
            if profiler.pages == 0 { throw ExitCode(1) }
        }

        func printTable(_ profiler: RuleProfiler, rows: [PatternCost], overhead: UInt64, seconds: Double) {
            let runs = profiler.costs.reduce(0) { $0 + $1.runs }
            let matches = profiler.costs.reduce(0) { $0 + $1.matches }
            let limits = profiler.costs.reduce(0) { $0 + $1.limitHits }
            let total = Double(profiler.patternNanoseconds)
            print("\(profiler.pages) pages, \(profiler.segments) segments, \(Self.megabytes(profiler.bytes)); \(runs) pattern runs, \(matches) matches" + (limits > 0 ? ", \(limits) ended by a match limit" : ""))
            print(String(format: "time in patterns %.3f s (and %.3f s JIT-compiling %ld of them, before their first run), in the prefilter %.3f s, whole run %.2f s; each run's time includes %llu ns of clock reads",
                         total / 1e9, Double(profiler.compileNanoseconds) / 1e9, profiler.compiledPatterns, Double(profiler.prefilterNanoseconds) / 1e9,
                         seconds, overhead))
            print("")
            let what = byRule ? "rule" : "rule #pattern"
            print("total ms".leftPad(9) + "share".leftPad(7) + "runs".leftPad(9) + "matches".leftPad(9) + "mean ns".leftPad(9) + "  " + what.padded(36) + (byRule ? "" : "pattern"))
            for row in rows {
                let name = byRule ? row.ruleID : "\(row.ruleID) #\(row.number)"
                let share = total > 0 ? Double(row.nanoseconds) / total * 100 : 0
                print(String(format: "%9.1f%6.1f%%", Double(row.nanoseconds) / 1e6, share) + String(row.runs).leftPad(9) + String(row.matches).leftPad(9)
                      + String(format: "%9.0f", row.meanNanoseconds) + "  " + name.padded(36) + (byRule ? "" : Self.shortened(row.source, to: 70)))
            }
        }

        func json(_ profiler: RuleProfiler, rows: [PatternCost], overhead: UInt64, seconds: Double) -> [String: Any] {
            [
                "pages": profiler.pages, "segments": profiler.segments, "bytes": profiler.bytes,
                "runs": profiler.costs.reduce(0) { $0 + $1.runs }, "matches": profiler.costs.reduce(0) { $0 + $1.matches },
                "pattern_ns": profiler.patternNanoseconds, "prefilter_ns": profiler.prefilterNanoseconds,
                "compile_ns": profiler.compileNanoseconds, "compiled_patterns": profiler.compiledPatterns,
                "clock_overhead_ns": overhead, "seconds": seconds,
                (byRule ? "rules" : "patterns"): rows.map { row -> [String: Any] in
                    var entry: [String: Any] = ["rule": row.ruleID, "runs": row.runs, "matches": row.matches, "limit_hits": row.limitHits,
                                                "total_ns": row.nanoseconds, "mean_ns": row.meanNanoseconds]
                    if !byRule { entry["pattern"] = row.number; entry["source"] = row.source }
                    return entry
                },
            ]
        }

        static func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1e6) }

        static func shortened(_ text: String, to width: Int) -> String { text.count <= width ? text : String(text.prefix(width - 1)) + "…" }
    }
}
