extension JSONValue {
    /// Parses JSON text into an owned value (strict RFC 8259, default limits).
    public init(parsing text: String) throws(JSONError) {
        var bytes = Array(text.utf8)
        let tape = JSONTape()
        let value: Result<JSONValue, JSONError> = bytes.withUnsafeMutableBytes { buffer in
            Result { () throws(JSONError) -> JSONValue in JSONValue(try tape.parse(UnsafeRawBufferPointer(buffer)).root) }
        }
        self = try value.get()
    }
}
