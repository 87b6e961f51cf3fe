#if canImport(Glibc)
import Glibc
#endif
import FindingsCore

/// Writes the findings store on a thread of its own, so that SQLite's work on a batch overlaps
/// with the parsing of the findings that follow in it. Rows travel to the thread in order, in a
/// small ring of `StoreRowChunk`s (bounded memory); `finish` ends the batch and waits until the
/// thread has committed or rolled it back, so a batch is still acknowledged only after its COMMIT.
///
/// The thread runs the upserts: each finding is looked up by its key hash and the identity
/// strings, then inserted, or written over the stored version when its `UpdatedAt` is strictly
/// later, all inside the batch's `BEGIN IMMEDIATE` transaction. The connection is used only by
/// the thread, from `init` (which hands it over) to `stop`.
final class SQLiteStoreWriter {
    enum Ending { case commit, rollback }

    private static let ringSize = 4

    private let database: SQLiteDatabase
    private let keyHash: SQLiteStore.KeyHash
    private let lookup: SQLiteStatement
    private let insert: SQLiteStatement
    private let update: SQLiteStatement
    private let begin: SQLiteStatement
    private let commit: SQLiteStatement
    private let rollback: SQLiteStatement
    private var row = StoreRow()
    /// The chunk being filled by the calling thread.
    private var current = StoreRowChunk()

    // Shared between the threads, under `mutex`.
    private var mutex = pthread_mutex_t()
    private var workReady = pthread_cond_t()
    private var progress = pthread_cond_t()
    private var free: [StoreRowChunk] = []
    private var queued: [StoreRowChunk] = []
    private var stopping = false
    private var endedBatches = 0
    private var batchFailure: SQLiteError?

    // The writer thread's own state.
    private var thread = pthread_t()
    private var running = false
    private var inTransaction = false
    private var failure: SQLiteError?

    // The calling thread's count of batches it ended.
    private var submittedEndings = 0

