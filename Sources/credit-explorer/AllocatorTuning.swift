#if canImport(Glibc)
import Glibc
#endif

/// Keeps freed column buffers inside the process instead of handing them back to the kernel,
/// and backs large ones with transparent huge pages.
///
/// Every query allocates fresh columns of a few megabytes. By default glibc maps each such
/// block separately and unmaps it when freed, so the next query faults every page in again
/// and the kernel zeroes it: on a 300k-row filter that was a third of the time. With blocks
/// up to 32 MB (glibc's maximum) taken from the heap, and the heap trimmed only above 512 MB
/// of free space, repeated queries reuse warm pages. Larger blocks (whole tables) are still
/// mapped and returned as before.
///
/// One arena for every thread: a column is often made on one core and freed on the other, and
/// with an arena per thread the freed memory could only serve the thread that had made it. The
/// full-size feature build ended with 700 MB free but held that way; with one arena its peak
/// fell from 5.0 to 4.5 GB, and it ran faster (allocations are few and large, so the arena's
/// lock is not contended).
///
/// Memory the process touches for the first time still costs a fault per 4 KB page: building
/// the kernel's features from the full-size CSV files faulted 2.5 million pages, 18 s of
/// kernel time on two cores. glibc backs its heap and mapped blocks with 2 MB pages when the
/// tunable `glibc.malloc.hugetlb=1` is set, which cut that to 7 s; a tunable is read only at
/// start-up, so the process sets it and executes itself again, once.
enum AllocatorTuning {
    static func apply() {
        #if canImport(Glibc)
        // `mallopt` is declared in <malloc.h>, which the Glibc module does not export.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3, arenaMax: Int32 = -8  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD, M_ARENA_MAX
        _ = mallopt(mmapThreshold, 32 << 20)
        _ = mallopt(trimThreshold, 512 << 20)
        _ = mallopt(arenaMax, 1)
        #endif
    }

    /// Executes this program again with `glibc.malloc.hugetlb=1` added to `GLIBC_TUNABLES`,
    /// unless that tunable is already set (by the user, or by the first run), the kernel gives
    /// huge pages without being asked or not at all, or the executable cannot be found.
    /// Returns only when it does not execute.
    static func useHugePages() {
        #if os(Linux)
        // The marker makes a second execution impossible whatever glibc does with the tunables.
        let marker = "CREDIT_EXPLORER_REEXECUTED"
        guard getenv(marker) == nil else { return }
        let tunables = getenv("GLIBC_TUNABLES").map { String(cString: $0) } ?? ""
        guard !tunables.contains("glibc.malloc.hugetlb") else { return }
        // Only where huge pages are given on request: `always` gives them anyway, `never` not at all.
        guard let mode = contents(of: "/sys/kernel/mm/transparent_hugepage/enabled"),
              mode.contains("[madvise]") else { return }
        let value = tunables.isEmpty ? "glibc.malloc.hugetlb=1" : tunables + ":glibc.malloc.hugetlb=1"
        guard setenv("GLIBC_TUNABLES", value, 1) == 0, setenv(marker, "1", 1) == 0 else { return }
        // argv as the process received it; execv only returns on failure.
        let argc = Int(CommandLine.argc)
        let argv = CommandLine.unsafeArgv
        var arguments = (0..<argc).map { argv[$0] } + [nil]
        _ = execv("/proc/self/exe", &arguments)
        // Not executed (no /proc, say): carry on in this process, and let children be.
        if tunables.isEmpty { unsetenv("GLIBC_TUNABLES") } else { setenv("GLIBC_TUNABLES", tunables, 1) }
        unsetenv(marker)
        #endif
    }

    private static func contents(of path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 256)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
