#if canImport(Glibc)
import Glibc
#endif

/// The stage-specific part of a filter over plain lines (not JSON documents): CVSS vectors,
/// CSV rows. Blank lines are skipped before `process` is called.
public protocol LineProcessor {
    /// Handles one line (without its newline); writes output with `context.emit`. Throwing
    /// rejects the line: whatever it emitted is discarded.
    mutating func process(line: UnsafeRawBufferPointer, _ context: inout RecordContext) throws(RecordRejection)
}

extension StreamRunner {
    /// Runs `processor` over every line of every input, with the same reporting, `--strict`,
    /// `--dead-letter`, `--stats`, progress, signal and exit-status handling as `run(_:)`.
    public func runLines<P: LineProcessor>(_ processor: inout P) -> ExitStatus {
        let diagnostics = Diagnostics(tool: spec.name)
        var deadLetters: DeadLetterFile?
        if let path = arguments.value("dead-letter") {
            do { deadLetters = try DeadLetterFile(path: path, tool: spec.name) } catch {
                diagnostics.report(error.description)
                return .usage
            }
        }
        let reporter = RejectionReporter(diagnostics: diagnostics, deadLetters: deadLetters, strict: arguments.flag("strict"))
        var context = RecordContext(file: "-", line: 0, raw: UnsafeRawBufferPointer(start: nil, count: 0),
                                    output: output, statistics: RunStatistics(), reporter: reporter)
        let progressMode: Progress.Mode = arguments.flag("no-progress") ? .never : arguments.flag("progress") ? .always : .whenTerminal
        var progress = Progress(tool: spec.name, mode: progressMode)
        var ioFailed = false
        var stopped = false

        func finishRun(_ status: ExitStatus) -> ExitStatus {
            progress.finish()
            var status = status
            do { try output.flush(); try deadLetters?.flush() } catch is OutputStream.OutputClosed {
                return .success
            } catch {
                diagnostics.report("\(error)")
                status = .ioFailure
            }
            if let failure = reporter.deadLetterFailure {
                diagnostics.report("\(failure)")
                status = .ioFailure
            }
            if arguments.flag("stats") { diagnostics.report("stats: \(context.statistics.line)") }
            return status
        }

        do {
            inputLoop: for path in inputs {
                let reader: LineReader
                do { reader = LineReader(stream: try InputStream(path: path), maxLineLength: maxDocumentLength) } catch {
                    diagnostics.report(error.description)
                    ioFailed = true
                    continue
                }
                context.file = path
                do {
                    while let input = try reader.next() {
                        if StopSignals.pending != 0 { stopped = true; break inputLoop }
                        switch input {
                        case .text(let text, let line):
                            context.statistics.bytes += text.count + 1
                            if Self.isBlank(text) { continue }
                            context.statistics.read += 1
                            context.line = line
                            context.raw = text
                            let mark = output.mark
                            let written = context.statistics.written
                            do {
                                try processor.process(line: text, &context)
                            } catch {
                                output.rollback(to: mark)
                                context.statistics.written = written
                                context.statistics.rejected += 1
                                try reporter.reject(file: path, line: line, reason: error.reason, raw: text, truncated: false)
                            }
                        case .tooLong(let prefix, let line):
                            context.statistics.read += 1
                            context.statistics.rejected += 1
                            try reporter.reject(file: path, line: line, reason: "line longer than \(maxDocumentLength) bytes (--max-line)",
                                                raw: prefix, truncated: true)
                        }
                        try output.endRecord()
                        if context.statistics.read & 4095 == 0 { progress.tick(context.statistics) }
                    }
                } catch let error as IOError {
                    if StopSignals.pending != 0 { stopped = true; break inputLoop }
                    diagnostics.report(error.description)
                    ioFailed = true
                }
            }
        } catch is StrictStop {
            return finishRun(.recordsRejected)
        } catch is OutputStream.OutputClosed {
            return .success
        } catch {
            diagnostics.report("\(error)")
            return finishRun(.ioFailure)
        }
        if stopped {
            _ = finishRun(.success)
            return .interrupted(StopSignals.pending)
        }
        let status: ExitStatus = ioFailed ? .ioFailure : context.statistics.rejected > 0 ? .recordsRejected : .success
        return finishRun(status)
    }

    private static func isBlank(_ text: UnsafeRawBufferPointer) -> Bool {
        text.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}
