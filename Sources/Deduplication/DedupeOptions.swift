import FindingsCore

/// The options of `dedupe`, parsed and checked against each other.
struct DedupeOptions {
    var identity = IdentityKey.securityHub
    var volatile = VolatileFields()
    var emit = EmitMode.changes
    var statePath: String?
    var wait = true
    var commitEvery = 262_144
    var learn = false
    var compact = false
    var export = false
    var retention = RetentionPolicy()
    var clock = Clock.system
    var partitionCount: Int?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        if let text = arguments.value("key") { identity = try IdentityKey(parsing: text) }
        volatile = try VolatileFields(parsing: arguments.values("volatile"))
        if let text = arguments.value("emit") {
            guard let mode = EmitMode(rawValue: text) else {
                throw UsageError("unknown --emit mode '\(text)'; modes: \(EmitMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            emit = mode
        }
        statePath = arguments.value("state")
        wait = !arguments.flag("no-wait")
        commitEvery = try arguments.positiveInteger("commit-every") ?? commitEvery
        learn = arguments.flag("learn")
        compact = arguments.flag("compact")
        export = arguments.flag("export")
        if let text = arguments.value("window") { retention.window = try ParsedDuration(parsing: text).milliseconds }
        retention.maxKeys = try arguments.positiveInteger("max-keys")
        if let text = arguments.value("now") {
            guard let instant = Timestamp(text) else { throw UsageError("--now '\(text)' is not an ISO 8601 time such as 2024-05-01T00:00:00Z") }
            clock = Clock(fixed: instant)
        }
        partitionCount = try arguments.positiveInteger("partition-of")

        let modes = [learn ? "--learn" : nil, compact ? "--compact" : nil, export ? "--export" : nil,
                     partitionCount != nil ? "--partition-of" : nil].compactMap { $0 }
        if modes.count > 1 { throw UsageError("\(modes.joined(separator: " and ")) cannot be combined") }
        if statePath == nil, let mode = modes.first, mode != "--partition-of" { throw UsageError("\(mode) needs --state PATH") }
        if partitionCount != nil, statePath != nil { throw UsageError("--partition-of does not use --state") }
        if (compact || export), !arguments.operands.isEmpty { throw UsageError("\(modes[0]) reads no input files") }
        if !wait, statePath == nil { throw UsageError("--no-wait needs --state PATH") }
        if arguments.value("commit-every") != nil, statePath == nil { throw UsageError("--commit-every needs --state PATH") }
    }
}
