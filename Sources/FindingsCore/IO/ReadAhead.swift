#if canImport(Glibc)
import Glibc
#endif

/// Reads (and inflates) a `FileSource` on a second thread into a small ring of 1 MiB blocks,
/// so that decompression and system calls overlap with parsing.
///
/// The producer thread owns the source; errors it meets are handed to the consumer after the
/// bytes read before them. The consumer's waits wake every 100 ms to notice stop signals.
final class ReadAhead {
    private static let blockSize = 1 << 20
    private static let depth = 4

    private let blocks: [UnsafeMutableRawBufferPointer]
    private var lengths = [Int](repeating: 0, count: ReadAhead.depth)
    private var filledCount = 0
    private var producerIndex = 0
    private var consumerIndex = 0
    private var consumerOffset = 0
    private var finished = false
    private var cancelled = false
    private var failure: IOError?
    private var source: FileSource?
    private let name: String
    private var mutex = pthread_mutex_t()
    private var dataReady = pthread_cond_t()
    private var spaceReady = pthread_cond_t()

    init(source: FileSource) {
        self.source = source
        name = source.name
        blocks = (0..<ReadAhead.depth).map { _ in .allocate(byteCount: ReadAhead.blockSize, alignment: 64) }
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&dataReady, nil)
        pthread_cond_init(&spaceReady, nil)
        do {
            pthread_detach(try PosixThread.start { self.produce() })
        } catch {
            failure = IOError(file: name, "cannot start the reader thread (error \(error.code))")
            finished = true
        }
    }

    deinit {
        for block in blocks { block.deallocate() }
        pthread_mutex_destroy(&mutex)
        pthread_cond_destroy(&dataReady)
        pthread_cond_destroy(&spaceReady)
    }

    /// Asks the producer to stop at its next block.
    func cancel() {
        pthread_mutex_lock(&mutex)
        cancelled = true
        pthread_cond_signal(&spaceReady)
        pthread_mutex_unlock(&mutex)
    }

    private func produce() {
        guard let source else { return }
        while true {
            pthread_mutex_lock(&mutex)
            while filledCount == ReadAhead.depth && !cancelled { pthread_cond_wait(&spaceReady, &mutex) }
            let stop = cancelled
            let index = producerIndex
            pthread_mutex_unlock(&mutex)
            if stop { break }
            var count = 0
            var error: IOError?
            do { count = try source.read(into: blocks[index]) } catch let thrown { error = thrown }
            pthread_mutex_lock(&mutex)
            if let error {
                failure = error
                finished = true
            } else if count == 0 {
                finished = true
            } else {
                lengths[index] = count
                filledCount += 1
                producerIndex = (index + 1) % ReadAhead.depth
            }
            let done = finished
            pthread_cond_signal(&dataReady)
            pthread_mutex_unlock(&mutex)
            if done { break }
        }
        self.source = nil
    }

    /// Copies the next bytes into `buffer`; 0 at the end of the stream.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(IOError) -> Int {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        while filledCount == 0 && !finished {
            var deadline = timespec()
            clock_gettime(CLOCK_REALTIME, &deadline)
            deadline.tv_nsec += 100_000_000
            if deadline.tv_nsec >= 1_000_000_000 { deadline.tv_sec += 1; deadline.tv_nsec -= 1_000_000_000 }
            pthread_cond_timedwait(&dataReady, &mutex, &deadline)
            if StopSignals.pending != 0 && filledCount == 0 { throw IOError(file: name, "interrupted") }
        }
        if filledCount == 0 {
            if let failure { throw failure }
            return 0
        }
        let available = lengths[consumerIndex] - consumerOffset
        let n = min(available, buffer.count)
        buffer.baseAddress!.copyMemory(from: blocks[consumerIndex].baseAddress! + consumerOffset, byteCount: n)
        consumerOffset += n
        if consumerOffset == lengths[consumerIndex] {
            consumerOffset = 0
            consumerIndex = (consumerIndex + 1) % ReadAhead.depth
            filledCount -= 1
            pthread_cond_signal(&spaceReady)
        }
        return n
    }
}
