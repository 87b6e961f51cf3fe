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
        .executable(name: "json-core-bench", targets: ["json-core-bench"]),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .target(name: "FindingsCore", dependencies: ["CZlib"], swiftSettings: fastRelease),

        .target(name: "Normalization", dependencies: ["FindingsCore"], swiftSettings: fastRelease),
        .executableTarget(name: "normalize", dependencies: ["Normalization", "FindingsCore"],
                          swiftSettings: fastRelease),

        .executableTarget(name: "json-core-bench", dependencies: ["FindingsCore"], path: "bench/json-core-bench",
                          swiftSettings: fastRelease),

        .testTarget(name: "FindingsCoreTests", dependencies: ["FindingsCore"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "NormalizationTests", dependencies: ["Normalization", "FindingsCore"]),
        .testTarget(name: "EndToEndTests", dependencies: ["FindingsCore"],
                    resources: [.copy("Fixtures")]),
    ]
)
