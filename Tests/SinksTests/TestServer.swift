import XCTest
import FindingsCore
@testable import Sinks

/// A helper process started by a test (a server on 127.0.0.1); the first line it prints is
/// read back (the port). Killed when the test ends.
final class TestProcess {
    let pid: pid_t
    let firstLine: String

    init(_ arguments: [String]) throws {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw DeliveryError("pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        var pid = pid_t()
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) }; posix_spawn_file_actions_destroy(&actions) }
        guard posix_spawnp(&pid, arguments[0], &actions, nil, argv, environ) == 0 else { throw DeliveryError("cannot start \(arguments[0])") }
        close(pipeEnds[1])
        self.pid = pid
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while read(pipeEnds[0], &byte, 1) == 1 && byte != 0x0A { line.append(byte) }
        close(pipeEnds[0])
        firstLine = String(decoding: line, as: UTF8.self)
    }

    func kill() {
        _ = Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    deinit { kill() }
}

/// The python3 HTTP receiver in Fixtures/http_server.py with a plan of answers.
final class TestHTTPServer {
    let process: TestProcess
    let port: Int
    let recordDirectory: String

    init(plan: String = "[]", directory: String) throws {
        mkdir(directory, 0o755)
        recordDirectory = directory + "/requests"
        mkdir(recordDirectory, 0o755)
        let planPath = directory + "/plan.json"
        try AtomicFile.write(Array(plan.utf8), to: planPath)
        let script = Bundle.module.url(forResource: "Fixtures/http_server.py", withExtension: nil)!.path
        process = try TestProcess(["python3", script, "--plan", planPath, "--record", recordDirectory])
        guard let port = Int(process.firstLine) else { throw DeliveryError("server did not start: \(process.firstLine)") }
        self.port = port
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Accepted requests in order: (path, headers, body, accepted item positions).
    func requests() throws -> [(path: String, headers: JSONValue, body: String, accepted: [Int])] {
        try files(recordDirectory).filter { $0.hasSuffix(".json") }.map { name in
            let value = try TestDocument(try String(contentsOfFile: recordDirectory + "/" + name, encoding: .utf8)).value
            return (value["path"]!.stringValue!, value["headers"]!, value["body"]!.stringValue!,
                    value["accepted"]!.arrayValue!.map { Int($0.number!)! })
        }
    }

    func invalidBodies() throws -> [String] {
        try files(recordDirectory).filter { $0.hasPrefix("invalid") }.map { try String(contentsOfFile: recordDirectory + "/" + $0, encoding: .utf8) }
    }
}

/// Names in a directory, sorted.
func files(_ directory: String) throws -> [String] {
    guard let handle = opendir(directory) else { throw DeliveryError("cannot read \(directory)") }
    defer { closedir(handle) }
    var names: [String] = []
    while let entry = readdir(handle) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
}

/// A fresh directory under /tmp.
func temporaryDirectory(_ prefix: String) -> String {
    var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
    return String(cString: mkdtemp(&template))
}
