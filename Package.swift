// swift-tools-version:6.0
// IoTShield — real-time intrusion detection for IoT networks, trained on CICIoT2023.
import PackageDescription

let optimise: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-wmo"], .when(configuration: .release))]

let package = Package(
    name: "IoTShield",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "iotshield", targets: ["iotshield"]),
        .library(name: "IoTData", targets: ["IoTData"]),
        .library(name: "IoTModels", targets: ["IoTModels"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System libraries, installed by `make deps` through apt.
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        // OpenBLAS through its CBLAS header: the dense math of the linear models and the network.
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),

        // Single-row fused multiply-add kernels (C: Swift cannot enable FMA per function).
        .target(name: "CDenseKernels"),

        // Data layer: schema, taxonomy, CSV scanner, column store.
        .target(name: "IoTData", dependencies: ["CZstd"], swiftSettings: optimise),

        // Models: the Classifier contract, trees, linear models, the dense network, model files.
        .target(name: "IoTModels", dependencies: ["IoTData", "CBLAS", "CDenseKernels"], swiftSettings: optimise),

        // The command-line tool: wires subcommands to library entry points.
        .executableTarget(
            name: "iotshield",
            dependencies: [
                "IoTData",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: optimise),

        .testTarget(name: "IoTDataTests", dependencies: ["IoTData"]),
        // Linear models and the dense network on the real samples; scikit-learn fixture in Tests/Fixtures.
        .testTarget(name: "IoTModelsLinearTests", dependencies: ["IoTModels", "IoTData"]),
        // Runs the built `iotshield` binary: exit codes, messages, JSON output.
        .testTarget(name: "IoTShieldCLITests", dependencies: ["iotshield"]),
    ]
)
