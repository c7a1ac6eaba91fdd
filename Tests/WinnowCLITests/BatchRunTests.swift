import XCTest

/// Parallel runs give the same bytes as serial ones; a run killed at any moment and resumed
/// ends with exactly the output of an uninterrupted run; output names cannot escape `--out`.
final class BatchRunTests: CLITestCase {
    /// A mixed input tree: text pages, JSONL shards (one with a bad line), a WARC file and a binary file.
    func makeCorpus(pages: Int, shards: Int, perShard: Int) throws -> String {
        for number in 0..<pages { try write(Self.page(number), to: "in/pages/p\(String(format: "%03d", number)).txt") }
        for shard in 0..<shards {
            var lines = ""
            for index in 0..<perShard {
                lines += "{\"id\":\"s\(shard)-\(index)\",\"text\":\(Self.quoted(Self.page(shard * 100 + index))),\"n\":\(index)}\n"
                if index == 3 && shard % 2 == 0 { lines += "{\"id\":\"broken\"\n" }
            }
            try write(lines, to: "in/shards/shard\(shard).jsonl")
        }
        let records = (0..<5).map {
            Self.warcRecord(type: "conversion", uri: "https://news.example/\($0)", contentType: "text/plain", content: Array(Self.page(900 + $0).utf8))
        }
        try write(raw: try records.flatMap { try gzip($0) }, to: "in/crawl.wet.gz")
        try write(raw: [UInt8](repeating: 0, count: 3000), to: "in/pages/zeros.txt")
        return path("in")
    }

    func testOutputIsByteIdenticalForEveryJobsCount() throws {
        let input = try makeCorpus(pages: 12, shards: 3, perShard: 8)
        var outputs: [String] = []
        var trees: [[String: Data]] = []
        for jobs in ["1", "2", "3"] {
            let result = try winnow(["clean", input, "--jobs", jobs, "--format", "jsonl", "--rejects", path("r\(jobs).jsonl")])
            XCTAssertEqual(result.status, 1, result.stderr)
            outputs.append(result.stdout)
            let out = try winnow(["clean", input, "-j", jobs, "--out", path("out\(jobs)"), "-q"])
            XCTAssertEqual(out.status, 1)
            trees.append(try tree("out\(jobs)"))
        }
        XCTAssertEqual(outputs[0], outputs[1])
        XCTAssertEqual(outputs[0], outputs[2])
        XCTAssertEqual(trees[0], trees[1])
        XCTAssertEqual(trees[0], trees[2])
        XCTAssertEqual(try String(contentsOfFile: path("r1.jsonl")), try String(contentsOfFile: path("r2.jsonl")))
        // Input order: the folder's files sorted (crawl.wet.gz, pages/, shards/), records in file order.
        let ids = try objects(outputs[0]).map { $0["id"] as! String }
        let expected = (0..<5).map { "https://news.example/\($0)" } + (0..<12).map { "pages/p\(String(format: "%03d", $0)).txt" }
            + (0..<3).flatMap { shard in (0..<8).map { "s\(shard)-\($0)" } }
        XCTAssertEqual(ids, expected)
    }

