import Foundation
import XCTest
@testable import FindingsCore

/// Invalid patterns are rejected with InvalidEventPatternException-style messages naming the path.
final class PatternValidationTests: XCTestCase {
    private func assertInvalid(_ pattern: String, path: String, _ fragment: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try EventPattern(text: pattern)
            XCTFail("\(pattern) should be rejected", file: file, line: line)
        } catch {
            XCTAssertEqual(error.path, path, "\(pattern)", file: file, line: line)
            XCTAssertTrue(error.description.hasPrefix("Event pattern is not valid. Reason: "), file: file, line: line)
            XCTAssertTrue(error.reason.contains(fragment), "\(error.reason) lacks '\(fragment)'", file: file, line: line)
        }
    }

    func testShapeErrors() {
        assertInvalid(#"[]"#, path: "", "must be a JSON object")
        assertInvalid(#"{}"#, path: "", "must not be empty")
        assertInvalid(#"{"a":"x"}"#, path: "a", "must be an array or an object")
        assertInvalid(#"{"a":{"b":[]}}"#, path: "a.b", "Empty arrays are not allowed")
        assertInvalid(#"{"a":{}}"#, path: "a", "Empty objects are not allowed")
        assertInvalid(#"{"a":[["x"]]}"#, path: "a", "Nested arrays")
        assertInvalid(#"{"a":[{"prefix":"x","suffix":"y"}]}"#, path: "a", "exactly one key")
        assertInvalid(#"{"a":[{"regex":"x"}]}"#, path: "a", "Unrecognized match type regex")
        assertInvalid(#"{"a":["x",]}"#, path: "", "invalid JSON: trailing comma")
    }

    func testOperandErrors() {
        assertInvalid(#"{"d":{"s":[{"prefix":5}]}}"#, path: "d.s", "prefix match pattern must be a string")
        assertInvalid(#"{"s":[{"suffix":null}]}"#, path: "s", "suffix match pattern must be a string")
        assertInvalid(#"{"s":[{"prefix":{"other":"x"}}]}"#, path: "s", "equals-ignore-case")
        assertInvalid(#"{"s":[{"equals-ignore-case":["x"]}]}"#, path: "s", "must be a string")
        assertInvalid(#"{"s":[{"exists":"yes"}]}"#, path: "s", "either true or false")
        assertInvalid(#"{"s":[{"anything-but":["a",1]}]}"#, path: "s", "all strings or all numbers")
        assertInvalid(#"{"s":[{"anything-but":[null]}]}"#, path: "s", "all strings or all numbers")
        assertInvalid(#"{"s":[{"anything-but":[]}]}"#, path: "s", "Empty arrays")
        assertInvalid(#"{"s":[{"anything-but":true}]}"#, path: "s", "anything-but")
        assertInvalid(#"{"s":[{"anything-but":{"suffix":{"equals-ignore-case":"x"}}}]}"#, path: "s", "anything-but suffix")
        assertInvalid(#"{"s":[{"anything-but":{"numeric":[">",1]}}]}"#, path: "s", "Unsupported anything-but pattern type numeric")
    }

    func testNumericErrors() {
        assertInvalid(#"{"n":[{"numeric":[">"]}]}"#, path: "n", "numeric")
        assertInvalid(#"{"n":[{"numeric":[">","5"]}]}"#, path: "n", "must be a number")
        assertInvalid(#"{"n":[{"numeric":["!=",5]}]}"#, path: "n", "Unrecognized numeric range operator")
        assertInvalid(#"{"n":[{"numeric":["<",5,">",1]}]}"#, path: "n", "lower bound")
        assertInvalid(#"{"n":[{"numeric":[">",5,"<",1]}]}"#, path: "n", "below the upper bound")
        assertInvalid(#"{"n":[{"numeric":["=",5,"<",9]}]}"#, path: "n", "cannot be combined")
        assertInvalid(#"{"n":[{"numeric":[">",1,">",2]}]}"#, path: "n", "lower bound")
    }

    func testCIDRAndWildcardErrors() {
        assertInvalid(#"{"ip":[{"cidr":"10.0.0.0/33"}]}"#, path: "ip", "mask bits must be <= 32")
        assertInvalid(#"{"ip":[{"cidr":"2001:db8::/129"}]}"#, path: "ip", "mask bits must be <= 128")
        assertInvalid(#"{"ip":[{"cidr":"10.0.0/8"}]}"#, path: "ip", "Malformed CIDR")
        assertInvalid(#"{"ip":[{"cidr":"10.0.0.256/8"}]}"#, path: "ip", "Malformed CIDR")
        assertInvalid(#"{"ip":[{"cidr":"1::2::3/64"}]}"#, path: "ip", "Malformed CIDR")
        assertInvalid(#"{"ip":[{"cidr":"10.0.0.0"}]}"#, path: "ip", "Malformed CIDR")
        assertInvalid(#"{"f":[{"wildcard":"a**b"}]}"#, path: "f", "Consecutive wildcard characters")
        assertInvalid(#"{"f":[{"wildcard":"a\\b"}]}"#, path: "f", "Invalid escape character")
        assertInvalid(#"{"f":[{"wildcard":"a\\"}]}"#, path: "f", "unfinished escape")
        assertInvalid(#"{"f":[{"wildcard":5}]}"#, path: "f", "wildcard match pattern must be a string")
    }

    func testPatternLengthLimit() throws {
        // {"k":["xxx..."]} is 10 characters around the value.
        let longest = #"{"k":[""# + String(repeating: "x", count: 2038) + #""]}"#
        XCTAssertEqual(longest.count, 2048)
        XCTAssertNoThrow(try EventPattern(text: longest))
        let tooLong = #"{"k":[""# + String(repeating: "x", count: 2039) + #""]}"#
        assertInvalid(tooLong, path: "", "2049 characters long, more than the limit of 2048")
        // whitespace counts, as in the string EventBridge receives
        assertInvalid(longest.replacingOccurrences(of: "{", with: "{ "), path: "", "more than the limit of 2048")
        // a pattern given as JSON is measured by its compact text
        let value = try JSONValue(parsing: longest.replacingOccurrences(of: "{", with: "{ "))
        XCTAssertNoThrow(try EventPattern(json: value))
        // characters, not bytes
        XCTAssertNoThrow(try EventPattern(text: #"{"k":[""# + String(repeating: "é", count: 2038) + #""]}"#))
        var raised = PatternLimits.eventBridge
        raised.maxLength = 4096
        XCTAssertNoThrow(try EventPattern(text: tooLong, limits: raised))
    }

    func testCombinationLimitCanBeSet() throws {
        let pattern = #"{"$or":[{"a":["1"]},{"a":["2"]}],"b":{"$or":[{"c":["1"]},{"c":["2"]}]}}"#
        XCTAssertEqual(try EventPattern(text: pattern).alternatives.count, 4)
        var limits = PatternLimits.eventBridge
        limits.maxCombinations = 3
        XCTAssertThrowsError(try EventPattern(text: pattern, limits: limits)) { error in
            XCTAssertEqual((error as? PatternError)?.reason, "The event pattern expands to more than 3 combinations")
        }
    }

    func testWildcardComplexityMeasure() throws {
        func measure(_ operands: [String]) throws -> Int? {
            try WildcardComplexity.measure(operands.map { try WildcardPattern($0, path: "f") }, ceiling: 100)
        }
        XCTAssertEqual(try measure(["abc"]), 1)
        XCTAssertEqual(try measure(["*.png"]), 2)           // the leading loop and one step into ".png"
        XCTAssertEqual(try measure(["*/lib/*"]), 3)         // after "/lib/" then "/": loop, "/" and the trailing loop
        XCTAssertEqual(try measure(["a*", "b*"]), 1)        // no value keeps both alive
        XCTAssertEqual(try measure(["*a*a*a*a"]), 5)
        let stacks = ["SharedStack", "DataStack", "ApiStack", "MonitoringStack"].map { "*:stack/\($0)/*" }
        XCTAssertEqual(try measure(Array(stacks.prefix(3))), 9)
        XCTAssertEqual(try measure(stacks), 12)
        // the search stops at the ceiling
        XCTAssertNil(try WildcardComplexity.measure(stacks.map { try WildcardPattern($0, path: "f") }, ceiling: 11))
    }

    func testWildcardComplexityLimit() throws {
        func pattern(_ names: [String]) -> String {
            #"{"detail":{"stack-id":["# + names.map { #"{"wildcard":"*:stack/\#($0)/*"}"# }.joined(separator: ",") + "]}}"
        }
        let three = pattern(["SharedStack", "DataStack", "ApiStack"])
        XCTAssertNoThrow(try EventPattern(text: three))
        let four = pattern(["SharedStack", "DataStack", "ApiStack", "MonitoringStack"])
        assertInvalid(four, path: "detail.stack-id", "Rule is too complex")
        // operands of one field are judged together across $or branches
        let split = #"{"$or":[{"f":[{"wildcard":"*:stack/A/*"},{"wildcard":"*:stack/B/*"}]},{"f":[{"wildcard":"*:stack/C/*"},{"wildcard":"*:stack/D/*"}]}]}"#
        assertInvalid(split, path: "f", "Rule is too complex")
        // different fields are judged apart
        XCTAssertNoThrow(try EventPattern(text: #"{"f":[{"wildcard":"*:stack/A/*"},{"wildcard":"*:stack/B/*"}],"g":[{"wildcard":"*:stack/C/*"},{"wildcard":"*:stack/D/*"}]}"#))
        var raised = PatternLimits.eventBridge
        raised.maxWildcardComplexity = 12
        XCTAssertNoThrow(try EventPattern(text: four, limits: raised))
    }

    func testOrErrors() {
        assertInvalid(#"{"$or":[{"a":["x"]}]}"#, path: "$or", "at least 2")
        assertInvalid(#"{"d":{"$or":{"a":["x"]}}}"#, path: "d.$or", "must be an array")
        assertInvalid(#"{"$or":[{"a":["x"]},{}]}"#, path: "$or[1]", "non-empty object")
        assertInvalid(#"{"$or":[{"a":["x"]},"b"]}"#, path: "$or[1]", "non-empty object")
        // 11 * 10 * 10 = 1100 combinations
        func branches(_ n: Int, _ key: String) -> String {
            "[" + (0..<n).map { #"{"\#(key)":["\#($0)"]}"# }.joined(separator: ",") + "]"
        }
        let tooMany = #"{"a":{"$or":\#(branches(11, "x"))},"b":{"$or":\#(branches(10, "y"))},"c":{"$or":\#(branches(10, "z"))}}"#
        assertInvalid(tooMany, path: "c", "more than 1000 combinations")
        let enough = #"{"a":{"$or":\#(branches(10, "x"))},"b":{"$or":\#(branches(10, "y"))},"c":{"$or":\#(branches(10, "z"))}}"#
        XCTAssertEqual(try EventPattern(text: enough).alternatives.count, 1000)
    }

    func testAcceptedEdgeOperands() throws {
        XCTAssertNoThrow(try EventPattern(text: #"{"s":[{"prefix":""}]}"#))
        XCTAssertNoThrow(try EventPattern(text: #"{"ip":[{"cidr":"10.0.0.1/32"}]}"#))
        XCTAssertNoThrow(try EventPattern(text: #"{"ip":[{"cidr":"::/0"}]}"#))
        XCTAssertNoThrow(try EventPattern(text: #"{"n":[{"numeric":[">=",-5e9,"<",5e9]}]}"#))
        XCTAssertEqual(try EventPattern(text: #"{"source":["x"],"detail":{"$or":[{"a":[1]},{"b":[2]}]}}"#).topLevelKeys,
                       ["source", "detail"])
    }
}
