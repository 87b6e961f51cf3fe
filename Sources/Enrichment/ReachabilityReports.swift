import FindingsCore

/// What Amazon Inspector network-reachability findings report about resources (rule X4 of
/// `FindingExposure`): read from `--reachability` files before the run, and from the findings of
/// the run as they pass. Resources are kept by full id and by their part after the last `/`.
public struct ReachabilityReports {
    private var resources = ByteStringMap<Reachability>()

    public init() {}

    public var count: Int { resources.count }

    /// Records `finding` if it is a network-reachability finding; returns what it reports.
    @discardableResult
    mutating func record(_ finding: JSONNode) -> Reachability? {
        guard let reported = FindingExposure.networkReachability(of: finding) else { return nil }
        guard let list = finding.get("Resources"), list.kind == .array else { return reported }
        for resource in list.elements {
            resource.get("Id")?.withStringBytes { id in
                for key in [id, Self.bare(id)] where !key.isEmpty {
                    resources.update(key, default: .unknown) { $0 = $0.widened(to: reported) }
                }
            }
        }
        return reported
    }

    /// The reachability reported for a resource id (whole, then its bare part).
    func reported(for id: UnsafeRawBufferPointer) -> Reachability? {
        resources[id] ?? resources[Self.bare(id)]
    }

    /// Reads every network-reachability finding of a findings file (NDJSON, arrays, gzip or not).
    /// Other documents are passed over; a document that does not parse is an error.
    public mutating func load(_ path: String) throws(ConfigurationError) {
        let tape = JSONTape()
        defer { withExtendedLifetime(tape) {} }
        let reader: DocumentReader
        do { reader = DocumentReader(stream: try InputStream(path: path), tape: tape) } catch {
            throw ConfigurationError(file: path, error.message)
        }
        while true {
            let next: InputRecord?
            do { next = try reader.next() } catch { throw ConfigurationError(file: path, error.message) }
            guard let next else { return }
            switch next {
            case .document(let document, _): record(document.root)
            case .invalid(let reason, let line, _, _): throw ConfigurationError(file: path, line: line, reason)
            case .line, .text: break  // only readers asked for raw or text lines return these
            }
        }
    }

    private static func bare(_ id: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        guard let slash = id.lastIndex(of: UInt8(ascii: "/")) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(rebasing: id[(slash + 1)...])
    }
}
