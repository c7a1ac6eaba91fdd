// swift-tools-version:5.9
import PackageDescription

// Winnow: a staged cleaner for scraped web pages.
// Targets are small and have one job each, wired together only in the `winnow` executable:
//   CPCRE2        the system library (Debian's libpcre2-dev, found through pkg-config)
//   CZlib         the system zlib (Debian's zlib1g-dev), for gzip-compressed inputs
//   CPrefilterKernel  the prefilter's byte loops in C (folding, single bytes), vectorised where baseline
//   WinnowPCRE2   a small, safe Swift matcher over PCRE2 (JIT, limits, errors with offsets)
//   CJSONKernel   where a JSON string's plain bytes end, sixteen bytes at a time
//   CMeasureKernel  the measure stage's word walk: counts, and each word's stopword mask
//   CNormaliseKernel  the normaliser's runs of plain text, sixteen bytes at a time
//   CReadKernel   the reading stage's count of control bytes (the binary check), sixteen bytes at a time
//   Winnow        the pipeline: read → normalise → segment → measure → classify → context → write
//   winnow        the command line
let package = Package(
    name: "Winnow",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "winnow", targets: ["winnow"]),
        .library(name: "Winnow", targets: ["Winnow"]),
        .library(name: "WinnowPCRE2", targets: ["WinnowPCRE2"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(name: "CPrefilterKernel"),
        .target(name: "WinnowPCRE2", dependencies: ["CPCRE2", "CPrefilterKernel"]),
        .target(name: "CJSONKernel"),
        .target(name: "CMeasureKernel"),
        .target(name: "CNormaliseKernel"),
        .target(name: "CReadKernel"),
        // Build-time embedding of rules/default and rules/stopwords into the binary.
        .executableTarget(name: "EmbedResourcesTool", path: "Sources/EmbedResourcesTool"),
        .plugin(
            name: "EmbedResources",
            capability: .buildTool(),
            dependencies: ["EmbedResourcesTool"],
            path: "Sources/EmbedResources"
        ),
        .target(
            name: "Winnow",
            dependencies: ["WinnowPCRE2", "CZlib", "CJSONKernel", "CMeasureKernel", "CNormaliseKernel", "CReadKernel", .product(name: "Yams", package: "Yams")],
            plugins: ["EmbedResources"]
        ),
        .executableTarget(
            name: "winnow",
            dependencies: ["Winnow", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "WinnowPCRE2Tests", dependencies: ["WinnowPCRE2"]),
        .testTarget(name: "WinnowTests", dependencies: ["Winnow"]),
        .testTarget(name: "WinnowCLITests", dependencies: ["Winnow"]),
    ]
)
