#if canImport(Glibc)
import Glibc
#endif

/// Keeps freed column buffers inside the process instead of handing them back to the kernel.
///
/// Every query allocates fresh columns of a few megabytes. By default glibc maps each such
/// block separately and unmaps it when freed, so the next query faults every page in again
/// and the kernel zeroes it: on a 300k-row filter that was a third of the time. With blocks
/// up to 32 MB (glibc's maximum) taken from the heap, and the heap trimmed only above 512 MB
/// of free space, repeated queries reuse warm pages. Larger blocks (whole tables) are still
/// mapped and returned as before.
enum AllocatorTuning {
    static func apply() {
        #if canImport(Glibc)
        // `mallopt` is declared in <malloc.h>, which the Glibc module does not export.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
        _ = mallopt(mmapThreshold, 32 << 20)
        _ = mallopt(trimThreshold, 512 << 20)
        #endif
    }
}
