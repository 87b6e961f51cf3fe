// swift-tools-version:5.9
import PackageDescription

/// Release builds skip exclusivity checks: the hot loops keep their state in locals and
/// structs, and the checks cost measurable throughput (see README, "Performance").
let fastRelease: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

/// One library and one thin executable per stage.
let stages: [(library: String, tool: String, dependencies: [Target.Dependency])] = [
    ("Normalization", "normalize", []),
    ("Deduplication", "dedupe", []),
    ("Enrichment", "enrich", []),
    ("Routing", "route", []),
    ("Remediation", "remediate", ["CCrypto"]),
    ("Sinks", "sink", ["CDeflate", "CCurl", "CPostgres"]),
]

/// Debian -dev package behind each system-library module.
let systemLibraries: [(name: String, pkgConfig: String, apt: String)] = [
    ("CZlib", "zlib", "zlib1g-dev"),
    ("CDeflate", "libdeflate", "libdeflate-dev"),
    ("CSQLite", "sqlite3", "libsqlite3-dev"),
    ("CPostgres", "libpq", "libpq-dev"),
    ("CCurl", "libcurl", "libcurl4-openssl-dev"),
    ("CYAML", "yaml-0.1", "libyaml-dev"),
    ("CCrypto", "libcrypto", "libssl-dev"),
]

/// Test targets with bundled fixtures.
let testsWithFixtures: Set<String> = ["FindingsCoreTests", "DeduplicationTests", "SinksTests", "RoutingTests",
                                      "EnrichmentTests", "EndToEndTests"]

func testTarget(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .testTarget(name: name, dependencies: dependencies,
                resources: testsWithFixtures.contains(name) ? [.copy("Fixtures")] : nil)
}

let package = Package(
    name: "security-tooling",
    products: [.library(name: "FindingsCore", targets: ["FindingsCore"])]
        + stages.map { .executable(name: $0.tool, targets: [$0.tool]) }
        + [.executable(name: "json-core-bench", targets: ["json-core-bench"])],
    targets: systemLibraries.map {
        .systemLibrary(name: $0.name, path: "Sources/\($0.name)", pkgConfig: $0.pkgConfig, providers: [.apt([$0.apt])])
    } + [
        .target(name: "FindingsCore", dependencies: ["CZlib", "CYAML", "CSQLite"], swiftSettings: fastRelease),
        .executableTarget(name: "json-core-bench", dependencies: ["FindingsCore"], path: "bench/json-core-bench",
                          swiftSettings: fastRelease),
        testTarget("FindingsCoreTests", ["FindingsCore"]),
        testTarget("EndToEndTests", ["FindingsCore"]),
    ] + stages.flatMap { stage -> [Target] in
        [
            .target(name: stage.library, dependencies: ["FindingsCore"] + stage.dependencies, swiftSettings: fastRelease),
            .executableTarget(name: stage.tool, dependencies: [.target(name: stage.library), "FindingsCore"],
                              swiftSettings: fastRelease),
            testTarget("\(stage.library)Tests", [.target(name: stage.library), "FindingsCore", "CSQLite"] + stage.dependencies),
        ]
    }
)
