#if canImport(Glibc)
import Glibc
#endif

/// A POSIX thread that runs a closure: the I/O threads that overlap reading and writing with
/// parsing (`ReadAhead`, the findings store's writer) start this way.
public enum PosixThread {
    /// `pthread_create` failed with `code`.
    public struct StartError: Error, Sendable {
        public let code: Int32
    }

    /// Starts `body` on a new thread, which keeps it alive until it returns. The caller joins or
    /// detaches the thread it gets.
    public static func start(_ body: @escaping () -> Void) throws(StartError) -> pthread_t {
        let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { context in
            Unmanaged<ThreadBody>.fromOpaque(context!).takeRetainedValue().run()
            return nil
        }, context)
        guard status == 0 else {
            Unmanaged<ThreadBody>.fromOpaque(context).release()
            throw StartError(code: status)
        }
        return thread
    }
}

private final class ThreadBody {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}
