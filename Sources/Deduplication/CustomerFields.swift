import FindingsCore

/// The fields a Security Hub customer owns and a provider update may not change:
/// `Workflow`, `Note`, `UserDefinedFields`, `VerificationState`, as last seen downstream.
///
/// A snapshot replaces all four on a later provider version: a field the snapshot has is
/// set, a field it lacks is removed.
public struct CustomerFields: Equatable, Sendable {
    /// The owned fields, in this order.
    public static let names = ["Workflow", "Note", "UserDefinedFields", "VerificationState"]

    /// The snapshot: only the owned fields the finding had.
    public private(set) var fields: JSONObject

    public init(fields: JSONObject) {
        var kept = JSONObject()
        for name in Self.names { if let value = fields[name] { kept[name] = value } }
        self.fields = kept
    }

    /// The owned fields of `finding`.
    public init(of finding: JSONNode) {
        var kept = JSONObject()
        for name in Self.names { if let value = finding[name] { kept[name] = JSONValue(value) } }
        fields = kept
    }

    /// Reads a snapshot from its JSON text (as stored); `nil` when the text is not a JSON object.
    public init?(json bytes: UnsafeRawBufferPointer, tape: JSONTape) {
        guard let document = try? tape.parse(bytes), document.root.kind == .object else { return nil }
        self.init(fields: JSONValue(document.root).objectValue ?? JSONObject())
    }

    /// The snapshot as compact JSON text.
    public var jsonText: [UInt8] {
        let buffer = ByteBuffer(capacity: 256)
        buffer.append(json: .object(fields))
        return buffer.array
    }

    /// `Workflow.Status` in the snapshot.
    public var workflowStatus: WorkflowStatus? {
        fields["Workflow"]?["Status"]?.stringValue.flatMap(WorkflowStatus.init(rawValue:))
    }

    /// Sets `Workflow.Status`, keeping the rest of `Workflow`.
    public mutating func setWorkflowStatus(_ status: WorkflowStatus) {
        var workflow = fields["Workflow"]?.objectValue ?? JSONObject()
        workflow["Status"] = .string(status.rawValue)
        fields["Workflow"] = .object(workflow)
    }
}
