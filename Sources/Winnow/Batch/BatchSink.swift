/// The writing end of a batch, fed in input order on one thread: writes each cleaned document
/// (to standard output, or under `--out` as `OutputTree` says), logs rejects, counts everything
/// per input and in total, and records each finished input in the resume index.
final class BatchSink {
    private let options: BatchOptions
    private let tree: OutputTree?
    private let standardOutput: FileWriter?
    private let rejects: RejectLog
    private let index: ResumeIndex?
    private let progress: Progress
    private let warn: (String) -> Void

    /// The figures of the run so far.
    var totals: RunStats {
        var totals = counted
        totals.addSegments(doneSegments)
        return totals
    }
    /// The figures of the inputs done, but for the segments the batch counted itself (`doneSegments`).
    private var counted = RunStats()
    /// Segments per label of the inputs done and of the input being written, kept as numbers
    /// and put into the figures by label name when those are read: an input's figures hashed
    /// each name twice a page file.
    private var doneSegments = LabelCounts()
    private var inputSegments = LabelCounts()
    private(set) var resumedInputs = 0
    private var inputNames = UsedNames()
    private var pagesWritten = 0

    // The input being written.
    private var plan: InputPlan?
    private var inputStats = RunStats()
    private var inputRejects: [Reject] = []
    private var inputFile: AtomicFile?
    private var inputOutput: String?
    private var inputFolder: String?
    private var documentNames = UsedNames()
    private var inputWriteFailed = false
    private var inputOutputWritten = false

    init(options: BatchOptions, rejects: RejectLog, index: ResumeIndex?, progress: Progress, warn: @escaping (String) -> Void) {
        self.options = options
        tree = options.outDirectory.map { OutputTree(root: $0) }
        // 64 KB at a time (a pipe's default capacity), not 1 MB: the buffer is filled on a core
        // a worker runs on, and one the size of that core's L2 cache (1 MB here) swept the
        // worker's tables out of it as it filled (cachegrind with a 1 MB last level on the 5 MB
        // pages: 960K misses against 897K).
        standardOutput = options.outDirectory == nil ? FileWriter(descriptor: 1, name: "standard output", capacity: 1 << 16) : nil
        self.rejects = rejects
        self.index = index
        self.progress = progress
        self.warn = warn
    }

    /// A reject that belongs to no input that could be opened (a missing file).
    func reject(_ reject: Reject) throws {
        counted.addRejected(reject.reason)
        try rejects.record(reject)
        progress.documentDone()
    }

    func startInput(_ plan: InputPlan) {
        self.plan = plan
        inputStats = RunStats()
        inputStats.inputs = 1
        inputSegments = LabelCounts()
        inputRejects = []
        inputFile = nil
        inputOutput = nil
        inputFolder = nil
        inputWriteFailed = false
        inputOutputWritten = false
        guard tree != nil else { return }
        let stem = OutputNamer.stem(plan.item.relativePath)
        if plan.outputFormat == .jsonl || !plan.format.holdsManyDocuments {
            inputOutput = inputNames.claim(stem, extension: plan.outputFormat.fileExtension)
            if plan.format.holdsManyDocuments { openInputFile() }
        } else {
            inputFolder = inputNames.claim(stem, extension: plan.format.rawValue)
            documentNames = UsedNames()
        }
    }

    private func openInputFile() {
        guard let tree, let inputOutput, let plan else { return }
        do { inputFile = try AtomicFile(destination: try tree.resolve(inputOutput)) } catch {
            failWrite(Reject(source: plan.item.path, reason: .writeFailed, detail: "\(error)"))
        }
    }

