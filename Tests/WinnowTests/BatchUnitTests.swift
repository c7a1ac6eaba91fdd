import Foundation
import XCTest
@testable import Winnow

/// The batch machinery on its own: the ordered window, output names, figures.
final class BatchUnitTests: XCTestCase {
    func testOrderedWindowDeliversInInputOrderWhateverOrderWorkFinishes() {
        // 4 wakes the writer for every ready item, 32 only for runs of 8 (or when no work is queued).
        for capacity in [4, 32] { checkOrderedWindowOrder(capacity: capacity) }
    }

    /// An input that comes slowly (a pipe): each item is let out before the next one comes,
    /// though the window is far from full and its input has not ended.
    func testOrderedWindowLetsOutEachItemWhileInputIsSlow() {
        let window = OrderedWindow<Int, Int>(capacity: 32, byteBudget: 1 << 20)
        let worker = Thread {
            while let (sequence, item) = window.claim() { window.complete(sequence, item + 1) }
        }
        worker.start()
        let writer = DispatchQueue(label: "writer")
        for item in 0..<20 {
            let delivered = expectation(description: "item \(item) delivered")
            writer.async {
                if case .result(let result) = window.next(), result == item + 1 { delivered.fulfill() }
            }
            window.submit(item, needsWork: true)
            guard XCTWaiter.wait(for: [delivered], timeout: 30) == .completed else {
                XCTFail("item \(item) was held back")
                window.cancel()
                return
            }
        }
        window.close()
    }

    private func checkOrderedWindowOrder(capacity: Int) {
        let window = OrderedWindow<Int, Int>(capacity: capacity, byteBudget: 1 << 20)
        let group = DispatchGroup()
        for worker in 0..<3 {
            group.enter()
            Thread {
                while let (sequence, item) = window.claim() {
                    usleep(UInt32((item * 37 + worker * 11) % 5) * 200)   // finish out of order
                    window.complete(sequence, item * 10)
                }
                group.leave()
            }.start()
        }
        Thread {
            for item in 0..<200 { window.submit(item, needsWork: item % 7 != 0) }
            window.close()
        }.start()
        var delivered: [Int] = []
        while let output = window.next() {
            switch output {
            case .item(let item):
                XCTAssertEqual(item % 7, 0, "only the items that needed no work come out as themselves")
                delivered.append(item)
            case .result(let result):
                delivered.append(result / 10)
            }
        }
        group.wait()
        XCTAssertEqual(delivered, Array(0..<200))
    }

    func testSafeNamesStayInsideTheFolder() {
        XCTAssertEqual(OutputNamer.safeName(for: "https://news.example/a/b.html?x=1&y=2"), "news.example_a_b.html_x_1_y_2")
        XCTAssertEqual(OutputNamer.safeName(for: "../../etc/passwd"), "etc_passwd")
        XCTAssertEqual(OutputNamer.safeName(for: "doc-17"), "doc-17")
        XCTAssertTrue(OutputNamer.safeName(for: "..").hasPrefix("document-"))
        XCTAssertTrue(OutputNamer.safeName(for: "").hasPrefix("document-"))
        let long = OutputNamer.safeName(for: String(repeating: "a", count: 1000))
        XCTAssertEqual(long.utf8.count, OutputNamer.maximumNameBytes)
        XCTAssertNotEqual(long, OutputNamer.safeName(for: String(repeating: "a", count: 999)))
        XCTAssertFalse(OutputNamer.isContained("../x"))
        XCTAssertFalse(OutputNamer.isContained("/abs"))
        XCTAssertFalse(OutputNamer.isContained("a//b"))
        XCTAssertTrue(OutputNamer.isContained("a/b.txt"))
    }

    func testStemsAndUsedNames() {
        XCTAssertEqual(OutputNamer.stem("a/b.txt"), "a/b")
        XCTAssertEqual(OutputNamer.stem("shard.jsonl.gz"), "shard")
        XCTAssertEqual(OutputNamer.stem("CC-1.warc.wet.gz"), "CC-1")
        XCTAssertEqual(OutputNamer.stem("noext"), "noext")
        XCTAssertEqual(OutputNamer.stem("dir.d/.hidden"), "dir.d/.hidden")
        var names = UsedNames()
        XCTAssertEqual(names.claim("a", extension: "txt"), "a.txt")
        XCTAssertEqual(names.claim("A", extension: "txt"), "A-2.txt")
        XCTAssertEqual(names.claim("a-2", extension: "txt"), "a-2-2.txt")
        names.reserve("b.txt")
        XCTAssertEqual(names.claim("b", extension: "txt"), "b-2.txt")
    }