    init(database: SQLiteDatabase, keyHash: @escaping SQLiteStore.KeyHash) throws(SQLiteError) {
        self.database = database
        self.keyHash = keyHash
        lookup = try database.prepare(SQLiteStoreSchema.lookup)
        insert = try database.prepare(SQLiteStoreSchema.insert)
        update = try database.prepare(SQLiteStoreSchema.update)
        begin = try database.prepare("BEGIN IMMEDIATE")
        commit = try database.prepare("COMMIT")
        rollback = try database.prepare("ROLLBACK")
        free = (1..<SQLiteStoreWriter.ringSize).map { _ in StoreRowChunk() }
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&workReady, nil)
        pthread_cond_init(&progress, nil)
        do {
            thread = try PosixThread.start { self.run() }
        } catch {
            throw SQLiteError(path: database.path, code: 0, message: "cannot start the writer thread (error \(error.code))")
        }
        running = true
    }

    deinit {
        pthread_mutex_destroy(&mutex)
        pthread_cond_destroy(&workReady)
        pthread_cond_destroy(&progress)
    }

    // MARK: The calling thread

    /// Adds a finding to the batch in progress; returns the bytes of its column text.
    func append(_ finding: JSONNode) -> Int {
        let start = current.bytes.count
        row.load(finding, appendingTextTo: current.bytes)
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        current.keyHashes.append(keyHash(row.values[StoreRow.productArn].text(in: current.bytes) ?? empty,
                                         row.values[StoreRow.id].text(in: current.bytes) ?? empty))
        current.values.append(contentsOf: row.values)
        let bytes = current.bytes.count - start
        if current.isFull { hand(current) }
        return bytes
    }

    /// Ends the batch in progress (commits or rolls it back) and waits until the thread has.
    func finish(_ ending: Ending) throws(SQLiteError) {
        current.ending = ending
        hand(current)
        submittedEndings += 1
        pthread_mutex_lock(&mutex)
        while endedBatches < submittedEndings { pthread_cond_wait(&progress, &mutex) }
        let failure = batchFailure
        batchFailure = nil
        pthread_mutex_unlock(&mutex)
        if let failure { throw failure }
    }

    /// Lets the thread write what it was given, then ends it. The connection is the caller's again.
    func stop() {
        guard running else { return }
        pthread_mutex_lock(&mutex)
        stopping = true
        pthread_cond_signal(&workReady)
        pthread_mutex_unlock(&mutex)
        pthread_join(thread, nil)
        running = false
    }

    /// Queues `chunk` for the thread and takes a free one to fill next (waiting for one if needed).
    private func hand(_ chunk: StoreRowChunk) {
        pthread_mutex_lock(&mutex)
        queued.append(chunk)
        pthread_cond_signal(&workReady)
        while free.isEmpty { pthread_cond_wait(&progress, &mutex) }
        current = free.removeLast()
        pthread_mutex_unlock(&mutex)
    }

    // MARK: The writer thread

    private func run() {
        // Stop signals are for the main thread's read loop.
        var signals = sigset_t()
        sigfillset(&signals)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        while let chunk = next() {
            write(chunk)
            pthread_mutex_lock(&mutex)
            if chunk.ending != nil {
                endedBatches += 1
                batchFailure = failure
                failure = nil
            }
            chunk.removeAll()
            free.append(chunk)
            pthread_cond_broadcast(&progress)
            pthread_mutex_unlock(&mutex)
        }
    }

    /// The next queued chunk; nil once stopping with nothing left.
    private func next() -> StoreRowChunk? {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        while queued.isEmpty && !stopping { pthread_cond_wait(&workReady, &mutex) }
        return queued.isEmpty ? nil : queued.removeFirst()
    }

    /// Upserts the chunk's rows; at the end of a batch, commits it (or rolls it back). After a
    /// failure the rest of the batch is skipped and the batch rolled back.
    private func write(_ chunk: StoreRowChunk) {
        let columns = StoreRow.columns.count
        for index in chunk.keyHashes.indices where failure == nil {
            do throws(SQLiteError) {
                if !inTransaction {
                    try begin.run()
                    inTransaction = true
                }
                try upsert(chunk.values[index * columns ..< (index + 1) * columns], keyHash: chunk.keyHashes[index], text: chunk.bytes)
            } catch {
                failure = error
            }
        }
        guard let ending = chunk.ending, inTransaction else { return }
        if ending == .commit && failure == nil {
            do throws(SQLiteError) { try commit.run() } catch { failure = error }
        }
        if ending == .rollback || failure != nil { try? rollback.run() }
        inTransaction = false
    }

    private func upsert(_ values: ArraySlice<StoreRow.Value>, keyHash: Int64, text: ByteBuffer) throws(SQLiteError) {
        let first = values.startIndex
        lookup.bind(1, keyHash)
        lookup.bind(2, text: values[first + StoreRow.productArn].text(in: text))
        lookup.bind(3, text: values[first + StoreRow.id].text(in: text))
        let found: Bool
        do throws(SQLiteError) { found = try lookup.step() } catch { lookup.reset(); throw error }
        let stored = found ? (rowid: lookup.int64(0), updatedAtNs: lookup.int64(1)) : nil
        lookup.reset()
        let write: SQLiteStatement
        if let stored {
            guard let updatedAtNs = values[first + StoreRow.updatedAtNs].integer, updatedAtNs > stored.updatedAtNs else { return }
            write = update
            write.bind(24, stored.rowid)
        } else {
            write = insert
        }
        for (offset, value) in values.enumerated() {
            let parameter = Int32(offset + 1)
            switch value {
            case .text: write.bind(parameter, text: value.text(in: text))
            case .integer(let number): write.bind(parameter, number)
            case .null: write.bind(parameter, text: nil)
            }
        }
        write.bind(23, keyHash)
        try write.run()
    }
}

/// Rows of a batch on their way to the writer thread: their text in one buffer, their values
/// (`StoreRow.columns.count` per row, text as ranges of `bytes`) and key hashes in arrays.
final class StoreRowChunk {
    /// Text bytes after which a chunk is handed over.
    static let capacity = 1 << 20

    let bytes = ByteBuffer(capacity: StoreRowChunk.capacity + 64 * 1024)
    var values: [StoreRow.Value] = []
    var keyHashes: [Int64] = []
    /// Set on the last chunk of a batch.
    var ending: SQLiteStoreWriter.Ending?

    var isFull: Bool { bytes.count >= StoreRowChunk.capacity }

    func removeAll() {
        bytes.removeAll()
        values.removeAll(keepingCapacity: true)
        keyHashes.removeAll(keepingCapacity: true)
        ending = nil
    }
}
