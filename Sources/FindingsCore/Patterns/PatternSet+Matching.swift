/// The core of matching: values observed at field paths satisfy clauses; an alternative
/// matches when all its counted clauses are satisfied and its `exists: false` clauses hold.
extension PatternSet {
    @inline(__always)
    func satisfy(_ clauses: [Int32]) {
        for clause in clauses { satisfy(clause) }
    }

    @inline(__always)
    func satisfy(_ clause: Int32) {
        let state = self.state
        let c = Int(clause)
        let epoch = state.epoch
        if state.clauseFreeStamp[c] == epoch { return }
        if state.arrays.isEmpty {
            state.clauseFreeStamp[c] = epoch
        } else if !clauseDeferred[c] {
            state.placements.record(clause, at: state.arrays)
        }
        if state.clauseStamp[c] == epoch { return }
        state.clauseStamp[c] = epoch
        if clauseDeferred[c] { return }
        let alternative = Int(clauseAlternative[c])
        if state.alternativeStamp[alternative] != epoch {
            state.alternativeStamp[alternative] = epoch
            state.alternativeCount[alternative] = 0
        }
        state.alternativeCount[alternative] += 1
        if state.alternativeCount[alternative] == alternativeRequired[alternative] {
            state.candidates.append(Int32(alternative))
        }
    }

    /// Records a scalar value at field `field`. `text` is the decoded UTF-8 of a string, or the
    /// literal text of other kinds.
    func observe(field: Int, kind: JSONKind, text: UnsafeRawBufferPointer) {
        let index = fields[field]
        if index.tracksPresence { state.fieldSeen[field] = state.epoch }
        satisfy(index.anyValue)
        switch kind {
        case .string:
            satisfy(index.anythingButNumbers)
            observeString(index, text)
        case .number:
            satisfy(index.anythingButStrings)
            for (_, clause) in index.anythingButs { satisfy(clause) }
            guard index.needsNumber else { return }
            var value = JSONNumberParsing.double(text)
            if value == 0 { value = 0 }
            if let list = index.numbers[value] { satisfy(index.lists[list]) }
            for (range, clause) in index.numerics where range.contains(value) { satisfy(clause) }
            satisfy(index.anythingButNumbers, except: index.excludedNumbers[value].map { index.lists[$0] })
        case .true:
            satisfy(index.trueClauses)
            satisfyAnythingBut(index)
        case .false:
            satisfy(index.falseClauses)
            satisfyAnythingBut(index)
        case .null:
            satisfy(index.nullClauses)
            satisfyAnythingBut(index)
        case .object, .array:
            return
        }
    }

    /// A literal is excluded by no `anything-but`.
    private func satisfyAnythingBut(_ index: FieldIndex) {
        satisfy(index.anythingButStrings)
        satisfy(index.anythingButNumbers)
        for (_, clause) in index.anythingButs { satisfy(clause) }
    }

    /// Satisfies `clauses` but those in `excluded`.
    @inline(__always)
    private func satisfy(_ clauses: [Int32], except excluded: [Int32]?) {
        guard let excluded, !clauses.isEmpty else { return satisfy(clauses) }
        let mark = state.exclusions.begin()
        for clause in excluded { state.exclusions.mark(clause, mark) }
        for clause in clauses where !state.exclusions.isMarked(clause, mark) { satisfy(clause) }
    }

    @inline(__always)
    private func observeString(_ index: FieldIndex, _ text: UnsafeRawBufferPointer) {
        if !index.strings.isEmpty, let list = index.strings.value(text) { satisfy(index.lists[list]) }
        probe(index.prefixes, index, text, fromEnd: false)
        probe(index.suffixes, index, text, fromEnd: true)
        if index.needsFolding {
            let state = self.state
            CaseFolding.fold(text, into: &state.folded)
            state.folded.withUnsafeBytes { folded in
                if let list = index.folded.value(folded) { satisfy(index.lists[list]) }
                probe(index.foldedPrefixes, index, folded, fromEnd: false)
                probe(index.foldedSuffixes, index, folded, fromEnd: true)
            }
        }
        if !index.wildcards.isEmpty { index.wildcards.forEachMatch(text) { satisfy($0) } }
        if !index.cidrs.isEmpty, let address = IPAddress(text) {
            for (block, clause) in index.cidrs where block.contains(address) { satisfy(clause) }
        }
        if !index.anythingButStrings.isEmpty {
            satisfy(index.anythingButStrings, except: index.excludedStrings.value(text).map { index.lists[$0] })
        }
        for (test, clause) in index.anythingButs where test.accepts(string: text, scratch: &state.folded) { satisfy(clause) }
    }

    @inline(__always)
    private func probe(_ affixes: AffixTable, _ index: FieldIndex, _ text: UnsafeRawBufferPointer, fromEnd: Bool) {
        if affixes.isEmpty { return }
        for length in affixes.lengths {
            if length > text.count { break }
            let part = fromEnd ? UnsafeRawBufferPointer(rebasing: text[(text.count - length)...])
                               : UnsafeRawBufferPointer(rebasing: text[..<length])
            if let list = affixes.table.value(part) { satisfy(index.lists[list]) }
        }
    }

    /// Finishes the event: appends the numbers of the matching patterns, in ascending order.
    func finish(into result: inout [Int]) {
        let state = self.state
        let epoch = state.epoch
        let start = result.count
        func check(_ alternative: Int32) {
            let a = Int(alternative)
            let pattern = Int(alternativePattern[a])
            if state.patternStamp[pattern] == epoch { return }
            for clause in alternativeDeferred[a] {
                let c = Int(clause)
                if state.clauseStamp[c] != epoch && state.fieldSeen[Int(clauseField[c])] == epoch { return }
            }
            if !arrayConsistent(a) { return }
            state.patternStamp[pattern] = epoch
            result.append(pattern)
        }
        for alternative in state.candidates { check(alternative) }
        for alternative in alwaysCandidates { check(alternative) }
        if result.count - start > 1 { result[start...].sort() }
    }

    /// Whether the counted clauses of `alternative` can all be satisfied by values no two of
    /// which sit in different elements of one array. Clauses satisfied outside every array go
    /// with anything, so the search runs only when two or more were satisfied in arrays alone.
    private func arrayConsistent(_ alternative: Int) -> Bool {
        let state = self.state
        if alternativeRequired[alternative] < 2 || state.placements.isEmpty { return true }
        let epoch = state.epoch
        let counted = alternativeCounted[alternative]
        var inArraysOnly = 0
        for clause in counted where state.clauseFreeStamp[Int(clause)] != epoch { inArraysOnly += 1 }
        if inArraysOnly < 2 { return true }
        return state.placements.consistentChoiceExists(counted.filter { state.clauseFreeStamp[Int($0)] != epoch })
    }
}
