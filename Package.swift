// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "entraide",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "entraide", targets: ["entraide"]),
        .library(name: "EntraideCore", targets: ["EntraideCore"]),
        .library(name: "EntraideServer", targets: ["EntraideServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // AES-GCM for encounter notes at rest; already in the graph through Vapor, named here
        // because the rounds feature uses it directly.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        .target(name: "EntraideCore"),
        .target(
            name: "EntraideServer",
            dependencies: [
                "EntraideCore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "entraide",
            dependencies: [
                "EntraideServer",
                .product(name: "Vapor", package: "vapor"),
            ]
        ),
        // Image fixtures are read by path (#filePath), not bundled.
        .testTarget(name: "EntraideCoreTests", dependencies: ["EntraideCore"], exclude: ["Media/Fixtures"]),
        .testTarget(
            name: "EntraideServerTests",
            dependencies: [
                "EntraideServer",
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
    ]
)