    func testFiguresAddUpAndMerge() {
        var one = RunStats()
        one.addCleaned(segments: LabelCounts([3, 1, 0, 2, 0]), bytesIn: 100, bytesOut: 40, empty: false, dropped: false, repaired: true)
        one.addRejected(.binaryContent, bytesIn: 10)
        one.addSkipped("not text", bytesIn: 5)
        var total = RunStats()
        total.merge(one)
        total.merge(one)
        XCTAssertEqual(total.documents, 6)
        XCTAssertEqual(total.cleaned + total.rejectedTotal + total.skippedTotal, total.documents)
        XCTAssertEqual(total.segments["body"], 6)
        XCTAssertEqual(total.bytesIn, 230)
        XCTAssertTrue(total.summary().contains("rejected: binary content 2"))
        XCTAssertTrue(total.json(elapsedSeconds: 1, resumedInputs: 0).contains("\"binary content\": 2"))
    }

    func testLabelCountsHoldACountForEachLabel() {
        var counts = LabelCounts()
        XCTAssertTrue(counts.isZero)
        for (number, label) in Label.allCases.enumerated() { counts[label] = number + 1 }
        XCTAssertEqual(Label.allCases.map { counts[$0] }, [1, 2, 3, 4, 5])
        XCTAssertEqual(LabelCounts([1, 2, 3, 4, 5]), counts)
        counts += LabelCounts([10, 0, 0, 0, 20])
        XCTAssertEqual(Label.allCases.map { counts[$0] }, [11, 2, 3, 4, 25])
        XCTAssertFalse(counts.isZero)
    }

    func testDescriptorLimitIsRaisedAsFarAsAsked() throws {
        var limit = rlimit()
        #if canImport(Glibc)
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        XCTAssertEqual(getrlimit(resource, &limit), 0)
        let saved = limit
        defer { var restored = saved; _ = setrlimit(resource, &restored) }
        XCTAssertTrue(DescriptorLimit.allows(Int(min(limit.rlim_cur, 1 << 20))))
        if limit.rlim_max < rlim_t(Int.max) { XCTAssertFalse(DescriptorLimit.allows(Int(limit.rlim_max) + 1)) }
        guard limit.rlim_max >= 512 else { return }
        limit.rlim_cur = 256
        XCTAssertEqual(setrlimit(resource, &limit), 0)
        XCTAssertTrue(DescriptorLimit.allows(400))
        XCTAssertEqual(getrlimit(resource, &limit), 0)
        XCTAssertEqual(limit.rlim_cur, 400, "raised as far as asked, no further")
    }

    func testProgressLine() {
        XCTAssertEqual(Progress.line(documents: 12345, bytes: 50_000_000, totalBytes: 200_000_000, elapsed: 10),
                       "12,345 docs  50.0 MB  5.0 MB/s  0:10  25%  ~0:30 left")
        XCTAssertEqual(Progress.line(documents: 1, bytes: 0, totalBytes: nil, elapsed: 3725), "1 docs  0.0 MB  0.0 MB/s  1:02:05")
    }

    /// One job (everything on the calling thread), workers reading small inputs whole (a
    /// compressed one named as such streamed by the reading thread, one named otherwise handed
    /// back to the writer), and the reading thread streaming every input: the same output files,
    /// figures, rejects and resume index.
    func testEveryWayOfRunningABatchGivesTheSameOutputFiguresAndRejects() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-batch-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        func write(_ bytes: [UInt8], _ name: String) throws {
            let path = root + "/in/" + name
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
        func page(_ number: Int) -> String {
            "Menu\nHome | News | Sport\n\nThe council met on Tuesday to discuss the new bridge, number \(number).\n"
                + "Residents said that the work had taken far longer than anyone had been told it would.\n"
                + "The mayor said the bridge would open in the spring, after the last inspections.\nShare this article\n"
        }
        for number in 0..<7 { try write(Array(page(number).utf8), "pages/p\(number).txt") }
        try write([UInt8](repeating: 0, count: 3000), "pages/zeros.txt")
        var lines = ""
        for number in 0..<6 {
            lines += "{\"id\":\"d\(number)\",\"text\":\"" + page(number).replacingOccurrences(of: "\n", with: "\\n") + "\",\"n\":\(number)}\n"
            if number == 2 { lines += "{\"id\":\"broken\"\n{\"id\":\"no-text\"}\n" }
        }
        try write(Array(lines.utf8), "shards/a.jsonl")
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "gzip -c -n '\(root)/in/shards/a.jsonl' > '\(root)/in/shards/b.jsonl.gz' && "
                          + "gzip -c -n '\(root)/in/shards/a.jsonl' > '\(root)/in/shards/c.jsonl'"]
        try gzip.run()
        gzip.waitUntilExit()
        XCTAssertEqual(gzip.terminationStatus, 0)

