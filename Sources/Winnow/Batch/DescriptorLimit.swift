import Foundation

/// The process's limit on open descriptors. A threaded batch hands each small input to a worker
/// open, so the window may hold as many open files as it holds items.
enum DescriptorLimit {
    /// Whether `count` descriptors fit within the soft limit, which is raised toward the hard
    /// limit (only as far as `count`) when they do not: many systems start processes at 1,024,
    /// macOS at 256.
    static func allows(_ count: Int) -> Bool {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return false }
        let wanted = rlim_t(count)
        if limit.rlim_cur >= wanted { return true }
        guard limit.rlim_max >= wanted else { return false }
        limit.rlim_cur = wanted
        return setrlimit(resource, &limit) == 0
    }

    #if canImport(Glibc)
    private static let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
    private static let resource = RLIMIT_NOFILE
    #endif
}
