/// The top-level fields of a finding found during validation, by name, without a second lookup.
struct TopLevelFields {
    let finding: JSONNode
    let slots: UnsafeMutableBufferPointer<Int>
    let model: ASFFModel

    /// The value of top-level field `name` (a member of the model's `AwsSecurityFinding`).
    subscript(_ field: Field) -> JSONNode? {
        let index = slots[field.slot]
        return index < 0 ? nil : JSONNode(document: finding.document, index: index)
    }

    /// A top-level field name resolved once to its slot.
    struct Field {
        let name: String
        let slot: Int
        init(_ name: String) {
            self.name = name
            slot = ASFFModel.shared.rootSlot(name)
        }
    }
}
