import CFuzzerDriver

/// The test function libFuzzer calls with each input.
public typealias FuzzTest = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

/// Runs libFuzzer with the process's arguments and `test`.
///
/// SwiftPM links an executable with `--defsym main=<Module>_main`, so a fuzz target defines that
/// symbol and calls this, instead of relying on the `main` in libFuzzer's archive.
public func runFuzzer(
    _ argc: CInt,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ test: FuzzTest
) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, test)
}
