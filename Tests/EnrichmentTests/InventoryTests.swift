import XCTest
import FindingsCore
@testable import Enrichment

/// Fixture paths and throw-away files for inventory tests.
enum EnrichFixtures {
    static func path(_ name: String) -> String {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/enrich/\(name)").path
    }
}

extension XCTestCase {
    /// Writes `text` to a temporary file (removed after the test) and returns its path.
    func temporaryFile(_ name: String, _ text: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("enrich-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The message of the configuration error `body` throws.
    func configurationError(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            try body()
            XCTFail("expected a configuration error", file: file, line: line)
            return ""
        } catch let error as ConfigurationError {
            return error.message
        } catch {
            XCTFail("unexpected \(error)", file: file, line: line)
            return ""
        }
    }
}

final class AccountDirectoryTests: XCTestCase {
    func testListAccountsThenMapsMergeValueByValue() throws {
        var accounts = AccountDirectory()
        try accounts.loadOrganizationsAccounts(EnrichFixtures.path("organizations-list-accounts.json"))
        try accounts.loadAccountMap(EnrichFixtures.path("account-map.csv"))
        try accounts.loadAccountMap(EnrichFixtures.path("account-map.json"))
        XCTAssertEqual(accounts.count, 5)
        XCTAssertEqual(accounts.record(for: "111111111111"), AccountRecord(name: "Master Account"))
        XCTAssertEqual(accounts.record(for: "222222222222"),
                       AccountRecord(name: "Developer Account", owner: "alice@example.com", environment: "dev", organizationalUnit: "ou-a1b2-devteam"))
        XCTAssertEqual(accounts.record(for: "333333333333"),
                       AccountRecord(name: "Test Account, EU", owner: "QA \"core\" team", environment: "test", organizationalUnit: "ou-a1b2-qa"))
        XCTAssertEqual(accounts.record(for: "555555555555"),
                       AccountRecord(name: "Shared Services", environment: "prod", organizationalUnit: "ou-a1b2-infra"))
        XCTAssertNil(accounts.record(for: "999999999999"))
    }

    func testBadEntriesNameFileAndLine() throws {
        let shortId = try temporaryFile("map.csv", "id,name\n123456789012,ok\n12345,short\n")
        XCTAssertEqual(configurationError { var a = AccountDirectory(); try a.loadAccountMap(shortId) },
                       "\(shortId):3: account id \"12345\" is not 12 digits")
        let noId = try temporaryFile("map.csv", "name,owner\nx,y\n")
        XCTAssertTrue(configurationError { var a = AccountDirectory(); try a.loadAccountMap(noId) }
            .hasPrefix("\(noId):1: CSV header has no \"id\" column"))
        let quote = try temporaryFile("map.csv", "id,name\n123456789012,\"open\n")
        XCTAssertEqual(configurationError { var a = AccountDirectory(); try a.loadAccountMap(quote) },
                       "\(quote):2: unterminated quoted CSV field")
        let json = try temporaryFile("map.json", "[\n {\"id\": \"123456789012\"},\n {\"id\": \"123456789012\", \"team\": \"x\"}\n]\n")
        XCTAssertTrue(configurationError { var a = AccountDirectory(); try a.loadAccountMap(json) }
            .hasPrefix("\(json):3: [1]: unknown member \"team\""))
        let organizations = try temporaryFile("accounts.json", "{\"Accounts\": [\n  {\"Id\": \"1111\", \"Name\": \"x\"}\n]}")
        XCTAssertEqual(configurationError { var a = AccountDirectory(); try a.loadOrganizationsAccounts(organizations) },
                       "\(organizations):2: Accounts[0].Id: account id \"1111\" is not 12 digits")
        let notAccounts = try temporaryFile("accounts.json", "{\"Users\": []}")
        XCTAssertEqual(configurationError { var a = AccountDirectory(); try a.loadOrganizationsAccounts(notAccounts) },
                       "\(notAccounts):1: not list-accounts output: no \"Accounts\" array")
        let broken = try temporaryFile("accounts.json", "{\"Accounts\": [\n,]}")
        XCTAssertTrue(configurationError { var a = AccountDirectory(); try a.loadOrganizationsAccounts(broken) }
            .hasPrefix("\(broken):1: invalid JSON"))
        XCTAssertTrue(configurationError { var a = AccountDirectory(); try a.loadOrganizationsAccounts("/nonexistent/accounts.json") }
            .hasPrefix("/nonexistent/accounts.json: "))
    }
}

final class AssetInventoryTests: XCTestCase {
    func testTaggedResourcesAndAssetMaps() throws {
        var assets = AssetInventory()
        try assets.loadTaggedResources(EnrichFixtures.path("tagging-get-resources.json"))
        let instance = "arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0"
        XCTAssertEqual(assets.record(for: instance), AssetRecord(criticality: 90, reach: .internal))
        XCTAssertEqual(assets.record(for: "arn:aws:s3:::example-sandbox-bucket"), AssetRecord(criticality: 20))
        XCTAssertEqual(assets.record(for: "arn:aws:inspector:us-west-2:123456789012:target/0-nvgVhaxX/template/0-7sbz2Kz0"), AssetRecord())

        try assets.loadAssetMap(EnrichFixtures.path("asset-map.csv"))
        try assets.loadAssetMap(EnrichFixtures.path("asset-map.json"))
        // The map's tag sets criticality low and its column reach none; both override the tags read before.
        XCTAssertEqual(assets.record(for: instance), AssetRecord(criticality: 20, reach: Reachability.none))
        XCTAssertEqual(assets.record(for: "arn:aws:ec2:us-east-1:123456789012:instance/i-0aaaaaaaaaaaaaaaa"),
                       AssetRecord(criticality: 100, reach: .internet), "an ARN falls back to its bare resource id")
        XCTAssertEqual(assets.record(for: "arn:aws:lambda:us-east-1:123456789012:function:resize"), AssetRecord(criticality: 35, reach: .internal))
        XCTAssertEqual(assets.record(for: "i-0bbbbbbbbbbbbbbbb")?.criticalityClass, .high)
        XCTAssertEqual(assets.record(for: "arn:aws:rds:eu-west-1:123456789012:db:orders"), AssetRecord(criticality: 90))
        XCTAssertNil(assets.record(for: "arn:aws:ec2:us-east-1:123456789012:instance/i-0ffffffffffffffff"))
    }