        let rules = try RuleSet.load(extraPacks: [])
        let (items, problems) = InputWalker().items(for: [root + "/in", root + "/missing"])
        var results: [(files: [String: Data], summary: String, json: String)] = []
        for (run, (jobs, limit)) in [(1, 1 << 20), (2, 1 << 20), (2, 0), (3, 1 << 20)].enumerated() {
            var options = BatchOptions()
            options.jobs = jobs
            options.wholeInputLimit = limit
            options.outDirectory = root + "/out\(run)"
            options.rejectsPath = root + "/out\(run)/rejects.jsonl"
            let report = try BatchRunner(rules: rules, options: options, warn: { _ in }).run(items: items, problems: problems)
            var files: [String: Data] = [:]
            for name in try FileManager.default.subpathsOfDirectory(atPath: options.outDirectory!) {
                var isFolder: ObjCBool = false
                let path = options.outDirectory! + "/" + name
                if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue {
                    files[name] = try Data(contentsOf: URL(fileURLWithPath: path))
                }
            }
            results.append((files, report.stats.summary(resumedInputs: report.resumedInputs),
                            report.stats.json(elapsedSeconds: 0, resumedInputs: report.resumedInputs)))
        }
        XCTAssertEqual(results[0].files.count, 12)   // 7 pages (not the binary one), 3 shards, rejects, resume index
        XCTAssertTrue(results[0].summary.contains("no such file"), results[0].summary)
        for other in results.dropFirst() {
            XCTAssertEqual(other.files, results[0].files)
            XCTAssertEqual(other.summary, results[0].summary)
            XCTAssertEqual(other.json, results[0].json)
        }
    }

    func testABatchClosesEveryInputItOpensAndAWalkInTheBackgroundFindsWhatAWalkFinds() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-descriptors-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        for folder in 0..<3 {
            try FileManager.default.createDirectory(atPath: root + "/in/\(folder)", withIntermediateDirectories: true)
            for number in 0..<400 {
                try Data("Page \(number) of folder \(folder): the council met on Tuesday to discuss the bridge.\n".utf8)
                    .write(to: URL(fileURLWithPath: root + "/in/\(folder)/p\(number).txt"))
            }
        }
        // A file compressed under a page's name: the worker hands it back and the writer opens it again.
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "gzip -c -n '\(root)/in/0/p0.txt' > '\(root)/in/1/z.txt'"]
        try gzip.run()
        gzip.waitUntilExit()
        XCTAssertEqual(gzip.terminationStatus, 0)

        let walk = InputWalker().walkInBackground([root + "/in", root + "/missing"])
        let (items, problems) = InputWalker().items(for: [root + "/in", root + "/missing"])
        XCTAssertEqual(walk.wait().items, items)
        XCTAssertEqual(walk.wait().problems.map(\.description), problems.map(\.description))

        try XCTSkipUnless(FileManager.default.fileExists(atPath: "/proc/self/fd"), "descriptors are counted in /proc")
        func openDescriptors() throws -> Int { try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count }
        let rules = try RuleSet.load(extraPacks: [])
        let before = try openDescriptors()
        var outputs: [[String: Data]] = []
        for (run, (jobs, handOver)) in [(1, true), (2, true), (3, true), (2, false)].enumerated() {
            var options = BatchOptions()
            options.jobs = jobs
            options.handOverFiles = handOver
            options.outDirectory = root + "/out\(run)"
            let report = try BatchRunner(rules: rules, options: options, warn: { _ in }).run(items: items, problems: [])
            XCTAssertEqual(report.stats.cleaned, 1201)
            XCTAssertEqual(try openDescriptors(), before, "\(jobs) jobs, files handed over: \(handOver)")
            var files: [String: Data] = [:]
            for name in try FileManager.default.subpathsOfDirectory(atPath: root + "/out\(run)") where name.hasSuffix(".txt") {
                files[name] = try Data(contentsOf: URL(fileURLWithPath: root + "/out\(run)/" + name))
            }
            outputs.append(files)
        }
        XCTAssertEqual(outputs[0].count, 1201)
        for other in outputs.dropFirst() { XCTAssertEqual(other, outputs[0]) }
    }
}
