import Foundation

/// Runs `clean` over many inputs. With one job everything runs on the calling thread: each
/// input is read, each document run and written in turn, with no hand-over between threads.
/// With more, three stages are joined by an `OrderedWindow`:
///
///     reading thread ──▶ window ──▶ N workers ──▶ window ──▶ writing thread
///     (walks inputs;             (DocumentProcessor:         (BatchSink: output, rejects,
///      streams large ones)        read small inputs whole,    figures, resume index)
///                                 decode, pipeline, render)
///
/// The reading thread opens each input: a small file (a page of a folder) goes into the window
/// open and a worker reads it, so the serial part is an `open` and an `fstat` a file; a large
/// one (a JSONL or WARC file, standard input) it streams record by record. Each worker owns a
/// `Pipeline`; the writer takes results out in input order. Memory is bounded by the window,
/// and the output is the same for any `jobs`.
public final class BatchRunner {
    /// What happened, for the summary and the exit status.
    public struct Report {
        public var stats: RunStats
        public var resumedInputs: Int
        public var elapsedSeconds: Double
    }

    private let rules: RuleSet
    private let options: BatchOptions
    private let warn: (String) -> Void

    /// `warn` receives every message for standard error (rejects without `--rejects`, match-limit warnings).
    public init(rules: RuleSet, options: BatchOptions, warn: @escaping (String) -> Void) {
        self.rules = rules
        self.options = options
        self.warn = warn
    }

    public func run(items: [InputWalker.Item], problems: [InputWalker.Problem]) throws -> Report {
        let started = Date()
        let counter = ByteCounter()
        var totalBytes: Int?
        if options.progress && !items.contains(where: { $0.path == "-" }) {
            totalBytes = items.reduce(0) { $0 + (ResumeIndex.identity(of: $1.path)?.size ?? 0) }
        }
        let progress = Progress(enabled: options.progress, totalBytes: totalBytes, counter: counter)
        var opened: ResumeIndex?
        if let out = options.outDirectory {
            if options.resume { OutputTree(root: out).removeLeftovers() }
            opened = try ResumeIndex(root: out, options: options.fingerprint(rules: rules), resume: options.resume)
        }
        let index = opened
        let sink = BatchSink(options: options, rejects: try RejectLog(path: options.rejectsPath, echo: warn),
                             index: index, progress: progress, warn: warn)
        let feed = InputFeed(options: options, counter: counter)
        let decoder = RecordDecoder(textField: options.textField, idField: options.idField)
        progress.begin()
        if options.jobs <= 1 {
            do {
                try runOnThisThread(items: items, problems: problems, feed: feed, decoder: decoder, index: index, sink: sink)
                try sink.finish()
            } catch {
                progress.end()
                throw error
            }
        } else {
            try runThreaded(items: items, problems: problems, feed: feed, decoder: decoder, index: index, sink: sink, progress: progress)
        }
        progress.end()
        let elapsed = Date().timeIntervalSince(started)
        if let statsPath = options.statsPath {
            let extra = options.extraFigures?() ?? [:]
            try AtomicFile.write(sink.totals.json(elapsedSeconds: elapsed, resumedInputs: sink.resumedInputs, extra: extra), to: statsPath)
        }
        return Report(stats: sink.totals, resumedInputs: sink.resumedInputs, elapsedSeconds: elapsed)
    }

    /// One job: read, run and write each document in turn on this thread.
    private func runOnThisThread(items: [InputWalker.Item], problems: [InputWalker.Problem], feed: InputFeed,
                                 decoder: RecordDecoder, index: ResumeIndex?, sink: BatchSink) throws {
        let processor = DocumentProcessor(rules: rules, decoder: decoder, keep: options.keep)
        for problem in problems { try Self.deliver(.item(InputFeed.problemItem(problem)), to: sink) }
        for item in items {
            if options.resume, let entry = index?.completed(item) {
                try sink.alreadyDone(entry)
                continue
            }
            // The size and time only go into the resume index: no `stat` a file without one.
            let identity = index == nil ? nil : ResumeIndex.identity(of: item.path)
            try feed.read(item, identity: identity) { batchItem in
                try Self.deliver(Self.delivery(of: batchItem, by: processor), to: sink)
            }
        }
    }

