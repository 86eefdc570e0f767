import Glibc

/// Tells a running `LiveCapture` to stop, from any thread or from a signal handler.
///
/// A self-pipe: `stop()` only calls `write(2)`, which is async-signal-safe, and the capture loop
/// polls the pipe's read end next to the capture descriptor, so it wakes at once even when no
/// packets arrive. Sendable because its state is two immutable file descriptors and the kernel
/// serialises access to the pipe.
public final class LiveCaptureStopSignal: Sendable {
    let readDescriptor: Int32
    /// The write end; writing any byte to it stops the capture (for C signal handlers that cannot call Swift).
    public let writeDescriptor: Int32

    init(interface: String) throws(CaptureError) {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else {
            throw .cannotStartCapture(interface: interface, reason: "cannot create the stop pipe: \(String(cString: strerror(errno)))")
        }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// Asks the capture to stop; `forEach` returns within one poll interval (immediately when idle).
    public func stop() {
        var byte: UInt8 = 1
        // Non-blocking: if the pipe is full a stop is already pending, so a failed write changes nothing.
        _ = write(writeDescriptor, &byte, 1)
    }

    /// Whether `stop()` has been called (the byte stays in the pipe, so this stays true).
    public var isStopped: Bool {
        var descriptor = pollfd(fd: readDescriptor, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0
    }
}