    func testKilledRunsResumeToExactlyTheUninterruptedOutput() throws {
        let input = try makeCorpus(pages: 120, shards: 8, perShard: 20)
        let options = ["--format", "text", "--jobs", "2", "-q"]
        let reference = try winnow(["clean", input, "--out", path("ref"), "--rejects", path("ref-rejects.jsonl"), "--stats", path("ref-stats.json")] + options)
        XCTAssertEqual(reference.status, 1, reference.stderr)

        // Kill runs with SIGKILL at moments spread over the job, resuming each time, until one finishes.
        let index = path("out/.winnow-resume.jsonl")
        var kills = 0
        var attempt = 0
        while true {
            attempt += 1
            XCTAssertLessThan(attempt, 60, "the job never finished")
            if attempt > 60 { break }
            let process = Process()
            process.executableURL = Self.binary
            process.arguments = ["clean", input, "--out", path("out"), "--rejects", path("rejects.jsonl"), "--stats", path("stats.json"), "--resume"] + options
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let before = (try? String(contentsOfFile: index))?.split(separator: "\n").count ?? 0
            try process.run()
            // Let it complete a few more inputs (more each attempt), then kill it wherever it is.
            let target = before + 2 + attempt
            while process.isRunning {
                let now = (try? String(contentsOfFile: index))?.split(separator: "\n").count ?? 0
                if now >= target { break }
                usleep(2000)
            }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                kills += 1
                continue
            }
            process.waitUntilExit()
            XCTAssertEqual(process.terminationReason, .exit)
            XCTAssertEqual(process.terminationStatus, 1, "the corpus has rejects")
            break
        }
        XCTAssertGreaterThan(kills, 0, "at least one run was killed mid-way")
        XCTAssertEqual(try tree("out"), try tree("ref"), "the resumed output differs from an uninterrupted run")
        XCTAssertEqual(try String(contentsOfFile: path("rejects.jsonl")), try String(contentsOfFile: path("ref-rejects.jsonl")))
        let figures = { (name: String) throws -> [String: Any] in
            var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: self.path(name)))) as! [String: Any]
            object["elapsed_seconds"] = nil
            object["resumed_inputs"] = nil
            return object
        }
        XCTAssertEqual(try figures("stats.json") as NSDictionary, try figures("ref-stats.json") as NSDictionary)
        XCTAssertFalse(try tree("out").keys.contains { $0.contains(".winnow-tmp") })
    }

    func testResumeSkipsCompleteInputsAndRefusesOtherOptions() throws {
        let input = try makeCorpus(pages: 4, shards: 1, perShard: 3)
        XCTAssertEqual(try winnow(["clean", input, "--out", path("out"), "-q"]).status, 1)
        let again = try winnow(["clean", input, "--out", path("out"), "--resume"])
        XCTAssertEqual(again.status, 1, "replayed rejects still count")
        XCTAssertTrue(again.stderr.contains("resumed: 7 of 7 inputs were already complete"), again.stderr)
        XCTAssertTrue(again.stderr.contains("binary content"), again.stderr)
        // A changed input is done again.
        try write(Self.page(77), to: "in/pages/p001.txt")
        let changed = try winnow(["clean", input, "--out", path("out"), "--resume"])
        XCTAssertTrue(changed.stderr.contains("resumed: 6 of 7"), changed.stderr)
        XCTAssertTrue(try String(contentsOfFile: path("out/pages/p001.txt")).contains("Resident number 77"))
        let other = try winnow(["clean", input, "--out", path("out"), "--resume", "--keep", "body,tags"])
        XCTAssertEqual(other.status, 64)
        XCTAssertTrue(other.stderr.contains("other options"), other.stderr)
        XCTAssertEqual(try winnow(["clean", input, "--resume"]).status, 64, "--resume needs --out")
    }

    func testNamesFromIDsAndURLsCannotEscapeTheOutputFolder() throws {
        let hostile = ["../../escaped", "/etc/passwd", "..", ".", ".hidden", "a/../../b", "..\\..\\win", "con\u{0}nul",
                       "https://evil.example/../../../x", String(repeating: "long", count: 200), "Same", "same", "same"]
        var lines = ""
        for id in hostile { lines += "{\"id\":\(Self.quoted(id)),\"text\":\(Self.quoted(Self.page(1)))}\n" }
        let file = try write(lines, to: "in/ids.jsonl")
        var warc: [UInt8] = []
        for uri in ["https://evil.example/../../up", "file:///etc/shadow", "<https://x.example/a>"] {
            warc += Self.warcRecord(type: "conversion", uri: uri, contentType: "text/plain", content: Array(Self.page(2).utf8))
        }
        let crawl = try write(raw: warc, to: "in/evil.wet")
        let result = try winnow(["clean", file, crawl, "--format", "text", "--out", path("sandbox/out")])
        XCTAssertEqual(result.status, 0, result.stderr)
        // Nothing outside the output folder; every file directly in its input's folder.
        let sandbox = try FileManager.default.subpathsOfDirectory(atPath: path("sandbox"))
        XCTAssertTrue(sandbox.allSatisfy { $0 == "out" || $0.hasPrefix("out/") }, "\(sandbox)")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: workDir.path).sorted(), ["in", "sandbox"])
        let files = try tree("sandbox/out").keys.filter { $0 != ".winnow-resume.jsonl" }
        XCTAssertEqual(files.count, hostile.count + 3, "\(files.sorted())")
        for name in files {
            let parts = name.split(separator: "/")
            XCTAssertEqual(parts.count, 2, name)
            XCTAssertTrue(["ids.jsonl", "evil.wet"].contains(String(parts[0])), name)
            XCTAssertFalse(parts[1].hasPrefix("."), name)
            XCTAssertLessThanOrEqual(parts[1].utf8.count, 200, name)
            XCTAssertTrue(parts[1].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }, name)
        }
        XCTAssertTrue(files.contains("ids.jsonl/same-2.txt") && files.contains("ids.jsonl/same-3.txt"), "\(files.sorted())")
    }

    func testInputsAreNeverOverwritten() throws {
        let input = try makeCorpus(pages: 2, shards: 1, perShard: 2)
        let inside = try winnow(["clean", input, "--out", path("in/out")])
        XCTAssertEqual(inside.status, 64)
        XCTAssertTrue(inside.stderr.contains("inside the input"), inside.stderr)
        let around = try winnow(["clean", path("in/pages/p000.txt"), "--out", path("in")])
        XCTAssertEqual(around.status, 64)
        let same = try winnow(["clean", path("in/pages/p000.txt"), "--out", path("in/pages")])
        XCTAssertEqual(same.status, 64)
        let rejects = try winnow(["clean", input, "--rejects", path("in/pages/p000.txt")])
        XCTAssertEqual(rejects.status, 64)
        XCTAssertTrue(try String(contentsOfFile: path("in/pages/p000.txt")).contains("Resident number 0"))
        let stats = try winnow(["clean", input, "--stats", path("in/shards/shard0.jsonl"), "--out", path("out")])
        XCTAssertEqual(stats.status, 64)
        // Moderation's lists of dropped and review documents: not written into an input folder,
        // where they would be read (or not, as the walk and the writing fall) as inputs.
        for option in ["--dropped", "--review"] {
            let listed = try winnow(["clean", input, "--moderate", option, path("in/pages/\(option.dropFirst(2)).jsonl"), "--out", path("out3")])
            XCTAssertEqual(listed.status, 64, option)
            XCTAssertTrue(listed.stderr.contains("\(option) ") && listed.stderr.contains("inside the input"), listed.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: path("in/pages/\(option.dropFirst(2)).jsonl")), option)
        }
        // Reading a JSONL file and writing JSONL beside it, under another folder, leaves the input as it was.
        let before = try Data(contentsOf: URL(fileURLWithPath: path("in/shards/shard0.jsonl")))
        XCTAssertEqual(try winnow(["clean", path("in/shards/shard0.jsonl"), "--out", path("out2")]).status, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("in/shards/shard0.jsonl"))), before)
    }
}
