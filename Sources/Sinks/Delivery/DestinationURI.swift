/// A destination argument, parsed: `-`, `sqlite:PATH`, `file:TEMPLATE`, `http(s)://…`,
/// `syslog+tcp://HOST:PORT`, `syslog+udp://HOST:PORT`, `postgres:CONNINFO`, `html:PATH`.
public enum DestinationURI: Equatable, Sendable {
    case standardOutput
    case sqlite(path: String)
    case file(template: String)
    case http(url: String)
    case syslog(transport: SyslogTransport, host: String, port: UInt16)
    case postgres(conninfo: String)
    case html(path: String)

    public enum SyslogTransport: String, Sendable { case tcp, udp }

    public init(_ text: String) throws(UsageError) {
        func rest(_ prefix: String) -> String { String(text.dropFirst(prefix.count)) }
        if text == "-" {
            self = .standardOutput
        } else if text.hasPrefix("sqlite:") && text.count > 7 {
            self = .sqlite(path: rest("sqlite:"))
        } else if text.hasPrefix("html:") && text.count > 5 {
            self = .html(path: rest("html:"))
        } else if text.hasPrefix("file:") && text.count > 5 {
            self = .file(template: rest("file:"))
        } else if text.hasPrefix("http://") || text.hasPrefix("https://") {
            self = .http(url: text)
        } else if text.hasPrefix("syslog+tcp://") || text.hasPrefix("syslog+udp://") {
            let transport: SyslogTransport = text.hasPrefix("syslog+tcp://") ? .tcp : .udp
            let address = rest("syslog+tcp://")
            guard let colon = address.lastIndex(of: ":"), let port = UInt16(address[address.index(after: colon)...]), port > 0 else {
                throw UsageError("destination '\(text)' needs HOST:PORT")
            }
            var host = String(address[..<colon])
            if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard !host.isEmpty else { throw UsageError("destination '\(text)' needs a host") }
            self = .syslog(transport: transport, host: host, port: port)
        } else if text.hasPrefix("postgres:") || text.hasPrefix("postgresql:") {
            self = .postgres(conninfo: text.hasPrefix("postgres:") && !text.hasPrefix("postgres://") ? rest("postgres:") : text)
        } else {
            throw UsageError("unknown destination '\(text)'; use -, sqlite:PATH, file:TEMPLATE, http(s)://URL, syslog+tcp://HOST:PORT, syslog+udp://HOST:PORT, postgres:CONNINFO or html:PATH")
        }
    }

    /// The destination for messages, with any password in a URL or conninfo hidden.
    public var label: String {
        switch self {
        case .standardOutput: return "-"
        case .sqlite(let path): return "sqlite:\(path)"
        case .html(let path): return "html:\(path)"
        case .file(let template): return "file:\(template)"
        case .http(let url): return DestinationURI.hidingUserInfo(url)
        case .syslog(let transport, let host, let port): return "syslog+\(transport.rawValue)://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        case .postgres(let conninfo):
            return "postgres:" + (conninfo.contains("://") ? DestinationURI.hidingUserInfo(conninfo)
                                  : conninfo.split(separator: " ").map { $0.hasPrefix("password=") ? "password=***" : String($0) }.joined(separator: " "))
        }
    }

    static func hidingUserInfo(_ url: String) -> String {
        let parts = url.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0].hasSuffix(":"), parts[1].isEmpty, let at = parts[2].lastIndex(of: "@") else { return url }
        let rest = parts.count > 3 ? "/" + parts[3] : ""
        return "\(parts[0])//***@\(parts[2][parts[2].index(after: at)...])\(rest)"
    }
}

import FindingsCore
