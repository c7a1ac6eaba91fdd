import Foundation

/// Runs `clean` over many inputs with every core, in three stages joined by an `OrderedWindow`:
///
///     reading thread ──▶ window ──▶ N workers ──▶ window ──▶ writing thread
///     (SourceReader:             (DocumentProcessor:         (BatchSink: output, rejects,
///      gzip, format, records)     decode, pipeline, render)   figures, resume index)
///
/// The reader streams records into the window in input order, waiting while it is full; each
/// worker owns a `Pipeline` and takes records in that order; the writer takes results out in
/// input order. Memory is bounded by the window, and the output is the same for any `jobs`.
public final class BatchRunner {
    /// What happened, for the summary and the exit status.
    public struct Report {
        public var stats: RunStats
        public var resumedInputs: Int
        public var elapsedSeconds: Double
    }

    enum Item {
        case problem(Reject)
        case started(InputPlan)
        case record(RawRecord, InputPlan)
        case reject(Reject)
        case ignored(String)
        case finished(InputPlan)
        case alreadyDone(ResumeIndex.Entry)
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
        let window = OrderedWindow<Item, DocumentOutcome>(capacity: max(16, options.jobs * 8), byteBudget: 64 << 20)
        let finished = DispatchGroup()

        // Workers: one Pipeline each.
        let decoder = RecordDecoder(textField: options.textField, idField: options.idField)
        for number in 0..<max(1, options.jobs) {
            finished.enter()
            let worker = Thread { [rules, options] in
                let processor = DocumentProcessor(rules: rules, decoder: decoder, keep: options.keep)
                while let (sequence, item) = window.claim() {
                    guard case .record(let record, let plan) = item else { continue }
                    window.complete(sequence, processor.process(record, plan: plan))
                }
                finished.leave()
            }
            worker.name = "winnow-worker-\(number)"
            worker.stackSize = 8 << 20
            worker.start()
        }

        // The reading thread.
        finished.enter()
        let reading = Thread { [options] in
            for problem in problems {
                window.submit(.problem(Reject(source: problem.path, reason: problem.reason == "no such file or folder" ? .noSuchFile : .unreadable,
                                              detail: problem.reason == "no such file or folder" ? nil : problem.reason)), needsWork: false)
            }
            for item in items {
                if options.resume, let entry = index?.completed(item) {
                    window.submit(.alreadyDone(entry), needsWork: false)
                    continue
                }
                let reader = SourceReader(item: item, format: options.inputFormat, maxBytes: options.maxBytes, counter: counter)
                let openProblem = reader.open()
                let plan = InputPlan(item: item, format: reader.format, outputFormat: options.outputFormat(for: reader.format),
                                     identity: ResumeIndex.identity(of: item.path))
                window.submit(.started(plan), needsWork: false)
                if let openProblem { window.submit(.reject(openProblem), needsWork: false) }
                while let event = reader.next() {
                    switch event {
                    case .record(let record): window.submit(.record(record, plan), needsWork: true, bytes: record.byteCount)
                    case .reject(let reject): window.submit(.reject(reject), needsWork: false)
                    case .ignored(let type): window.submit(.ignored(type), needsWork: false)
                    }
                }
                window.submit(.finished(plan), needsWork: false)
            }
            window.close()
            finished.leave()
        }
        reading.name = "winnow-reader"
        reading.start()

        // The writing thread is this one.
        progress.begin()
        do {
            while let (item, outcome) = window.next() {
                switch item {
                case .problem(let reject): try sink.reject(reject)
                case .started(let plan): sink.startInput(plan)
                case .reject(let reject): try sink.rejected(reject, bytesIn: 0)
                case .ignored(let type): sink.ignored(type)
                case .finished: try sink.finishInput()
                case .alreadyDone(let entry): try sink.alreadyDone(entry)
                case .record:
                    switch outcome! {
                    case .cleaned(let document): try sink.cleaned(document)
                    case .skipped(let reason, let bytesIn): sink.skipped(reason, bytesIn: bytesIn)
                    case .rejected(let reject, let bytesIn): try sink.rejected(reject, bytesIn: bytesIn)
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
        progress.end()
        let elapsed = Date().timeIntervalSince(started)
        if let statsPath = options.statsPath {
            let extra = options.extraFigures?() ?? [:]
            try AtomicFile.write(sink.totals.json(elapsedSeconds: elapsed, resumedInputs: sink.resumedInputs, extra: extra), to: statsPath)
        }
        return Report(stats: sink.totals, resumedInputs: sink.resumedInputs, elapsedSeconds: elapsed)
    }
}
