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
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .target(name: "FindingsCore", dependencies: ["CZlib"], swiftSettings: fastRelease),
        .testTarget(name: "FindingsCoreTests", dependencies: ["FindingsCore"],
                    resources: [.copy("Fixtures")]),
    ]
)