    func testConfiguredTagKeys() throws {
        let path = try temporaryFile("resources.json", #"{"ResourceTagMappingList":[{"ResourceARN":"arn:aws:s3:::b","Tags":[{"Key":"Tier","Value":"1"},{"Key":"criticality","Value":"junk"}]}]}"#)
        var assets = AssetInventory(criticalityTag: "tier", reachTag: "exposure")
        try assets.loadTaggedResources(path)
        XCTAssertEqual(assets.record(for: "arn:aws:s3:::b"), AssetRecord(criticality: 1))
    }

    func testBadEntriesNameFileAndLine() throws {
        let badCriticality = try temporaryFile("assets.csv", "resource,criticality\ni-1,high\ni-2,urgent\n")
        XCTAssertTrue(configurationError { var a = AssetInventory(); try a.loadAssetMap(badCriticality) }
            .hasPrefix("\(badCriticality):3: criticality \"urgent\" is not"))
        let badReach = try temporaryFile("assets.csv", "arn,reach\ni-1,everywhere\n")
        XCTAssertEqual(configurationError { var a = AssetInventory(); try a.loadAssetMap(badReach) },
                       "\(badReach):2: reach \"everywhere\" is not internet, internal, none or unknown")
        let badTag = try temporaryFile("assets.csv", "resource,tags\ni-1,owner\n")
        XCTAssertEqual(configurationError { var a = AssetInventory(); try a.loadAssetMap(badTag) },
                       "\(badTag):2: tag \"owner\" is not key=value")
        let outOfRange = try temporaryFile("assets.json", "[\n  {\"resource\": \"i-1\",\n   \"criticality\": 101}\n]")
        XCTAssertTrue(configurationError { var a = AssetInventory(); try a.loadAssetMap(outOfRange) }
            .hasPrefix("\(outOfRange):3: [0].criticality: criticality \"101\""))
        let noArn = try temporaryFile("resources.json", "{\"ResourceTagMappingList\": [\n  {\"Tags\": []}\n]}")
        XCTAssertEqual(configurationError { var a = AssetInventory(); try a.loadTaggedResources(noArn) },
                       "\(noArn):2: ResourceTagMappingList[0]: expected an object with a \"ResourceARN\" string")
        let badTagValue = try temporaryFile("resources.json", "{\"ResourceTagMappingList\": [\n  {\"ResourceARN\": \"arn:x\", \"Tags\": [\n {\"Key\": \"reach\", \"Value\": \"far\"}]}\n]}")
        XCTAssertEqual(configurationError { var a = AssetInventory(); try a.loadTaggedResources(badTagValue) },
                       "\(badTagValue):3: ResourceTagMappingList[0].Tags[0]: reach \"far\" is not internet, internal, none or unknown")
    }
}

final class ThreatIntelTests: XCTestCase {
    func testKEVCatalog() throws {
        var kev = KEVCatalog()
        try kev.load(EnrichFixtures.path("kev.json"))
        XCTAssertEqual(kev.count, 3)
        XCTAssertEqual(kev.catalogVersion, "2026.05.18")
        XCTAssertEqual(kev.entry(for: "CVE-2021-44228"), KEVEntry(dateAdded: "2021-12-10", dueDate: "2021-12-24", ransomware: true))
        XCTAssertEqual(kev.entry(for: "cve-2014-0160")?.ransomware, false)
        XCTAssertNil(kev.entry(for: "CVE-2023-42753"))
    }

