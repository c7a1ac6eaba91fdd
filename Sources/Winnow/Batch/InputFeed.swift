import Foundation

/// What the writer handles, in input order. `record` needs a worker's outcome; `input` is a
/// whole small input a worker reads and runs itself (see `InputFeed`); the others are ready as they are.
enum BatchItem {
    case problem(Reject)
    case started(InputPlan)
    case record(RawRecord, InputPlan)
    case reject(Reject)
    case ignored(String)
    case finished(InputPlan)
    case alreadyDone(ResumeIndex.Entry)
    /// A small input read, decoded and run by a worker; its items come back as `WorkResult.input`.
    /// `file` is the input as the reading thread opened it (nil: the worker opens it).
    case input(InputWalker.Item, identity: (size: Int, modified: Int)?, file: OpenedInput?)
}

/// What the writer hands the sink: an item as it is, or a record's outcome in its place.
enum Delivery {
    case item(BatchItem)
    /// A record's outcome. The record itself stays with the thread that ran it and is freed
    /// there: a worker frees the pages of an input it read itself in its own allocator arena,
    /// while the writer, freeing each, took the lock of another thread's arena.
    case outcome(DocumentOutcome)
}

/// What a worker hands back for an item.
enum WorkResult {
    case outcome(DocumentOutcome)
    /// What the writer delivers of a whole input, in order.
    case input([Delivery])
    /// The input turned out compressed: its size on disk does not bound what it holds, so the
    /// writer opens it again and streams it itself when its turn comes (memory stays bounded by
    /// the window).
    case deferred(InputWalker.Item, identity: (size: Int, modified: Int)?)
}

/// Reads one input and hands on, in order, what the writer must see of it: its start, each
/// record, reject or ignored record, its end. The reading thread, a worker and the single-thread
/// run all read inputs through this, so they hand the writer the same items.
struct InputFeed {
    let options: BatchOptions
    let counter: ByteCounter

    /// Feeds `item` to `emit`, reading it from `opened` (what opening it gave) or opening it.
    /// With `refuseCompressed`, a compressed input is left unread and false returned (nothing emitted).
    @discardableResult
    func read(_ item: InputWalker.Item, identity: (size: Int, modified: Int)?, opened: Result<OpenedInput, Error>? = nil,
              refuseCompressed: Bool = false, _ emit: (BatchItem) throws -> Void) rethrows -> Bool {
        let reader = SourceReader(item: item, format: options.inputFormat, maxBytes: options.maxBytes, counter: counter)
        let openProblem = reader.open(opened)
        if refuseCompressed && reader.compressed { return false }
        let plan = InputPlan(item: item, format: reader.format, outputFormat: options.outputFormat(for: reader.format),
                             identity: identity)
        try emit(.started(plan))
        if let openProblem { try emit(.reject(openProblem)) }
        while let event = reader.next() {
            switch event {
            case .record(let record): try emit(.record(record, plan))
            case .reject(let reject): try emit(.reject(reject))
            case .ignored(let type): try emit(.ignored(type))
            }
        }
        try emit(.finished(plan))
        return true
    }

    /// The input's size and time (for the resume index), from its `status` (`fstat` of it opened,
    /// or `stat`), and whether it is a regular file small enough for a worker to read whole
    /// (`BatchOptions.wholeInputLimit`): the reading thread looks at a page file and hands it
    /// on, and does not read every file of a folder.
    /// A file named as gzip is not: its size on disk does not bound what it holds, so the reading
    /// thread streams it and its records spread over the workers. (A compressed file under
    /// another name is found out by the worker and handed back to the writer.)
    func look(at item: InputWalker.Item, status: stat?) -> (identity: (size: Int, modified: Int)?, small: Bool) {
        guard item.path != "-", let info = status else { return (nil, false) }
        let identity = ResumeIndex.identity(of: info)
        let namedCompressed = item.path.lowercased().hasSuffix(".gz")
        return (identity, (info.st_mode & S_IFMT) == S_IFREG && identity.size <= options.wholeInputLimit && !namedCompressed)
    }

    /// The item for a path that the walker could not use.
    static func problemItem(_ problem: InputWalker.Problem) -> BatchItem {
        let missing = problem.reason == "no such file or folder"
        return .problem(Reject(source: problem.path, reason: missing ? .noSuchFile : .unreadable,
                               detail: missing ? nil : problem.reason))
    }
}
