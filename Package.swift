// swift-tools-version: 6.0
import PackageDescription

// Release builds already use whole-module optimisation; hot kernels are written
// non-generic so they specialise without cross-module inlining.
let strictSwift: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "credit-explorer",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "credit-explorer", targets: ["credit-explorer"]),
        .library(name: "Tables", targets: ["Tables"]),
        .library(name: "HomeCredit", targets: ["HomeCredit"]),
        .library(name: "Query", targets: ["Query"]),
        .library(name: "Plots", targets: ["Plots"]),
        .library(name: "Models", targets: ["Models"]),
        .library(name: "Explain", targets: ["Explain"]),
        .library(name: "Features", targets: ["Features"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // The columnar engine: columns, tables, kernels, CSV and the binary cache.
        // Imports nothing of ours, so every other module can stand on it.
        .target(name: "Tables", swiftSettings: strictSwift),

        // The Home Credit domain: the eight files, their relations, the column
        // dictionary, column roles and the synthetic data generator.
        .target(name: "HomeCredit", dependencies: ["Tables"], swiftSettings: strictSwift),

        // The query language: lexer, parser and evaluator of pipelines over tables.
        .target(name: "Query", dependencies: ["Tables"], swiftSettings: strictSwift),

        // Feature recipes: running one into a feature table, per-client recomputation with frozen
        // levels, and each feature's lineage told in words (English and French).
        .target(name: "Features", dependencies: ["Tables", "Query", "HomeCredit"], swiftSettings: strictSwift),

        // Terminal charts: pure functions from data and a size to lines of text.
        // Imports nothing of ours and knows nothing about terminals.
        .target(name: "Plots", swiftSettings: strictSwift),

        // The system's libedit, for the line-editing shell (installed by scripts/setup).
        .systemLibrary(
            name: "CLibEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),

        // Statements, sessions, scripts, notebooks and the interactive shell: the one module
        // that knows about terminals.
        .target(
            name: "Shell",
            dependencies: ["Tables", "HomeCredit", "Query", "Plots", "Models", "Explain", "Features", "CLibEdit"],
            swiftSettings: strictSwift
        ),

        // Scoring models: metrics, feature matrices, gradient-boosted trees.
        // Stands on Tables only, so the shell can drive it without a cycle.
        .target(name: "Models", dependencies: ["Tables"], swiftSettings: strictSwift),

        // Explanations of single decisions and of the portfolio: exact contributions (TreeSHAP
        // for trees, linear terms for logistic, points for scorecards). Numbers in, numbers out.
        .target(name: "Explain", dependencies: ["Models", "Tables"], swiftSettings: strictSwift),

        // The executable: argument parsing only.
        .executableTarget(
            name: "credit-explorer",
            dependencies: [
                "Shell", "HomeCredit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSwift
        ),

        .testTarget(name: "TablesTests", dependencies: ["Tables"]),
        // fixtures/differential.jsonl holds DuckDB's answers (scripts/differential-duckdb), read
        // through #filePath; HomeCredit opens the bundled data set they were computed on.
        .testTarget(name: "QueryTests", dependencies: ["Query", "Tables", "HomeCredit"], exclude: ["fixtures"]),
        .testTarget(name: "HomeCreditTests", dependencies: ["HomeCredit", "Tables"]),
        // Snapshots/explain.txt: `explain` in English and French (golden file).
        .testTarget(name: "ShellTests", dependencies: ["Shell", "HomeCredit", "Query", "Tables", "Models", "Explain"], exclude: ["Snapshots"]),
        // Snapshots are golden files read through #filePath, not resources.
        .testTarget(name: "PlotsTests", dependencies: ["Plots"], exclude: ["Snapshots"]),
        // Models trained by Python LightGBM, shared by the tests of Models and Explain
        // (written by scripts/fixtures/lightgbm-models.py).
        .target(name: "TestFixtures", path: "Tests/Fixtures"),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "Tables", "TestFixtures"]),
        .testTarget(name: "ExplainTests", dependencies: ["Explain", "Models", "Tables", "TestFixtures"]),
        // Snapshots/kernel-features.tsv: the kernel recipe's names and descriptions (golden file).
        .testTarget(name: "FeaturesTests", dependencies: ["Features", "Query", "HomeCredit", "Tables"], exclude: ["Snapshots"]),
    ]
)
