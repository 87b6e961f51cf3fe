import XCTest
import Foundation

/// Findings and helpers shared by the `remediate` end-to-end tests.
enum RemediateFindings {
    static func control(_ control: String, type: String, id: String, status: String = "FAILED", workflow: String = "NEW",
                        region: String = "us-east-1", findingId: String? = nil) -> String {
        let fid = findingId ?? "arn:aws:securityhub:\(region):123456789012:security-control/\(control)/finding/\(abs(id.hashValue))"
        return #"{"SchemaVersion":"2018-10-08","Id":"\#(fid)","ProductArn":"arn:aws:securityhub:\#(region)::product/aws/securityhub","GeneratorId":"security-control/\#(control)","AwsAccountId":"123456789012","Types":["Software and Configuration Checks/Industry and Regulatory Standards"],"CreatedAt":"2026-01-01T00:00:00.000Z","UpdatedAt":"2026-01-02T00:00:00.000Z","Severity":{"Label":"HIGH","Original":"HIGH"},"Title":"\#(control) finding","Description":"control finding","Region":"\#(region)","Resources":[{"Type":"\#(type)","Id":"\#(jsonEscaped(id))","Partition":"aws","Region":"\#(region)"}],"Compliance":{"Status":"\#(status)","SecurityControlId":"\#(control)"},"Workflow":{"Status":"\#(workflow)"},"RecordState":"ACTIVE"}"#
    }

    static func credentialExfiltration(user: String, accessKeyId: String) -> String {
        #"{"SchemaVersion":"2018-10-08","Id":"arn:aws:guardduty:us-east-1:123456789012:detector/d1/finding/\#(accessKeyId)","ProductArn":"arn:aws:securityhub:us-east-1::product/aws/guardduty","GeneratorId":"arn:aws:guardduty:us-east-1:123456789012:detector/d1","AwsAccountId":"123456789012","Types":["TTPs/Unusual Behaviors/UnauthorizedAccess:IAMUser-InstanceCredentialExfiltration.OutsideAWS"],"CreatedAt":"2026-01-01T00:00:00.000Z","UpdatedAt":"2026-01-01T00:00:00.000Z","Severity":{"Label":"HIGH","Normalized":80},"Title":"Credentials used outside AWS","Description":"exfiltration","Region":"us-east-1","Resources":[{"Type":"AwsIamAccessKey","Id":"\#(accessKeyId)","Details":{"AwsIamAccessKey":{"PrincipalName":"\#(user)","AccessKeyId":"\#(accessKeyId)","PrincipalType":"IAMUser"}}}],"RecordState":"ACTIVE","Workflow":{"Status":"NEW"}}"#
    }

    static func jsonEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }

    static func object(_ line: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
    }

    static func workflow(_ line: String) throws -> String? {
        (try object(line)["Workflow"] as? [String: Any])?["Status"] as? String
    }

    static func note(_ line: String) throws -> String {
        (try object(line)["Note"] as? [String: Any])?["Text"] as? String ?? ""
    }
}

/// A stand-in for the AWS CLI: a shell script that answers `sts get-caller-identity` with
/// account 123456789012, logs the arguments of every other call, and behaves as the test asks
/// (succeed, fail, hang, throttle once).
struct FakeAWSCLI {
    let directory: String
    var path: String { directory + "/aws" }
    var log: String { directory + "/calls.log" }

    init(in directory: String, behaviour: String = "exit 0") throws {
        self.directory = directory
        let script = """
        #!/bin/sh
        if [ "$1" = sts ]; then echo 123456789012; exit 0; fi
        printf '%s\\n' "$*" >> '\(directory)/calls.log'
        \(behaviour)
        """
        try script.write(toFile: directory + "/aws", atomically: true, encoding: .utf8)
        chmod(directory + "/aws", 0o755)
    }

    var calls: [String] {
        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }
}

/// `moto_server` on a free 127.0.0.1 port, stopped when the test ends.
final class MotoServer {
    let process = Process()
    let port: Int
    var endpoint: String { "http://127.0.0.1:\(port)" }
    let environment: [String: String]

    init(home: String) throws {
        port = try MotoServer.freePort()
        var environment = ProcessInfo.processInfo.environment
        environment["AWS_ACCESS_KEY_ID"] = "testing"
        environment["AWS_SECRET_ACCESS_KEY"] = "testing"
        environment["AWS_DEFAULT_REGION"] = "us-east-1"
        environment["AWS_CONFIG_FILE"] = home + "/config"
        environment["AWS_SHARED_CREDENTIALS_FILE"] = home + "/credentials"
        environment["AWS_PAGER"] = ""
        environment.removeValue(forKey: "AWS_PROFILE")
        self.environment = environment
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["moto_server", "-H", "127.0.0.1", "-p", String(port)]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while !MotoServer.accepts(port) {
            guard Date() < deadline, process.isRunning else { throw XCTSkip("moto_server did not start") }
            usleep(100_000)
        }
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }

    /// Runs `aws ARGS --endpoint-url ... --output json` and returns its JSON output.
    @discardableResult
    func aws(_ arguments: [String]) throws -> Any? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["aws"] + arguments + ["--endpoint-url", endpoint, "--output", "json"]
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "aws", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: "aws \(arguments.joined(separator: " ")): \(String(decoding: complaint, as: UTF8.self))"])
        }
        return data.isEmpty ? nil : try JSONSerialization.jsonObject(with: data)
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw NSError(domain: "port", code: 1) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
