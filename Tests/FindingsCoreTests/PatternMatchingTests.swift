import XCTest
@testable import FindingsCore

/// Matching semantics of every operator, per the EventBridge documentation and event-ruler.
final class PatternMatchingTests: XCTestCase {
    private func matches(_ pattern: String, _ event: String, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        do {
            let set = PatternSet([try EventPattern(text: pattern)])
            var bytes = Array(event.utf8)
            let tape = JSONTape()
            let viaTape = try bytes.withUnsafeMutableBytes { buffer in
                !set.matches(try tape.parse(UnsafeRawBufferPointer(buffer)).root).isEmpty
            }
            let viaScan = try bytes.withUnsafeMutableBytes { buffer in
                try !set.matches(json: UnsafeRawBufferPointer(buffer)).isEmpty
            }
            XCTAssertEqual(viaTape, viaScan, "tape and scanner disagree", file: file, line: line)
            return viaTape
        } catch {
            XCTFail("\(error)", file: file, line: line)
            return false
        }
    }

    private func assertMatch(_ pattern: String, _ event: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(matches(pattern, event, file: file, line: line), "\(pattern) should match \(event)", file: file, line: line)
    }

    private func assertNoMatch(_ pattern: String, _ event: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(matches(pattern, event, file: file, line: line), "\(pattern) should not match \(event)", file: file, line: line)
    }

