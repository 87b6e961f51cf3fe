#if canImport(Glibc)
import Glibc
#endif
import FindingsCore

/// The `dedupe --state` modes: filter, `--learn`, `--compact`, `--export`.
enum StateCommands {
    static func run(_ options: DedupeOptions, statePath: String, runner: StreamRunner) throws -> ExitStatus {
        if options.compact || options.export, access(statePath, F_OK) != 0 {
            throw UsageError("no state file at '\(statePath)' for \(options.compact ? "--compact" : "--export")")
        }
        let store = try SQLiteIdentityStore(path: statePath, identity: options.identity, retention: options.retention,
                                            wait: options.wait, batchSize: options.commitEvery)
        if options.compact {
            try store.forget(now: options.clock.now())
            try store.compact()
            if runner.arguments.flag("stats") {
                Diagnostics(tool: "dedupe").report("stats: expired=\(store.expiredCount) evicted=\(store.evictedCount)")
            }
            return .success
        }
        if options.export {
            try StateExport.write(store, to: runner.output)
            return .success
        }
        runner.output.afterFlush = { try store.commitIfDue() }
        let fingerprint = ContentFingerprint(volatile: options.volatile)
        if options.learn {
            var learner = Learner(store: store, identity: options.identity, fingerprint: fingerprint, clock: options.clock)
            return runner.run(&learner)
        }
        var deduplicator = Deduplicator(store: store, identity: options.identity, fingerprint: fingerprint, emit: options.emit,
                                        retention: options.retention, clock: options.clock)
        return runner.run(&deduplicator)
    }
}
