#if canImport(Glibc)
import Glibc
#endif

/// The read-transform-write loop every record tool shares.
public struct StreamRunner {
    public let spec: ToolSpec
    public let arguments: ParsedArguments
    /// Inputs to read, in order (`-` is standard input).
    public let inputs: [String]
    public let limits: JSONLimits
    public let maxDocumentLength: Int
    /// Whether top-level JSON arrays are streamed element by element.
    public var splitArrays: Bool = true
    /// Whether lines that open no JSON object or array go to `RecordProcessor.processText`
    /// instead of being reported as invalid JSON.
    public var textLines: Bool = false
    public let output: OutputStream

    /// `inputs` overrides the operands as the files to read, for tools whose operands are
    /// not input files (an empty list reads stdin).
    public init(spec: ToolSpec, arguments: ParsedArguments, inputs: [String]? = nil,
                output: OutputStream = OutputStream()) throws(UsageError) {
        self.spec = spec
        self.arguments = arguments
        let files = inputs ?? arguments.operands
        self.inputs = files.isEmpty ? ["-"] : files
        limits = JSONLimits(maxDepth: try arguments.positiveInteger("max-depth") ?? 128,
                            maxStringLength: try arguments.positiveInteger("max-string") ?? 8 << 20)
        maxDocumentLength = try arguments.positiveInteger("max-line") ?? 16 << 20
        self.output = output
    }

    /// Runs `processor` over every input and returns the exit status.
    public func run<P: RecordProcessor>(_ processor: inout P) -> ExitStatus {
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
        let tape = JSONTape(limits: limits)
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
            let statistics = context.statistics
            if statistics.skippedTotal > 0 {
                let kinds = statistics.skipped.map { "\($0.kind) \($0.count)" }.joined(separator: ", ")
                diagnostics.report("skipped \(statistics.skippedTotal) document(s) that are not findings: \(kinds)")
            }
            if arguments.flag("stats") { diagnostics.report("stats: \(statistics.line)") }
            return status
        }

        /// Runs one record's processing; a rejection discards what it wrote and is reported.
        /// A fatal rejection (the output failed for good) is rethrown to end the run.
        func handle(line: Int, raw: UnsafeRawBufferPointer, size: Int,
                    _ body: (inout RecordContext) throws(RecordRejection) -> Void) throws {
            context.line = line
            context.raw = raw
            context.statistics.bytes += size
            let mark = output.mark
            let written = context.statistics.written
            do {
                try body(&context)
            } catch where error.isFatal {
                throw FatalRejection(line: line, rejection: error)
            } catch {
                output.rollback(to: mark)
                context.statistics.written = written
                if context.stoppedByStrict { throw StrictStop() }
                context.statistics.rejected += 1
                try reporter.reject(file: context.file, line: line, reason: error.reason, raw: raw, truncated: false)
            }
        }

        do {
            inputLoop: for path in inputs {
                let stream: InputStream
                do { stream = try InputStream(path: path) } catch {
                    diagnostics.report(error.description)
                    ioFailed = true
                    continue
                }
                context.file = path
                let reader = DocumentReader(stream: stream, tape: tape, maxDocumentLength: maxDocumentLength,
                                            splitArrays: splitArrays, textLines: textLines)
                reader.rawLines = P.readsRawLines
                do {
                    while let record = try reader.next() {
                        context.statistics.read += 1
                        switch record {
                        case .document(let document, let line):
                            try handle(line: line, raw: document.text, size: document.end) { (context) throws(RecordRejection) in
                                try processor.process(document, &context)
                            }
                        case .line(let text, let line):
                            try handle(line: line, raw: text, size: text.count) { (context) throws(RecordRejection) in
                                try processor.process(line: text, &context)
                            }
                        case .text(let text, let line):
                            try handle(line: line, raw: text, size: text.count + 1) { (context) throws(RecordRejection) in
                                try processor.processText(text, &context)
                            }
                        case .invalid(let reason, let line, let raw, let truncated):
                            context.statistics.rejected += 1
                            context.statistics.bytes += raw.count
                            try reporter.reject(file: path, line: line, reason: reason, raw: raw, truncated: truncated)
                        }
                        try output.endRecord()
                        if context.statistics.read & 4095 == 0 { progress.tick(context.statistics) }
                        // Checked after the record: one that was read is never dropped unprocessed.
                        if StopSignals.pending != 0 { stopped = true; break inputLoop }
                    }
                } catch let error as IOError {
                    if StopSignals.pending != 0 { stopped = true; break inputLoop }
                    diagnostics.report(error.description)
                    ioFailed = true
                }
            }
            if stopped { try processor.interrupted(&context) } else { try processor.finish(&context) }
        } catch is StrictStop {
            return finishRun(.recordsRejected)
        } catch let fatal as FatalRejection {
            diagnostics.report(file: context.file, line: fatal.line, fatal.rejection.reason)
            return finishRun(.ioFailure)
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
}

/// A record whose processing failed in a way that ends the run (exit 3).
private struct FatalRejection: Error {
    let line: Int
    let rejection: RecordRejection
}
