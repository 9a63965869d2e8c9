// swift-tools-version: 6.0
// The libFuzzer targets for the CSV reader, the query language and the model readers, kept out of the main package so that
// `swift build` and `swift test` never build it. See docs/fuzzing.md.
import Foundation
import PackageDescription

// A path dependency is known by its folder's name, which depends on where the repository is cloned.
let rootName = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "credit-explorer-fuzz",
    dependencies: [.package(path: "../")],
    targets: [
        .executableTarget(
            name: "CSVFuzzer",
            dependencies: [.product(name: "Tables", package: rootName)]
        ),
        .executableTarget(
            name: "QueryFuzzer",
            dependencies: [.product(name: "Tables", package: rootName), .product(name: "Query", package: rootName)]
        ),
        .executableTarget(
            name: "ModelFuzzer",
            dependencies: [.product(name: "Models", package: rootName), .product(name: "Explain", package: rootName)]
        ),
    ]
)
