import FindingsCore

/// The fields `remediate` changes on a finding, as a Security Hub customer would with
/// BatchUpdateFindings: `Workflow.Status`, `Note` and `UserDefinedFields` keys
/// `remediate.status`, `remediate.playbooks`, `remediate.key`.
struct FindingAnnotation {
    var actions: [(action: PlannedAction, outcome: ActionOutcome)] = []
    var refusals: [(playbook: String, reason: String)] = []

    static let workflowStatus = JSONPath("Workflow.Status")!
    static let note = JSONPath("Note")!
    static let statusField = JSONPath(keys: [JSONKey("UserDefinedFields"), JSONKey("remediate.status")])
    static let playbooksField = JSONPath(keys: [JSONKey("UserDefinedFields"), JSONKey("remediate.playbooks")])
    static let keyField = JSONPath(keys: [JSONKey("UserDefinedFields"), JSONKey("remediate.key")])
    /// Security Hub's limit on `Note.Text`, in characters.
    static let maxNoteCharacters = 512

    /// The summary status: `resolved` when every action is done, else the most pressing state.
    var status: String {
        if actions.isEmpty { return "refused" }
        if actions.allSatisfy({ $0.outcome.isDone }) { return "resolved" }
        for outcome in ["failed", "not-run", "awaiting-approval", "planned"] where actions.contains(where: { $0.outcome.label == outcome }) {
            return outcome
        }
        return "planned"
    }

    /// The edits to apply to `finding`; `updatedAt` is the Note's timestamp. `UserDefinedFields`
    /// keys are added only as far as ASFF's 50 pairs allow (status first).
    func edits(for finding: JSONNode, updatedAt: String) -> JSONEdits {
        var edits = JSONEdits()
        let status = self.status
        if !actions.isEmpty {
            edits.set(FindingAnnotation.workflowStatus, to: .string(status == "resolved" ? "RESOLVED" : "NOTIFIED"))
        }
        var note = JSONObject()
        note["Text"] = .string(noteText)
        note["UpdatedBy"] = .string("remediate")
        note["UpdatedAt"] = .string(updatedAt)
        edits.set(FindingAnnotation.note, to: .object(note))
        var room = FindingAnnotation.userDefinedRoom(in: finding)
        if room > 0 {
            edits.set(FindingAnnotation.statusField, to: .string(status))
            room -= 1
        }
        if room > 0 {
            let names = (actions.map(\.action.playbook) + refusals.map(\.playbook))
            edits.set(FindingAnnotation.playbooksField, to: .string(FindingAnnotation.bounded(names.joined(separator: ","), 512)))
            room -= 1
        }
        if room > 0, let first = actions.first {
            edits.set(FindingAnnotation.keyField, to: .string(first.action.key))
        }
        return edits
    }

    static let ownKeys: Set<String> = ["remediate.status", "remediate.playbooks", "remediate.key"]

    /// How many pairs `UserDefinedFields` can still take (ASFF allows 50), not counting ours.
    static func userDefinedRoom(in finding: JSONNode) -> Int {
        guard let fields = finding.get("UserDefinedFields"), fields.kind == .object else { return 50 }
        var used = 0
        for (key, _) in fields.members where !(key.stringValue.map(ownKeys.contains) ?? false) { used += 1 }
        return max(0, 50 - used)
    }

    /// `remediate: planned NAME: COMMAND; refused NAME: REASON` within Security Hub's limit.
    var noteText: String {
        var text = "remediate: "
        for (index, (action, outcome)) in actions.enumerated() {
            if index > 0 { text += "; " }
            switch outcome {
            case .planned: text += "planned \(action.playbook) (\(action.risk.rawValue)): \(action.commandLine)"
            case .awaitingApproval: text += "awaiting approval \(action.playbook): \(action.commandLine)"
            case .alreadyDone: text += "done earlier \(action.playbook): \(action.action)"
            case .succeeded: text += "done \(action.playbook): \(action.action) exited 0"
            case .failed(let why): text += "failed \(action.playbook): \(action.action): \(why)"
            case .notRun(let why): text += "not run \(action.playbook): \(why)"
            }
        }
        for (index, (playbook, reason)) in refusals.enumerated() {
            text += (index > 0 || !actions.isEmpty ? "; " : "") + "refused \(playbook): \(reason)"
        }
        return FindingAnnotation.bounded(text, FindingAnnotation.maxNoteCharacters)
    }

    /// `text` cut to `limit` Unicode scalars, ending with `…` when cut.
    static func bounded(_ text: String, _ limit: Int) -> String {
        if text.utf8.count <= limit { return text }
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return text }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars.prefix(limit - 1))
        out.append("…")
        return String(out)
    }
}
