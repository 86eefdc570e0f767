// A libFuzzer target for everything that reads untrusted bytes: the protocol decoder in both directions
// feeding the request assembler (as a capture would), and the workload file reader.
//
// Build and run (only this product gets the sanitizer):
//   swift build -c release -Xswiftc -sanitize=fuzzer,address -Xlinker --export-dynamic \
//     --product WireFuzzer --scratch-path .build-fuzz
//   mkdir -p /tmp/wire-corpus && SWIFT_BACKTRACE=enable=no .build-fuzz/release/WireFuzzer -max_total_time=60 /tmp/wire-corpus
// Built without the sanitizer (as `swift build` does), it says how to build it and exits.
import Glibc
import PGWire
import Workload

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    guard let mode = input.first else { return 0 }
    let rest = UnsafeRawBufferPointer(rebasing: input.dropFirst())
    if mode & 0x80 != 0 {
        readWorkload(rest)
    } else {
        decodeConversation(rest, start: mode & 1 == 0 ? .handshake : .midstream)
    }
    return 0
}

/// Splits the input into chunks (a header byte each: direction, length, and sometimes a loss) and drives
/// one connection's decoder and request assembler with them.
func decodeConversation(_ bytes: UnsafeRawBufferPointer, start: ConnectionDecoder.Start) {
    var decoder = ConnectionDecoder(start: start)
    var assembler = RequestAssembler(session: 1)
    var time: Int64 = 0
    var offset = 0
    func handle(_ event: BorrowedWireEvent) {
        time += 1
        switch event {
        case .frontend(let message): assembler.frontend(message, at: time) { _ in }
        case .backend(let message): assembler.backend(message, at: time) { _ in }
        default: break
        }
    }
    while offset < bytes.count {
        let header = bytes[offset]
        offset += 1
        let sender: Sender = header & 1 == 0 ? .frontend : .backend
        if header & 0x40 != 0 {
            decoder.lost(Int(header >> 1 & 0x1F) + 1, from: sender, handle)
            continue
        }
        let length = min(Int(header >> 1 & 0x1F) * 8 + 1, bytes.count - offset)
        decoder.receive(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)]), from: sender, handle)
        offset += length
    }
    decoder.finish(handle)
    assembler.finish(at: time) { _ in }
}

/// Reads arbitrary bytes as a workload file: every outcome must be a record, a clean end or an error.
func readWorkload(_ bytes: UnsafeRawBufferPointer) {
    guard let reader = try? WorkloadReader(bytes: Array(bytes)) else { return }
    while (try? reader.next()) != nil {}
}

typealias FuzzerCallback = @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
typealias FuzzerDriver = @convention(c) (
    UnsafeMutablePointer<Int32>, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>, FuzzerCallback
) -> Int32

// SwiftPM's own `main` hides libFuzzer's, so libFuzzer is started by hand when it is linked in.
if let symbol = dlsym(dlopen(nil, RTLD_NOW), "LLVMFuzzerRunDriver") {
    let driver = unsafeBitCast(symbol, to: FuzzerDriver.self)
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(driver(&argc, &argv, fuzzOneInput))
} else {
    let message = "WireFuzzer: built without libFuzzer; build with -Xswiftc -sanitize=fuzzer,address -Xlinker --export-dynamic (see Fuzz/WireFuzzer/main.swift)\n"
    _ = message.withCString { write(STDERR_FILENO, $0, strlen($0)) }
    exit(2)
}
