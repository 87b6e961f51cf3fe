import XCTest
@testable import FindingsCore

final class ConfigFileTests: XCTestCase {
    private func load(_ text: String) throws -> ConfigDocument {
        try ConfigFile.parse(Array(text.utf8), path: "rules.yaml")
    }

    func testYAMLBecomesJSONValuesWithCoreSchemaScalars() throws {
        let document = try load("""
        Rules:
          - Name: high
            Enabled: true
            Count: 3
            Ratio: 0.5
            Answer: yes
            Empty:
            Quoted: "true"
            List: [a, 'b']
        """)
        let rule = document.root["Rules"]!.arrayValue![0]
        XCTAssertEqual(rule["Name"], .string("high"))
        XCTAssertEqual(rule["Enabled"], .bool(true))
        XCTAssertEqual(rule["Count"], .number("3"))
        XCTAssertEqual(rule["Ratio"], .number("0.5"))
        XCTAssertEqual(rule["Answer"], .string("yes"))
        XCTAssertEqual(rule["Empty"], .null)
        XCTAssertEqual(rule["Quoted"], .string("true"))
        XCTAssertEqual(rule["List"], .array([.string("a"), .string("b")]))
        XCTAssertEqual(document.line(at: [.key("Rules"), .index(0), .key("Count")]), 4)
        XCTAssertEqual(document.error(at: [.key("Rules"), .index(0), .key("Ratio")], "must be a string").message,
                       "rules.yaml:5: Rules[0].Ratio: must be a string")
    }

    func testJSONConfigurationKeepsLines() throws {
        let document = try ConfigFile.parse(Array("{\n \"Rules\": [\n  {\"Name\": 1}\n ]\n}".utf8), path: "r.json")
        XCTAssertEqual(document.line(at: [.key("Rules"), .index(0), .key("Name")]), 3)
        XCTAssertThrowsError(try ConfigFile.parse(Array("{\n\"a\": 1,\n}".utf8), path: "r.json")) { error in
            XCTAssertEqual("\(error)", "r.json:3: invalid JSON: trailing comma at byte 11")
        }
    }

    func testYAMLSyntaxErrorsNameTheLine() {
        XCTAssertThrowsError(try load("a: 1\nb: [1, 2\nc: 3\n")) { error in
            XCTAssertTrue("\(error)".hasPrefix("rules.yaml:"), "\(error)")
            XCTAssertTrue("\(error)".contains("invalid YAML"), "\(error)")
        }
    }

    func testAliasesExpandWithinBounds() throws {
        let document = try load("base: &b {x: 1}\ncopy: *b\n")
        XCTAssertEqual(document.root["copy"], document.root["base"])
        var bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...7 { bomb += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        XCTAssertThrowsError(try load(bomb)) { XCTAssertTrue("\($0)".contains("alias bomb"), "\($0)") }
    }
}