    /// Two jobs or more: the reading thread, the workers and this thread as the writer.
    private func runThreaded(items: [InputWalker.Item], problems: [InputWalker.Problem], feed: InputFeed,
                             decoder: RecordDecoder, index: ResumeIndex?, sink: BatchSink, progress: Progress) throws {
        // 128 documents a worker: the writer is woken for a quarter of the window and the
        // reading thread for half of it, each wake a switch on a core a worker was using. With 8
        // they were woken every 4 and 8 documents; from 32 to 128 a worker, two jobs on the 200 MB
        // bench pages switched 3,400 times instead of 5,400 and took 2% less CPU. (The byte
        // budget still bounds the window's memory.)
        let window = OrderedWindow<BatchItem, WorkResult>(capacity: max(256, options.jobs * 128), byteBudget: 64 << 20)
        let finished = DispatchGroup()
        rules.preparePlan(threads: options.jobs)

        // Workers: one Pipeline each.
        for number in 0..<options.jobs {
            finished.enter()
            let worker = Thread { [rules, options] in
                let processor = DocumentProcessor(rules: rules, decoder: decoder, keep: options.keep)
                while let (sequence, item) = window.claim() {
                    switch item {
                    case .record(let record, let plan):
                        window.complete(sequence, .outcome(processor.process(record, plan: plan)))
                    case .input(let input, let identity, let file):
                        var results: [Delivery] = []
                        let read = feed.read(input, identity: identity, opened: file.map { .success($0) },
                                             refuseCompressed: true) { batchItem in
                            results.append(Self.delivery(of: batchItem, by: processor))
                        }
                        window.complete(sequence, read ? .input(results) : .deferred(input, identity: identity))
                    default:
                        continue
                    }
                }
                finished.leave()
            }
            worker.name = "winnow-worker-\(number)"
            worker.stackSize = 8 << 20
            worker.start()
        }

        // The reading thread. It opens each input and hands a small one to a worker open, so its
        // path is looked up once (not by a `stat` here and an `open` there: 2% less CPU with two
        // jobs on the bench pages), when every item the window can hold may keep a descriptor
        // within the process's limit, with room to spare; otherwise it `stat`s each input and
        // the worker opens it.
        let handsOverFiles = options.handOverFiles && DescriptorLimit.allows(window.capacity + 64)
        finished.enter()
        let reading = Thread { [options] in
            for problem in problems { window.submit(InputFeed.problemItem(problem), needsWork: false) }
            for item in items {
                if options.resume, let entry = index?.completed(item) {
                    window.submit(.alreadyDone(entry), needsWork: false)
                    continue
                }
                let opened = handsOverFiles ? Result { try OpenedInput(path: item.path) } : nil
                let status = opened.map { (try? $0.get())?.status } ?? ResumeIndex.status(of: item.path)
                let (identity, small) = feed.look(at: item, status: status)
                if small {
                    window.submit(.input(item, identity: identity, file: try? opened?.get()), needsWork: true, bytes: identity?.size ?? 0)
                    continue
                }
                feed.read(item, identity: identity, opened: opened) { batchItem in
                    if case .record(let record, _) = batchItem {
                        window.submit(batchItem, needsWork: true, bytes: record.byteCount)
                    } else {
                        window.submit(batchItem, needsWork: false)
                    }
                }
            }
            window.close()
            finished.leave()
        }
        reading.name = "winnow-reader"
        reading.start()

        // The writing thread is this one.
        var writerProcessor: DocumentProcessor?
        do {
            while let output = window.next() {
                switch output {
                case .item(let item): try Self.deliver(.item(item), to: sink)
                case .result(.outcome(let outcome)): try Self.deliver(.outcome(outcome), to: sink)
                case .result(.input(let results)):
                    for delivery in results { try Self.deliver(delivery, to: sink) }
                case .result(.deferred(let input, let identity)):
                    let processor = writerProcessor ?? DocumentProcessor(rules: rules, decoder: decoder, keep: options.keep)
                    writerProcessor = processor
                    try feed.read(input, identity: identity) { batchItem in
                        try Self.deliver(Self.delivery(of: batchItem, by: processor), to: sink)
                    }
                }
            }
            try sink.finish()
        } catch {
            window.cancel()
            finished.wait()
            progress.end()
            throw error
        }
        finished.wait()
    }

    /// What the writer delivers for `item`: a record's outcome, run by `processor`, or the item.
    private static func delivery(of item: BatchItem, by processor: DocumentProcessor) -> Delivery {
        guard case .record(let record, let plan) = item else { return .item(item) }
        return .outcome(processor.process(record, plan: plan))
    }

    /// Hands one item or outcome to the sink.
    private static func deliver(_ delivery: Delivery, to sink: BatchSink) throws {
        switch delivery {
        case .outcome(.cleaned(let document)): try sink.cleaned(document)
        case .outcome(.skipped(let reason, let bytesIn)): sink.skipped(reason, bytesIn: bytesIn)
        case .outcome(.rejected(let reject, let bytesIn)): try sink.rejected(reject, bytesIn: bytesIn)
        case .item(.problem(let reject)): try sink.reject(reject)
        case .item(.started(let plan)): sink.startInput(plan)
        case .item(.reject(let reject)): try sink.rejected(reject, bytesIn: 0)
        case .item(.ignored(let type)): sink.ignored(type)
        case .item(.finished): try sink.finishInput()
        case .item(.alreadyDone(let entry)): try sink.alreadyDone(entry)
        case .item(.record), .item(.input): break   // a record goes as its outcome, an input as its items
        }
    }
}