    func testExactStringsAreByteExact() {
        assertMatch(#"{"source":["aws.ec2"]}"#, #"{"source":"aws.ec2"}"#)
        assertNoMatch(#"{"source":["aws.ec2"]}"#, #"{"source":"AWS.EC2"}"#)
        assertNoMatch(#"{"source":["aws.ec2"]}"#, #"{"other":"aws.ec2"}"#)
        // NFC is not NFD
        assertNoMatch(#"{"k":["\u00e9"]}"#, #"{"k":"e\u0301"}"#)
        assertMatch(#"{"k":["caf\u00e9"]}"#, #"{"k":"café"}"#)
        assertMatch(#"{"k":["a\"b"]}"#, #"{"k":"a\u0022b"}"#)
    }

    func testValuesInAnArrayAreORedAndFieldsANDed() {
        let pattern = #"{"a":["x","y"],"b":["z"]}"#
        assertMatch(pattern, #"{"a":"y","b":"z"}"#)
        assertNoMatch(pattern, #"{"a":"y","b":"q"}"#)
        assertNoMatch(pattern, #"{"a":"y"}"#)
    }

    func testJSONTypesAreDistinct() {
        assertNoMatch(#"{"k":["5"]}"#, #"{"k":5}"#)
        assertNoMatch(#"{"k":[5]}"#, #"{"k":"5"}"#)
        assertNoMatch(#"{"k":["true"]}"#, #"{"k":true}"#)
        assertNoMatch(#"{"k":[1]}"#, #"{"k":true}"#)
        assertNoMatch(#"{"k":[""]}"#, #"{"k":null}"#)
        assertNoMatch(#"{"k":["null"]}"#, #"{"k":null}"#)
        assertMatch(#"{"k":[true]}"#, #"{"k":true}"#)
        assertNoMatch(#"{"k":[true]}"#, #"{"k":false}"#)
        assertMatch(#"{"k":[false]}"#, #"{"k":false}"#)
    }

    func testNullAndEmptyString() {
        assertMatch(#"{"k":[null]}"#, #"{"k":null}"#)
        assertNoMatch(#"{"k":[null]}"#, #"{"j":1}"#)
        assertMatch(#"{"k":[""]}"#, #"{"k":""}"#)
        assertNoMatch(#"{"k":[""]}"#, #"{"j":""}"#)
    }

    func testNumbersAreEqualAcrossSpellings() {
        assertMatch(#"{"k":[300]}"#, #"{"k":300.0}"#)
        assertMatch(#"{"k":[300]}"#, #"{"k":3.0e2}"#)
        assertMatch(#"{"k":[3.0e2]}"#, #"{"k":300}"#)
        assertMatch(#"{"k":[0]}"#, #"{"k":-0}"#)
        assertNoMatch(#"{"k":[300]}"#, #"{"k":301}"#)
    }

    func testPrefixAndSuffix() {
        assertMatch(#"{"r":[{"prefix":"us-"}]}"#, #"{"r":"us-east-1"}"#)
        assertNoMatch(#"{"r":[{"prefix":"us-"}]}"#, #"{"r":"eu-west-1"}"#)
        assertNoMatch(#"{"r":[{"prefix":"1"}]}"#, #"{"r":123}"#)
        assertMatch(#"{"r":[{"prefix":""}]}"#, #"{"r":"anything"}"#)
        assertNoMatch(#"{"r":[{"prefix":""}]}"#, #"{"r":null}"#)
        assertMatch(#"{"f":[{"suffix":".png"}]}"#, #"{"f":"a/b.png"}"#)
        assertNoMatch(#"{"f":[{"suffix":".png"}]}"#, #"{"f":"a/b.PNG"}"#)
        assertNoMatch(#"{"f":[{"suffix":".png"}]}"#, #"{"f":"png"}"#)
        // several lengths on one field
        let pattern = #"{"s":[{"prefix":"A"},{"prefix":"BCD"},{"suffix":"xyz"}]}"#
        assertMatch(pattern, #"{"s":"BCDE"}"#)
        assertMatch(pattern, #"{"s":"qxyz"}"#)
        assertNoMatch(pattern, #"{"s":"BC"}"#)
    }

    func testIgnoreCaseForms() {
        assertMatch(#"{"n":[{"equals-ignore-case":"alice"}]}"#, #"{"n":"ALiCe"}"#)
        assertNoMatch(#"{"n":[{"equals-ignore-case":"alice"}]}"#, #"{"n":"alicea"}"#)
        assertMatch(#"{"n":[{"equals-ignore-case":"ÉCOLE"}]}"#, #"{"n":"école"}"#)
        assertMatch(#"{"n":[{"equals-ignore-case":"Σοφία"}]}"#, #"{"n":"σοφία"}"#)
        assertNoMatch(#"{"n":[{"equals-ignore-case":"ecole"}]}"#, #"{"n":"école"}"#)
        assertNoMatch(#"{"n":[{"equals-ignore-case":"5"}]}"#, #"{"n":5}"#)
        assertMatch(#"{"s":[{"prefix":{"equals-ignore-case":"EventB"}}]}"#, #"{"s":"eventbridge"}"#)
        assertNoMatch(#"{"s":[{"prefix":{"equals-ignore-case":"EventB"}}]}"#, #"{"s":"xeventbridge"}"#)
        assertMatch(#"{"s":[{"suffix":{"equals-ignore-case":".PNG"}}]}"#, #"{"s":"a.png"}"#)
        assertNoMatch(#"{"s":[{"suffix":{"equals-ignore-case":".PNG"}}]}"#, #"{"s":"a.pngx"}"#)
    }

    func testAnythingBut() {
        let single = #"{"state":[{"anything-but":"initializing"}]}"#
        assertMatch(single, #"{"state":"running"}"#)
        assertNoMatch(single, #"{"state":"initializing"}"#)
        assertNoMatch(single, #"{"other":"x"}"#)            // missing field
        assertMatch(single, #"{"state":null}"#)             // null is not excluded
        assertMatch(single, #"{"state":5}"#)
        assertMatch(#"{"k":[{"anything-but":"123"}]}"#, #"{"k":123}"#)
        let list = #"{"state":[{"anything-but":["stopped","overloaded"]}]}"#
        assertMatch(list, #"{"state":"running"}"#)
        assertNoMatch(list, #"{"state":"stopped"}"#)
        let numbers = #"{"x":[{"anything-but":[100,200]}]}"#
        assertMatch(numbers, #"{"x":300}"#)
        assertNoMatch(numbers, #"{"x":100.0}"#)
        assertMatch(numbers, #"{"x":"100"}"#)
        assertNoMatch(#"{"x":[{"anything-but":100}]}"#, #"{"x":1e2}"#)
        // any element not excluded
        assertMatch(#"{"k":[{"anything-but":["a"]}]}"#, #"{"k":["a","b"]}"#)
        assertNoMatch(#"{"k":[{"anything-but":["a"]}]}"#, #"{"k":["a","a"]}"#)
        assertNoMatch(#"{"k":[{"anything-but":["a"]}]}"#, #"{"k":[]}"#)
    }

    func testAnythingButOperators() {
        assertMatch(#"{"s":[{"anything-but":{"prefix":"init"}}]}"#, #"{"s":"running"}"#)
        assertNoMatch(#"{"s":[{"anything-but":{"prefix":"init"}}]}"#, #"{"s":"initializing"}"#)
        assertNoMatch(#"{"s":[{"anything-but":{"prefix":["init","err"]}}]}"#, #"{"s":"error"}"#)
        assertMatch(#"{"s":[{"anything-but":{"prefix":"1"}}]}"#, #"{"s":123}"#)
        assertNoMatch(#"{"f":[{"anything-but":{"suffix":".txt"}}]}"#, #"{"f":"a.txt"}"#)
        assertMatch(#"{"f":[{"anything-but":{"suffix":".txt"}}]}"#, #"{"f":"a.png"}"#)
        assertNoMatch(#"{"n":[{"anything-but":{"equals-ignore-case":"Alice"}}]}"#, #"{"n":"ALICE"}"#)
        assertNoMatch(#"{"n":[{"anything-but":{"equals-ignore-case":["Alice","bob"]}}]}"#, #"{"n":"BOB"}"#)
        assertMatch(#"{"n":[{"anything-but":{"equals-ignore-case":["Alice","bob"]}}]}"#, #"{"n":"carol"}"#)
        assertNoMatch(#"{"p":[{"anything-but":{"wildcard":"*/lib/*"}}]}"#, #"{"p":"/usr/lib/x"}"#)
        assertMatch(#"{"p":[{"anything-but":{"wildcard":["*/lib/*","*.so"]}}]}"#, #"{"p":"/usr/bin/x"}"#)
        assertNoMatch(#"{"p":[{"anything-but":{"wildcard":["*/lib/*","*.so"]}}]}"#, #"{"p":"a.so"}"#)
    }

    func testNumeric() {
        let range = #"{"c":[{"numeric":[">",0,"<=",5]}]}"#
        assertMatch(range, #"{"c":5}"#)
        assertMatch(range, #"{"c":0.1}"#)
        assertNoMatch(range, #"{"c":0}"#)
        assertNoMatch(range, #"{"c":5.0001}"#)
        assertNoMatch(range, #"{"c":"3"}"#)
        assertNoMatch(range, #"{"c":true}"#)
        assertNoMatch(range, #"{"c":null}"#)
        assertMatch(#"{"c":[{"numeric":["=",3.018e2]}]}"#, #"{"c":301.8}"#)
        assertMatch(#"{"c":[{"numeric":["=",3]}]}"#, #"{"c":3e0}"#)
        assertMatch(#"{"c":[{"numeric":["<",-5]}]}"#, #"{"c":-6}"#)
        assertMatch(#"{"c":[{"numeric":[">=",5e9]}]}"#, #"{"c":6e9}"#)
        // several numeric objects are ORed
        let either = #"{"c":[{"numeric":["<",0]},{"numeric":[">",10]}]}"#
        assertMatch(either, #"{"c":11}"#)
        assertNoMatch(either, #"{"c":5}"#)
    }

    func testExists() {
        assertMatch(#"{"k":[{"exists":true}]}"#, #"{"k":"x"}"#)
        for present in ["null", "\"\"", "0", "false"] {
            assertMatch(#"{"k":[{"exists":true}]}"#, #"{"k":\#(present)}"#)
            assertNoMatch(#"{"k":[{"exists":false}]}"#, #"{"k":\#(present)}"#)
        }
        for leafless in ["{\"a\":1}", "[]", "{}"] {
            assertNoMatch(#"{"k":[{"exists":true}]}"#, #"{"k":\#(leafless)}"#)
            assertMatch(#"{"k":[{"exists":false}]}"#, #"{"k":\#(leafless)}"#)
        }
        assertMatch(#"{"k":[{"exists":false}]}"#, #"{"j":1}"#)
        assertMatch(#"{"a":{"b":[{"exists":false}]}}"#, #"{"x":1}"#)  // missing parent
        assertNoMatch(#"{"a":{"b":[{"exists":false}]}}"#, #"{"a":{"b":1}}"#)
        // exists:false combined with another field, and with an alternative value
        assertMatch(#"{"a":["x"],"b":[{"exists":false}]}"#, #"{"a":"x"}"#)
        assertNoMatch(#"{"a":["x"],"b":[{"exists":false}]}"#, #"{"a":"x","b":2}"#)
        assertMatch(#"{"b":[{"exists":false},"y"]}"#, #"{"b":"y"}"#)
        assertMatch(#"{"b":[{"exists":false},"y"]}"#, #"{"c":"y"}"#)
        assertNoMatch(#"{"b":[{"exists":false},"y"]}"#, #"{"b":"z"}"#)
    }

    func testCIDR() {
        let v4 = #"{"ip":[{"cidr":"10.0.0.0/24"}]}"#
        assertMatch(v4, #"{"ip":"10.0.0.255"}"#)
        assertNoMatch(v4, #"{"ip":"10.0.1.0"}"#)
        assertNoMatch(v4, #"{"ip":"not an ip"}"#)
        assertNoMatch(v4, #"{"ip":"::ffff:10.0.0.1"}"#)
        let v6 = #"{"ip":[{"cidr":"2001:db8::/32"}]}"#
        assertMatch(v6, #"{"ip":"2001:DB8:0:0::1"}"#)
        assertMatch(v6, #"{"ip":"2001:0db8:ffff:ffff:ffff:ffff:ffff:ffff"}"#)
        assertNoMatch(v6, #"{"ip":"2001:db9::1"}"#)
        assertNoMatch(v6, #"{"ip":"10.0.0.1"}"#)
        assertMatch(#"{"ip":[{"cidr":"10.1.2.3/32"}]}"#, #"{"ip":"10.1.2.3"}"#)
        assertNoMatch(#"{"ip":[{"cidr":"10.1.2.3/32"}]}"#, #"{"ip":"10.1.2.4"}"#)
        assertMatch(#"{"ip":[{"cidr":"::1/128"}]}"#, #"{"ip":"0:0:0:0:0:0:0:1"}"#)
        assertMatch(#"{"ip":[{"cidr":"0.0.0.0/0"}]}"#, #"{"ip":"8.8.8.8"}"#)
        assertNoMatch(#"{"ip":[{"cidr":"0.0.0.0/0"}]}"#, #"{"ip":"::1"}"#)
    }

    func testWildcard() {
        let w = #"{"f":[{"wildcard":"dir/*.png"}]}"#
        assertMatch(w, #"{"f":"dir/a/b.png"}"#)
        assertMatch(w, #"{"f":"dir/.png"}"#)
        assertNoMatch(w, #"{"f":"dir/a.png.txt"}"#)
        assertNoMatch(w, #"{"f":"xdir/a.png"}"#)
        assertMatch(#"{"f":[{"wildcard":"*"}]}"#, #"{"f":""}"#)
        assertMatch(#"{"f":[{"wildcard":"a*b*c"}]}"#, #"{"f":"abbbc"}"#)
        assertNoMatch(#"{"f":[{"wildcard":"a*b*c"}]}"#, #"{"f":"acb"}"#)
        assertMatch(#"{"f":[{"wildcard":"*ab*ab"}]}"#, #"{"f":"xabyabab"}"#)
        assertMatch(#"{"f":[{"wildcard":"a\\*b"}]}"#, #"{"f":"a*b"}"#)
        assertNoMatch(#"{"f":[{"wildcard":"a\\*b"}]}"#, #"{"f":"axb"}"#)
        assertMatch(#"{"f":[{"wildcard":"a\\\\*"}]}"#, #"{"f":"a\\xyz"}"#)
        assertNoMatch(#"{"f":[{"wildcard":"1*"}]}"#, #"{"f":12}"#)
    }

    func testSideBySideArraysDoNotMultiplyTheConsistencySearch() throws {
        // Three arrays under one object, 400 elements each, each element holding a different
        // one or two of four fields; the pattern needs, in each array, one element with all four.
        let fields = ["a", "b", "c", "d"]
        func array(complete: Bool) -> String {
            var elements = (0..<400).map { i in
                #"{"\#(fields[i % 4])":"v","\#(fields[(i / 4) % 4])":"v","n":\#(i)}"#
            }
            if complete { elements[399] = #"{"a":"v","b":"v","c":"v","d":"v"}"# }
            return "[" + elements.joined(separator: ",") + "]"
        }
        let part = "{" + fields.map { #""\#($0)":["v"]"# }.joined(separator: ",") + "}"
        let pattern = #"{"o":{"x":\#(part),"y":\#(part),"z":\#(part)}}"#
        func event(_ z: Bool) -> String { #"{"o":{"x":\#(array(complete: true)),"y":\#(array(complete: true)),"z":\#(array(complete: z))}}"# }
        assertNoMatch(pattern, event(false))
        assertMatch(pattern, event(true))
    }

    func testManyWildcardsOnOneFieldMatchAsEachAlone() throws {
        // Past a handful of operands the field's wildcards are found by their literal runs; the
        // result must be what testing every operand alone gives, for any value.
        var generator = SystemRandomNumberGenerator()
        func randomText(_ length: Int, stars: Bool) -> String {
            let letters = Array((stars ? "ab:/*" : "ab:/").utf8)
            var bytes: [UInt8] = []
            while bytes.count < length {
                let byte = letters.randomElement(using: &generator)!
                if byte == UInt8(ascii: "*") && bytes.last == byte { continue }  // "**" is invalid
                bytes.append(byte)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        for _ in 0..<40 {
            var operands = Set<String>()
            while operands.count < 30 { operands.insert(randomText(Int.random(in: 1...6, using: &generator), stars: true)) }
            let list = Array(operands)
            let patterns = try list.map { try EventPattern(text: #"{"f":[{"wildcard":"\#($0)"}]}"#, limits: PatternLimits(maxLength: 2048, maxCombinations: 1000, maxWildcardComplexity: 1000)) }
            let set = PatternSet(patterns)
            let singles = try list.map { try WildcardPattern($0, path: "f") }
            for _ in 0..<50 {
                let value = randomText(Int.random(in: 0...12, using: &generator), stars: false)
                var bytes = Array(#"{"f":"\#(value)"}"#.utf8)
                let got = try bytes.withUnsafeMutableBytes { try set.matches(json: UnsafeRawBufferPointer($0)) }
                let expected = Array(value.utf8).withUnsafeBytes { text in singles.indices.filter { singles[$0].matches(text) } }
                XCTAssertEqual(got, expected, "value \(value) against \(list)")
            }
        }
    }

    func testManyAnythingButListsOnOneFieldMatchAsEachAlone() throws {
        // Lists of exact strings and numbers are indexed by excluded value for the whole field.
        var generator = SystemRandomNumberGenerator()
        let words = ["a", "b", "c", "d", "e"]
        for _ in 0..<30 {
            var patterns: [String] = []
            for _ in 0..<20 {
                let strings = words.shuffled(using: &generator).prefix(Int.random(in: 1...3, using: &generator))
                let numbers = (0..<Int.random(in: 1...3, using: &generator)).map { _ in Int.random(in: 0...4, using: &generator) }
                patterns.append(Bool.random(using: &generator)
                    ? #"{"f":[{"anything-but":[\#(strings.map { "\"\($0)\"" }.joined(separator: ","))]}]}"#
                    : #"{"f":[{"anything-but":[\#(numbers.map(String.init).joined(separator: ","))]}]}"#)
            }
            let set = PatternSet(try patterns.map { try EventPattern(text: $0) })
            let alone = try patterns.map { PatternSet([try EventPattern(text: $0)]) }
            let values = words.map { "\"\($0)\"" } + ["0", "1.0", "4e0", "7", "true", "null", "[\"a\",\"b\"]", "[2,3]", "[]", "{}"]
            for value in values {
                var bytes = Array(#"{"f":\#(value)}"#.utf8)
                let got = try bytes.withUnsafeMutableBytes { try set.matches(json: UnsafeRawBufferPointer($0)) }
                let expected = try alone.indices.filter { index in
                    try bytes.withUnsafeMutableBytes { try !alone[index].matches(json: UnsafeRawBufferPointer($0)).isEmpty }
                }
                XCTAssertEqual(got, expected, "value \(value) against \(patterns)")
            }
        }
    }

    func testSubstringAutomatonFindsEveryOccurrence() {
        let strings = ["he", "she", "his", "hers", "s", "", "abcab"].filter { !$0.isEmpty }.map { Array($0.utf8) }
        let automaton = SubstringAutomaton(strings)
        for text in ["ushers", "", "hishe", "abcabcab", "zzz", "sss"] {
            var found: [Int32] = []
            Array(text.utf8).withUnsafeBytes { automaton.forEachOccurrence(in: $0) { found.append($0) } }
            var expected: [Int32] = []
            let bytes = Array(text.utf8)
            for end in 0...bytes.count {
                for (number, string) in strings.enumerated() where string.count <= end && Array(bytes[(end - string.count)..<end]) == string {
                    expected.append(Int32(number))
                }
            }
            XCTAssertEqual(found.sorted(), expected.sorted(), text)
        }
    }

    func testOrAtAnyDepth() {
        let top = #"{"$or":[{"a":["1"]},{"b":["2"]}]}"#
        assertMatch(top, #"{"b":"2"}"#)
        assertNoMatch(top, #"{"a":"2"}"#)
        let nested = #"{"source":["s"],"detail":{"$or":[{"x":[{"numeric":[">",5]}]},{"y":{"$or":[{"z":["a"]},{"w":[{"exists":true}]}]}}]}}"#
        assertMatch(nested, #"{"source":"s","detail":{"x":6}}"#)
        assertMatch(nested, #"{"source":"s","detail":{"y":{"w":null}}}"#)
        assertMatch(nested, #"{"source":"s","detail":{"y":{"z":"a"}}}"#)
        assertNoMatch(nested, #"{"source":"t","detail":{"x":6}}"#)
        assertNoMatch(nested, #"{"source":"s","detail":{"x":5}}"#)
    }

    func testNestedObjectsAndDottedKeys() {
        for pattern in [#"{"a":{"b":["x"]}}"#, #"{"a.b":["x"]}"#] {
            assertMatch(pattern, #"{"a":{"b":"x"}}"#)
            assertMatch(pattern, #"{"a.b":"x"}"#)
            assertNoMatch(pattern, #"{"a":{"c":"x"}}"#)
        }
        assertMatch(#"{"a":{"b.c":["x"]}}"#, #"{"a.b":{"c":"x"}}"#)
    }

    func testArraysMatchAnyElementAndAreCrushed() {
        assertMatch(#"{"r":["arn:2"]}"#, #"{"r":["arn:1","arn:2"]}"#)
        assertNoMatch(#"{"r":["arn:3"]}"#, #"{"r":["arn:1","arn:2"]}"#)
        assertMatch(#"{"r":{"id":["b"]}}"#, #"{"r":[{"id":"a"},{"id":"b"}]}"#)
        assertMatch(#"{"r":[3]}"#, #"{"r":[[1,2],[3]]}"#)
        assertNoMatch(#"{"r":[{"exists":true}]}"#, #"{"r":[]}"#)
    }

    func testFieldsOfOnePatternMustShareTheArrayElement() {
        // event-ruler README, "JSON Array Matching": rulesForJSONEvent is array-consistent.
        let employees = #"{"employees":[{"firstName":"John","lastName":"Doe"},{"firstName":"Anna","lastName":"Smith"},{"firstName":"Peter","lastName":"Jones"}]}"#
        assertMatch(#"{"employees":{"firstName":["Anna"]}}"#, employees)
        assertMatch(#"{"employees":{"firstName":["Anna"],"lastName":["Smith"]}}"#, employees)
        assertNoMatch(#"{"employees":{"firstName":["Anna"],"lastName":["Jones"]}}"#, employees)
        // nested arrays: the inner elements differ
        assertNoMatch(#"{"a":{"b":[1],"c":[2]}}"#, #"{"a":[[{"b":1},{"c":2}]]}"#)
        assertMatch(#"{"a":{"b":[1],"c":[2]}}"#, #"{"a":[[{"b":1,"c":2}]]}"#)
        // the outer elements differ even though both values are first in their inner arrays
        assertNoMatch(#"{"a":{"b":[1],"c":[2]}}"#, #"{"a":[[{"b":1}],[{"c":2}]]}"#)
        // different arrays do not constrain each other
        assertMatch(#"{"a":{"b":[1]},"d":{"e":[2]}}"#, #"{"a":[{"b":0},{"b":1}],"d":[{"e":2},{"e":3}]}"#)
        // a value outside arrays goes with any element
        assertMatch(#"{"x":["1"],"a":{"b":["2"]}}"#, #"{"x":"1","a":[{"b":"9"},{"b":"2"}]}"#)
        // the first element that satisfies one field need not be the one chosen
        assertMatch(#"{"e":{"f":["A"],"l":["S"]}}"#, #"{"e":[{"f":"A","l":"D"},{"f":"A","l":"S"}]}"#)
        assertMatch(#"{"e":{"f":["A"],"l":["S"],"m":[{"exists":true}]}}"#,
                    #"{"e":[{"f":"A","l":"S"},{"f":"A","l":"S","m":0}]}"#)
        assertNoMatch(#"{"e":{"f":["A"],"l":["S"],"m":[{"exists":true}]}}"#,
                      #"{"e":[{"f":"A","l":"S"},{"f":"A","m":0}]}"#)
        // every operator takes part: exists, anything-but, numeric, prefix
        assertNoMatch(#"{"e":{"f":["A"],"l":[{"exists":true}]}}"#, #"{"e":[{"f":"A"},{"l":"x"}]}"#)
        assertNoMatch(#"{"e":{"f":[{"prefix":"A"}],"n":[{"numeric":[">",5]}]}}"#, #"{"e":[{"f":"Ab","n":1},{"f":"B","n":9}]}"#)
        assertMatch(#"{"e":{"f":[{"anything-but":"B"}],"n":[{"numeric":[">",5]}]}}"#, #"{"e":[{"f":"B","n":9},{"f":"C","n":7}]}"#)
        assertNoMatch(#"{"e":{"f":[{"anything-but":"B"}],"n":[{"numeric":[">",5]}]}}"#, #"{"e":[{"f":"B","n":9},{"f":"C","n":1}]}"#)
        // each $or branch is judged on its own
        assertMatch(#"{"e":{"$or":[{"f":["A"],"l":["S"]},{"f":["J"]}]}}"#, #"{"e":[{"f":"A","l":"D"},{"f":"J","l":"S"}]}"#)
        assertNoMatch(#"{"e":{"$or":[{"f":["A"],"l":["S"]},{"f":["Q"]}]}}"#, #"{"e":[{"f":"A","l":"D"},{"f":"J","l":"S"}]}"#)
        // exists:false is judged on the whole event, as a field that is absent everywhere
        assertMatch(#"{"e":{"f":["A"],"z":[{"exists":false}]}}"#, #"{"e":[{"f":"A"},{"g":1}]}"#)
        assertNoMatch(#"{"e":{"f":["A"],"z":[{"exists":false}]}}"#, #"{"e":[{"f":"A"},{"z":1}]}"#)
    }

    func testArrayConsistencyOverRealFindingResources() throws {
        let pattern = #"{"detail":{"findings":{"Resources":{"Type":["AwsS3Bucket"],"Id":[{"prefix":"arn:aws:s3:::logs"}]}}}}"#
        let mixed = #"{"detail":{"findings":[{"Resources":[{"Type":"AwsS3Bucket","Id":"arn:aws:s3:::data"},{"Type":"AwsS3Object","Id":"arn:aws:s3:::logs/a"}]}]}}"#
        assertNoMatch(pattern, mixed)
        let same = #"{"detail":{"findings":[{"Resources":[{"Type":"AwsEc2Instance","Id":"i-1"},{"Type":"AwsS3Bucket","Id":"arn:aws:s3:::logs"}]}]}}"#
        assertMatch(pattern, same)
    }

    func testManyArrayElementsStayFast() throws {
        // 2,000 elements that each satisfy one of two fields: no element satisfies both.
        var elements: [String] = []
        for i in 0..<1000 { elements.append(#"{"f":"A","i":\#(i)}"#); elements.append(#"{"l":"S","i":\#(i)}"#) }
        let event = #"{"e":["# + elements.joined(separator: ",") + "]}"
        assertNoMatch(#"{"e":{"f":["A"],"l":["S"]}}"#, event)
        assertMatch(#"{"e":{"f":["A"],"l":["S"]}}"#, #"{"e":["# + elements.joined(separator: ",") + #",{"f":"A","l":"S"}]}"#)
    }

    func testDuplicateKeysLastWins() {
        assertMatch(#"{"a":["x"],"a":["y"]}"#, #"{"a":"y"}"#)
        assertNoMatch(#"{"a":["x"],"a":["y"]}"#, #"{"a":"x"}"#)
        assertMatch(#"{"a":["y"]}"#, #"{"a":"x","a":"y"}"#)
    }

    func testEscapedKeysAndValuesInEvents() {
        assertMatch(#"{"k\"q":["v\n"]}"#, #"{"k\u0022q":"v\u000a"}"#)
        assertMatch(#"{"k":[{"prefix":"é"}]}"#, #"{"k":"\u00e9t\u00e9"}"#)
    }

    func testSkippedValuesAreSteppedOverExactly() {
        let pattern = #"{"k":["v"]}"#
        let tricky = [
            #"{"skip":[{"a":"]}"},"x\"]",["[",{"}":"{"}]],"k":"v"}"#,
            #"{"skip":{"s":"12345678\"]]]]]]]]]]]]]]]]]]]]]]"},"k":"v"}"#,
            #"{"skip":["ab","c","Yy_","é]","\u005d","abcdefghijklmnopq]rstu"],"k":"v"}"#,
            #"{"skip":[[[[[[[[[[]]]]]]]]]],"k":"v"}"#,
        ]
        for event in tricky { assertMatch(pattern, event) }
        assertNoMatch(pattern, #"{"skip":["]"],"k":"w"}"#)
    }

    func testMalformedSkippedValuesAreRejectedByTheScanner() throws {
        let set = PatternSet([try EventPattern(text: #"{"k":["v"]}"#)])
        let bad = [
            #"{"skip":[1,2},"k":"v"}"#, #"{"skip":{"a":1]],"k":"v"}"#, #"{"skip":[1, Y],"k":"v"}"#,
            "{\"skip\":[\"a\u{01}b\"],\"k\":\"v\"}", #"{"skip":["abc],"k":"v"}"#, #"{"skip":[1,2,"k":"v"}"#,
            #"{"k":"v"} x"#, #"{"k":"v\q"}"#, #"{"k":01}"#,
        ]
        for text in bad {
            var bytes = Array(text.utf8)
            XCTAssertThrowsError(try bytes.withUnsafeMutableBytes { try set.matches(json: UnsafeRawBufferPointer($0)) }, text)
        }
    }

    func testManyPatternsReportEachMatchOnceInOrder() throws {
        let set = PatternSet([
            (name: "a", pattern: try EventPattern(text: #"{"x":["1"]}"#)),
            (name: "b", pattern: try EventPattern(text: #"{"$or":[{"x":["1"]},{"y":["2"]}]}"#)),
            (name: "c", pattern: try EventPattern(text: #"{"z":[{"exists":false}]}"#)),
            (name: "d", pattern: try EventPattern(text: #"{"y":["3"]}"#)),
        ])
        var bytes = Array(#"{"x":"1","y":"2"}"#.utf8)
        let result = try bytes.withUnsafeMutableBytes { try set.matches(json: UnsafeRawBufferPointer($0)) }
        XCTAssertEqual(result, [0, 1, 2])
        var other = Array(#"{"y":"3","z":0}"#.utf8)
        XCTAssertEqual(try other.withUnsafeMutableBytes { try set.matches(json: UnsafeRawBufferPointer($0)) }, [3])
        XCTAssertEqual(set.fieldPaths, ["x", "y", "z"])
    }
}

/// The two ways of finding structural bytes agree with a byte-by-byte reading.
final class StructuralBlockTests: XCTestCase {
    func testMasksMatchBytes() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = Array(#"{}[]"\ :,aYy_0-é"#.utf8) + [0x01, 0x1F, 0x7F, 0x80, 0xFF, 0x20, 0x5C]
        for _ in 0..<2000 {
            let bytes = (0..<64).map { _ in alphabet.randomElement(using: &generator)! }
            var quotes: UInt64 = 0, brackets: UInt64 = 0, special: UInt64 = 0
            for (k, c) in bytes.enumerated() {
                if c == 0x22 { quotes |= 1 << UInt64(k) }
                if c & 0xD9 == 0x59 { brackets |= 1 << UInt64(k) }
                if c == 0x5C || c < 0x20 || c >= 0x80 { special |= 1 << UInt64(k) }
            }
            bytes.withUnsafeBytes { raw in
                var blocks = [StructuralBlock.portable(raw.baseAddress!), StructuralBlock(raw.baseAddress!)]
                #if arch(x86_64)
                blocks.append(StructuralBlock.vector(raw.baseAddress!))
                #endif
                for block in blocks {
                    XCTAssertEqual(block.quotes, quotes)
                    XCTAssertEqual(block.brackets, brackets)
                    XCTAssertEqual(block.special, special)
                }
            }
        }
    }
}