    func testKEVErrorsNameTheEntry() throws {
        let missing = try temporaryFile("kev.json", "{\"vulnerabilities\": [\n  {\"cveID\": \"CVE-2021-44228\", \"vendorProject\": \"Apache\"}\n]}")
        XCTAssertEqual(configurationError { var k = KEVCatalog(); try k.load(missing) },
                       "\(missing):2: vulnerabilities[0]: missing required string \"product\"")
        let entry = #"{"cveID": "CVE-21-1", "vendorProject": "a", "product": "b", "vulnerabilityName": "c", "dateAdded": "2021-12-10", "shortDescription": "d", "requiredAction": "e", "dueDate": "2021-12-24"}"#
        let badId = try temporaryFile("kev.json", "{\"vulnerabilities\": [\n\(entry)]}")
        XCTAssertEqual(configurationError { var k = KEVCatalog(); try k.load(badId) },
                       "\(badId):2: vulnerabilities[0].cveID: \"CVE-21-1\" is not CVE-YYYY-NNNN")
        let badDate = try temporaryFile("kev.json", "{\"vulnerabilities\": [\n\(entry.replacingOccurrences(of: "CVE-21-1", with: "CVE-2021-1234").replacingOccurrences(of: "2021-12-24", with: "12/24/2021"))]}")
        XCTAssertEqual(configurationError { var k = KEVCatalog(); try k.load(badDate) },
                       "\(badDate):2: vulnerabilities[0].dueDate: \"12/24/2021\" is not a YYYY-MM-DD date")
        let notKEV = try temporaryFile("kev.json", "[]")
        XCTAssertTrue(configurationError { var k = KEVCatalog(); try k.load(notKEV) }.contains("not a CISA KEV catalog"))
    }

    func testEPSSPlainAndGzip() throws {
        for name in ["epss.csv", "epss.csv.gz"] {
            var epss = EPSSTable()
            try epss.load(EnrichFixtures.path(name))
            XCTAssertEqual(epss.count, 4, name)
            XCTAssertEqual(epss.modelVersion, "v2025.03.14")
            XCTAssertEqual(epss.scoreDate, "2026-05-18T00:00:00Z")
            XCTAssertEqual(epss.entry(for: "CVE-2014-0160"), EPSSEntry(score: 0.97547, percentile: 0.99985, scoreText: "0.97547", percentileText: "0.99985"))
        }
    }

    func testEPSSErrorsNameTheLine() throws {
        let badScore = try temporaryFile("epss.csv", "#model_version:v1\ncve,epss,percentile\nCVE-1999-0001,0.1,0.2\nCVE-1999-0002,1.7,0.2\n")
        XCTAssertEqual(configurationError { var e = EPSSTable(); try e.load(badScore) },
                       "\(badScore):4: epss \"1.7\" is not a probability from 0 to 1")
        let badCVE = try temporaryFile("epss.csv", "cve,epss,percentile\nGHSA-xxxx,0.1,0.2\n")
        XCTAssertEqual(configurationError { var e = EPSSTable(); try e.load(badCVE) }, "\(badCVE):2: \"GHSA-xxxx\" is not a CVE id")
        let noHeader = try temporaryFile("epss.csv", "CVE-1999-0001,0.1,0.2\n")
        XCTAssertTrue(configurationError { var e = EPSSTable(); try e.load(noHeader) }.hasPrefix("\(noHeader):1: CSV header has no \"cve\" column"))
        let truncated = try temporaryFile("epss.csv.gz", "")
        try Data([0x1f, 0x8b, 0x08, 0x00, 0x00]).write(to: URL(fileURLWithPath: truncated))
        XCTAssertTrue(configurationError { var e = EPSSTable(); try e.load(truncated) }.hasPrefix("\(truncated): "))
    }

    func testIPReputationList() throws {
        let list = try IPReputationList(path: EnrichFixtures.path("bad-ips.txt"))
        XCTAssertEqual(list.name, "bad-ips.txt")
        XCTAssertEqual(list.count, 3)
        XCTAssertTrue(list.contains("198.51.100.200"))
        XCTAssertTrue(list.contains("203.0.113.7"))
        XCTAssertFalse(list.contains("203.0.113.8"))
        XCTAssertTrue(list.contains("2001:db8:bad:1::5"))
        XCTAssertFalse(list.contains("2001:db8:bae::1"))
        XCTAssertFalse(list.contains("not an address"))
        let bad = try temporaryFile("ips.txt", "10.0.0.0/8\n10.0.0.0/33\n")
        XCTAssertEqual(configurationError { _ = try IPReputationList(path: bad) },
                       "\(bad):2: \"10.0.0.0/33\" is not an IPv4 or IPv6 address or CIDR block")
    }

    func testAddressParsing() {
        XCTAssertEqual(IPBlock("10.1.2.3/8"), .v4(0x0A00_0000, 8))
        XCTAssertEqual(IPBlock("::ffff:192.0.2.1"), .v6(0xFFFF_C000_0201, 128))
        XCTAssertEqual(IPBlock("::/0"), .v6(0, 0))
        for bad in ["1.2.3", "1.2.3.256", "01.2.3.4", "1::2::3", "12345::", "1.2.3.4/", ":::"] { XCTAssertNil(IPBlock(bad), bad) }
        XCTAssertTrue(FindingExposure.isPublicIPv4("203.0.113.20"))
        for address in ["10.0.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1", "127.0.0.1", "169.254.169.254"] {
            XCTAssertFalse(FindingExposure.isPublicIPv4(address), address)
        }
    }
}
