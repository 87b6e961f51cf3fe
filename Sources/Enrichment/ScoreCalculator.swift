import FindingsCore

/// `enrich --score`: a CVSS and ctx-score v1 calculator over lines.
///
/// A line holding a JSON object is a ctx-score request (`ContextRequest`); any other non-blank
/// line is a CVSS v2, v3.0, v3.1 or v4.0 vector (the runner hands those on as text lines).
/// Each line gives one JSON object:
/// - vector: `{"vector","version","base","temporal","environmental","severity"}`, plus `"score"`
///   and `"macrovector"` for v4.0, with the scores FIRST's calculator shows (`CalculatorScores`);
/// - request: `{"baseVector","baseScore","contextualVector","contextualScore","scoreKind",
///   "adjustments","label","normalized","priority","actionable"}` (`ContextualScore`).
public struct ScoreCalculator: RecordProcessor {
    public init() {}

    public mutating func process(_ document: JSONDocument, _ context: inout RecordContext) throws(RecordRejection) {
        let request = try ContextRequest(document.root)
        let result = ContextualScore(vector: request.vector, context: request.context)
        context.emit { buffer in Self.write(result, of: request, to: buffer) }
    }

    public mutating func processText(_ line: UnsafeRawBufferPointer, _ context: inout RecordContext) throws(RecordRejection) {
        let text = Self.trimmed(line)
        let vector: CVSSVector
        do {
            vector = try CVSSVector(utf8: text.assumingMemoryBound(to: UInt8.self))
        } catch {
            throw RecordRejection(error.description)
        }
        let scores = vector.calculatorScores()
        context.emit { buffer in Self.write(scores, vector: text, to: buffer) }
    }

    static func write(_ scores: CalculatorScores, vector: UnsafeRawBufferPointer, to buffer: ByteBuffer) {
        buffer.append("{\"vector\":")
        buffer.appendJSONString(vector)
        buffer.append(",\"version\":")
        buffer.append(scores.version.jsonLiteral)
        buffer.append(",\"base\":")
        buffer.appendScore(scores.base)
        buffer.append(",\"temporal\":")
        buffer.appendScore(scores.temporal)
        buffer.append(",\"environmental\":")
        buffer.appendScore(scores.environmental)
        if let v4 = scores.v4 {
            buffer.append(",\"score\":")
            buffer.appendScore(v4.score)
            buffer.append(",\"macrovector\":\"")
            for level in [v4.macroVector.eq1, v4.macroVector.eq2, v4.macroVector.eq3,
                          v4.macroVector.eq4, v4.macroVector.eq5, v4.macroVector.eq6] {
                buffer.append(UInt8(ascii: "0") + UInt8(level))
            }
            buffer.append(UInt8(ascii: "\""))
        }
        buffer.append(",\"severity\":")
        buffer.append(scores.severity.jsonLiteral)
        buffer.append(UInt8(ascii: "}"))
    }

    static func write(_ result: ContextualScore, of request: ContextRequest, to buffer: ByteBuffer) {
        buffer.append("{\"baseVector\":")
        if let vector = request.vectorText { vector.withUnsafeBytes { buffer.appendJSONString($0) } } else { buffer.append("null") }
        buffer.append(",\"baseScore\":")
        buffer.appendScore(result.source?.base)
        buffer.append(",\"contextualVector\":")
        if let vector = result.scoringVector { buffer.appendJSONString(vector.description) } else { buffer.append("null") }
        buffer.append(",\"contextualScore\":")
        buffer.appendScore(result.score)
        buffer.append(",\"scoreKind\":")
        if let kind = result.kind { buffer.appendJSONString(kind.rawValue) } else { buffer.append("null") }
        buffer.append(",\"adjustments\":[")
        for (index, adjustment) in result.adjustments.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            buffer.append("{\"metric\":")
            buffer.appendJSONString(adjustment.metric)
            buffer.append(",\"reason\":")
            buffer.appendJSONString(adjustment.reason.rawValue)
            buffer.append(UInt8(ascii: "}"))
        }
        buffer.append("],\"label\":")
        buffer.appendJSONString(result.label.rawValue)
        buffer.append(",\"normalized\":")
        if let normalized = result.normalized { buffer.append(integer: normalized) } else { buffer.append("null") }
        buffer.append(",\"priority\":")
        buffer.appendJSONString(result.priority.rawValue)
        buffer.append(",\"actionable\":")
        buffer.append(result.actionable ? "true" : "false")
        buffer.append(UInt8(ascii: "}"))
    }

    /// The line without leading and trailing blanks.
    private static func trimmed(_ line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0, end = line.count
        while start < end, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
        while end > start, line[end - 1] == 0x20 || line[end - 1] == 0x09 { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: line[start..<end])
    }
}
