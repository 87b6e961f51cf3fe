#if canImport(Glibc)
import Glibc
#endif

/// Entry point shared by the executables: parses arguments, answers `--help` and `--version`,
/// turns usage and configuration errors into exit status 2, then runs the tool.
public enum ToolMain {
    /// Runs `body` with the parsed arguments and exits with the status it returns.
    public static func run(_ spec: ToolSpec, _ body: (ParsedArguments) throws -> ExitStatus) -> Never {
        StopSignals.install()
        let diagnostics = Diagnostics(tool: spec.name)
        let status: ExitStatus
        do {
            let arguments = try ParsedArguments(Array(CommandLine.arguments.dropFirst()), spec: spec)
            if arguments.flag("help") {
                writeStdout(spec.helpText)
                exit(0)
            }
            if arguments.flag("version") {
                writeStdout("\(spec.name) (security-tooling) \(ToolSpec.suiteVersion)\n")
                exit(0)
            }
            status = try body(arguments)
        } catch let error as UsageError {
            diagnostics.report("\(error.message); see '\(spec.name) --help'")
            status = .usage
        } catch let error as ConfigurationError {
            diagnostics.report(error.message)
            status = .usage
        } catch {
            diagnostics.report("\(error)")
            status = .ioFailure
        }
        exit(status.code)
    }

    static func writeStdout(_ text: String) {
        let out = OutputStream()
        out.buffer.append(contentsOf: text)
        try? out.flush()
    }
}
