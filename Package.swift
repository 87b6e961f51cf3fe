// swift-tools-version:5.9
import PackageDescription

/// Release builds skip exclusivity checks: the hot loops keep their state in locals and
/// structs, and the checks cost measurable throughput (see README, "Performance").
let fastRelease: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "security-tooling",
    products: [
        .library(name: "FindingsCore", targets: ["FindingsCore"]),
        .executable(name: "normalize", targets: ["normalize"]),
        .executable(name: "route", targets: ["route"]),
        .executable(name: "json-core-bench", targets: ["json-core-bench"]),
        .executable(name: "remediate", targets: ["remediate"]),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CPostgres", path: "Sources/CPostgres", pkgConfig: "libpq",
                       providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CYAML", path: "Sources/CYAML", pkgConfig: "yaml-0.1",
                       providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto", pkgConfig: "libcrypto",
                       providers: [.apt(["libssl-dev"])]),
        .target(name: "FindingsCore", dependencies: ["CZlib", "CYAML"], swiftSettings: fastRelease),

        .target(name: "Normalization", dependencies: ["FindingsCore"], swiftSettings: fastRelease),
        .executableTarget(name: "normalize", dependencies: ["Normalization", "FindingsCore"],
                          swiftSettings: fastRelease),

        .target(name: "Routing", dependencies: ["FindingsCore"], swiftSettings: fastRelease),
        .executableTarget(name: "route", dependencies: ["Routing", "FindingsCore"], swiftSettings: fastRelease),

        .target(name: "Remediation", dependencies: ["FindingsCore", "CSQLite", "CCrypto"], swiftSettings: fastRelease),
        .executableTarget(name: "remediate", dependencies: ["Remediation", "FindingsCore"],
                          swiftSettings: fastRelease),

        .executableTarget(name: "json-core-bench", dependencies: ["FindingsCore"], path: "bench/json-core-bench",
                          swiftSettings: fastRelease),

        .testTarget(name: "FindingsCoreTests", dependencies: ["FindingsCore"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "NormalizationTests", dependencies: ["Normalization", "FindingsCore"]),
        .testTarget(name: "RoutingTests", dependencies: ["Routing", "FindingsCore"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "RemediationTests", dependencies: ["Remediation", "FindingsCore"]),
        .testTarget(name: "EndToEndTests", dependencies: ["FindingsCore"],
                    resources: [.copy("Fixtures")]),
    ]
)