    func cleaned(_ document: CleanedDocument) throws {
        guard let plan else { return }
        for hit in document.matchLimitHits { warn("\(plan.item.path): match limit: \(hit)") }
        // Moderation may drop it (recorded by the hook); an empty document may be dropped on request.
        let refused = document.moderatedPage.map { page in options.admit.map { !$0(page) } ?? false } ?? false
        let dropped = refused || (options.dropEmpty && document.isEmpty)
        var written = 0
        if !dropped {
            do {
                try write(document, plan: plan)
                written = document.rendered.count
            } catch {
                inputWriteFailed = true
                try rejected(Reject(source: plan.item.path, position: document.position, id: document.id, reason: .writeFailed, detail: "\(error)"), bytesIn: document.bytesIn)
                return
            }
        }
        inputStats.addCleaned(bytesIn: document.bytesIn, bytesOut: written, empty: document.isEmpty, dropped: dropped,
                              repaired: document.repaired)
        inputSegments += document.segmentCounts
        progress.documentDone()
    }

    private func write(_ document: CleanedDocument, plan: InputPlan) throws {
        guard let tree else {
            if pagesWritten > 0 && plan.outputFormat == .text { try standardOutput!.write("\n") }
            pagesWritten += 1
            try standardOutput!.write(document.rendered)
            return
        }
        if plan.format.holdsManyDocuments, let inputOutput {
            guard let inputFile else { throw OutputTree.WriteError(path: inputOutput, reason: "output file could not be written") }
            try inputFile.write(document.rendered)
        } else if let inputOutput {
            try tree.write(document.rendered, to: inputOutput)
            inputOutputWritten = true
        } else if let inputFolder {
            let name = documentNames.claim(OutputNamer.safeName(for: document.id), extension: plan.outputFormat.fileExtension)
            try tree.write(document.rendered, to: inputFolder + "/" + name)
        }
    }

    func rejected(_ reject: Reject, bytesIn: Int) throws {
        inputStats.addRejected(reject.reason, bytesIn: bytesIn)
        inputRejects.append(reject)
        try rejects.record(reject)
        progress.documentDone()
    }

    func skipped(_ reason: String, bytesIn: Int) {
        inputStats.addSkipped(reason, bytesIn: bytesIn)
        progress.documentDone()
    }

    func ignored(_ type: String) {
        inputStats.ignoredRecords[type, default: 0] += 1
    }

    private func failWrite(_ reject: Reject) {
        inputWriteFailed = true
        inputFile = nil
        inputStats.addRejected(reject.reason)
        inputRejects.append(reject)
        try? rejects.record(reject)
    }

    /// An input rejected for one of these could not be read or written, so it is not complete: a
    /// resumed run does it again. (A set made once, not at every input's end.)
    private static let retriedReasons: Set<RejectReason> = [.noSuchFile, .unreadable, .writeFailed]

    func finishInput() throws {
        guard let plan else { return }
        if let inputFile {
            do {
                try inputFile.commit()
                inputOutputWritten = true
            } catch {
                failWrite(Reject(source: plan.item.path, reason: .writeFailed, detail: "\(error)"))
            }
        }
        counted.merge(inputStats)
        doneSegments += inputSegments
        if let index, !inputWriteFailed, let identity = plan.identity,
           !inputRejects.contains(where: { Self.retriedReasons.contains($0.reason) }) {
            var inputStats = inputStats
            inputStats.addSegments(inputSegments)
            try index.record(ResumeIndex.Entry(input: plan.item.path, size: identity.size, modified: identity.modified,
                                               output: inputOutput, outputWritten: inputOutputWritten, folder: inputFolder,
                                               stats: inputStats, rejects: inputRejects))
        }
        self.plan = nil
        self.inputFile = nil
    }

    /// An input a previous run completed: its figures and rejects are replayed, its names kept.
    func alreadyDone(_ entry: ResumeIndex.Entry) throws {
        if let output = entry.output { inputNames.reserve(output) }
        if let folder = entry.folder { inputNames.reserve(folder) }
        counted.merge(entry.stats)
        for reject in entry.rejects { try rejects.record(reject) }
        resumedInputs += 1
    }

    func finish() throws {
        try standardOutput?.flush()
        try rejects.close()
        try index?.close()
    }
}
