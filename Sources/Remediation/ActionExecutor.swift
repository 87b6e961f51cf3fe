#if canImport(Glibc)
import Glibc
#endif
import FindingsCore

/// Runs commands as argv arrays with a concurrency limit, a per-account rate limit, a
/// timeout per attempt, and retries with exponential backoff when AWS throttles.
struct ActionExecutor {
    /// One command to run.
    struct Job {
        let argv: [String]
        let account: String
    }

    /// How one command ended.
    struct Result: Equatable {
        var termination: ChildProcess.Termination?
        var timedOut = false
        /// Why it could not start, or was not started.
        var failureToStart: String?
        var stderr = ""
        /// The end of the command's output (an SSM automation execution id, for instance).
        var stdout = ""
        var attempts = 0
        var started = ""
        var finished = ""

        var succeeded: Bool { termination == .exited(0) && !timedOut && failureToStart == nil }

        /// `exit 0`, `exit 254: An error occurred (...)`, `timed out after 300 s`.
        func summary(timeout: Double) -> String {
            if let failureToStart { return failureToStart }
            if timedOut { return "timed out after \(Int(timeout)) s" }
            let message = ActionExecutor.lastLine(stderr)
            switch termination {
            case .exited(let code)?: return "exit \(code)" + (message.isEmpty ? "" : ": \(message)")
            case .signaled(let signal)?: return "killed by signal \(signal)" + (message.isEmpty ? "" : ": \(message)")
            case nil: return "did not finish"
            }
        }
    }

    /// Error texts by which the AWS CLI reports throttling.
    static let throttlingMarkers = ["Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException",
                                    "Rate exceeded", "SlowDown", "RequestThrottled", "ProvisionedThroughputExceeded"]

    let settings: ExecutorSettings
    /// Program names the commands may start (`argv[0]`), with the executable each resolves to.
    let programs: [String: String]

    /// Runs `jobs`, calling `finished` once per job (in completion order). Once `halt` returns
    /// a reason (or a stop signal arrives), no further job starts; those left are finished with
    /// that reason.
    func run(_ jobs: [Job], halt: () -> String?, finished: (Int, Result) -> Void) {
        var queue: [(job: Int, attempt: Int, notBefore: Double)] = jobs.indices.map { ($0, 1, 0) }
        var running: [(job: Int, attempt: Int, child: ChildProcess, deadline: Double, started: String)] = []
        var limiter = RateLimiter(perSecond: settings.ratePerAccount)
        var attempts = [Int](repeating: 0, count: jobs.count)
        var random = SystemRandomNumberGenerator()

        while !queue.isEmpty || !running.isEmpty {
            if let reason = StopSignals.pending != 0 ? "interrupted by a signal" : halt(), !queue.isEmpty {
                for item in queue { finished(item.job, Result(failureToStart: "not started: \(reason)", attempts: attempts[item.job])) }
                queue.removeAll()
            }
            var now = Clock.monotonic()
            var index = 0
            while running.count < settings.concurrency && index < queue.count {
                let item = queue[index]
                let job = jobs[item.job]
                guard item.notBefore <= now, limiter.take(job.account, now: now) else { index += 1; continue }
                queue.remove(at: index)
                attempts[item.job] = item.attempt
                let started = Clock.isoNow()
                guard let program = job.argv.first, let path = programs[program] else {
                    finished(item.job, Result(failureToStart: "program '\(job.argv.first ?? "")' is not on the allow-list", attempts: item.attempt, started: started, finished: started))
                    continue
                }
                do {
                    let child = try ChildProcess(path: path, argv: job.argv)
                    running.append((item.job, item.attempt, child, now + settings.timeout, started))
                } catch {
                    finished(item.job, Result(failureToStart: error.description, attempts: item.attempt, started: started, finished: Clock.isoNow()))
                }
            }

            var wait = 0.1
            for entry in running { wait = min(wait, max(0, entry.deadline - now)) }
            for item in queue {
                wait = min(wait, max(item.notBefore - now, limiter.wait(for: jobs[item.job].account, now: now)))
            }
            var fds: [pollfd] = []
            for entry in running { for fd in entry.child.outputFDs where fd >= 0 { fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0)) } }
            let milliseconds = Int32(max(1, min(100, (wait * 1000).rounded(.up))))
            _ = fds.withUnsafeMutableBufferPointer { Glibc.poll($0.baseAddress, nfds_t($0.count), milliseconds) }

            now = Clock.monotonic()
            var position = 0
            while position < running.count {
                let entry = running[position]
                entry.child.drain()
                if let termination = entry.child.poll() {
                    entry.child.drain()
                    entry.child.closePipes()
                    running.remove(at: position)
                    let timedOut = now > entry.deadline && termination == .signaled(SIGKILL)
                    let result = Result(termination: termination, timedOut: timedOut,
                                        stderr: String(decoding: entry.child.stderrTail, as: UTF8.self),
                                        stdout: String(decoding: entry.child.stdoutTail, as: UTF8.self),
                                        attempts: entry.attempt, started: entry.started, finished: Clock.isoNow())
                    if !result.succeeded, !timedOut, entry.attempt <= settings.retries, ActionExecutor.isThrottled(result.stderr) {
                        let delay = settings.backoff * Double(1 << min(entry.attempt - 1, 16)) * (1 + Double.random(in: 0..<0.25, using: &random))
                        queue.append((entry.job, entry.attempt + 1, now + delay))
                    } else {
                        finished(entry.job, result)
                    }
                    continue
                }
                if now > entry.deadline { entry.child.kill() }
                position += 1
            }
        }
    }

    static func isThrottled(_ stderr: String) -> Bool {
        throttlingMarkers.contains { stderr.contains($0) }
    }

    /// The last non-empty line of a command's error output.
    static func lastLine(_ text: String) -> String {
        let line = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).last { !$0.allSatisfy { $0 == " " } }
        return line.map(String.init) ?? ""
    }
}
