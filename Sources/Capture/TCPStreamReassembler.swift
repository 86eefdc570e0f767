/// What one direction's reassembler hands on, in stream order.
enum ReassemblyOutput {
    /// The next in-order bytes; valid only during the callback.
    case data(UnsafeRawBufferPointer)
    /// Bytes the capture does not have; the stream resumes after them.
    case gap(UInt64)
    /// The sender's FIN, reached in order: no more data follows in this direction.
    case fin
}

/// Signed distance from `from` to `to` in TCP's 32-bit sequence space (RFC 1982 serial arithmetic),
/// so comparisons survive the wrap from 0xFFFFFFFF to 0.
@inline(__always)
func sequenceDistance(from: UInt32, to: UInt32) -> Int {
    Int(Int32(bitPattern: to &- from))
}

/// Reassembles one direction of a TCP connection into its in-order byte stream.
///
/// In-order payload is passed through without copying; only segments that arrive ahead of a hole
/// are copied into a buffer, bounded by `bufferLimit`. Where several copies of the same bytes
/// arrive (retransmissions, overlaps) the first copy wins. A hole becomes a `.gap` once it cannot
/// be filled any more: when the receiver acknowledges data past it (so the capture, not the
/// network, lost it), when the buffer limit is reached, or on `flush()` at the end.
struct TCPStreamReassembler {
    /// Out-of-order data (or a known-lost range when `bytes` is nil), kept sorted and non-overlapping.
    private struct PendingSegment {
        var sequence: UInt32
        var length: Int
        var bytes: [UInt8]?
    }

    let bufferLimit: Int
    /// Whether the stream's starting point is known (from a SYN or, mid-connection, the first segment).
    private(set) var hasStarted = false
    /// The sequence number of the next byte to deliver (meaningful once `hasStarted`).
    private(set) var nextSequence: UInt32 = 0
    /// The SYN's sequence number, when the SYN was seen.
    private(set) var initialSequence: UInt32?
    /// The FIN was reached in order; the direction is done.
    private(set) var isFinished = false
    /// Bytes currently copied into the out-of-order buffer.
    private(set) var bufferedBytes = 0

    private var pending: [PendingSegment] = []
    private var finSequence: UInt32?
    private var highestPeerAcknowledgment: UInt32?
    /// Whether the starting point was confirmed by a SYN or by a segment carrying data.
    private var anchoredOnData = false

    init(bufferLimit: Int) {
        self.bufferLimit = bufferLimit
    }

    /// Takes one segment travelling in this direction.
    ///
    /// The usual segment — the next bytes of a stream with nothing buffered, no SYN or FIN, nothing
    /// cut off — passes straight through here, inlined into the caller; everything else goes
    /// through the general path below, which handles the same segment the same way.
    @inline(__always)
    mutating func receive(_ segment: TCPSegment, statistics: inout TCPStatistics,
                          _ output: (ReassemblyOutput) -> Void) {
        if anchoredOnData, !isFinished, finSequence == nil, pending.isEmpty, segment.sequence == nextSequence,
           segment.missingPayloadBytes == 0, segment.flags.isDisjoint(with: [.syn, .fin]) {
            let count = segment.payload.count
            guard count > 0 else { return }
            output(.data(segment.payload))
            statistics.deliveredBytes += UInt64(count)
            nextSequence &+= UInt32(truncatingIfNeeded: count)
            return
        }
        receiveInGeneral(segment, statistics: &statistics, output)
    }

    /// `receive` for every segment that is not a plain next piece of the stream.
    private mutating func receiveInGeneral(_ segment: TCPSegment, statistics: inout TCPStatistics,
                                           _ output: (ReassemblyOutput) -> Void) {
        let length = segment.payloadLength
        if segment.missingPayloadBytes > 0 { statistics.truncatedSegments += 1 }
        var start = segment.sequence
        if segment.flags.contains(.syn) {
            if !hasStarted {
                hasStarted = true
                initialSequence = start
                nextSequence = start &+ 1
                anchoredOnData = true
            }
            start &+= 1  // the SYN occupies one sequence number; any data follows it
        }
        if !hasStarted {
            // Joined mid-connection: the stream starts at the first segment seen.
            hasStarted = true
            nextSequence = start
        }
        if !anchoredOnData, length > 0 {
            // Without a SYN, an empty first segment may be a keep-alive one byte behind the real
            // stream; the first segment with data fixes the starting point.
            anchoredOnData = true
            if initialSequence == nil { nextSequence = start }
        }
        if isFinished {
            if length > 0, sequenceDistance(from: nextSequence, to: start &+ UInt32(truncatingIfNeeded: length)) > 0 {
                statistics.bytesAfterFin += UInt64(segment.payload.count)
            } else if length > 0 {
                statistics.retransmittedSegments += 1
                statistics.duplicateBytes += UInt64(segment.payload.count)
            }
            return
        }
        if length > 0 {
            let offset = sequenceDistance(from: nextSequence, to: start)
            if offset + length <= 0 {
                statistics.retransmittedSegments += 1
                statistics.duplicateBytes += UInt64(segment.payload.count)
            } else if offset <= 0 {
                deliverInOrder(start: start, data: segment.payload, missing: segment.missingPayloadBytes,
                               statistics: &statistics, output)
            } else {
                statistics.outOfOrderSegments += 1
                buffer(start: start, data: segment.payload, missing: segment.missingPayloadBytes, statistics: &statistics)
            }
        }
        if segment.flags.contains(.fin), finSequence == nil {
            let fin = start &+ UInt32(truncatingIfNeeded: length)
            if sequenceDistance(from: nextSequence, to: fin) >= 0 { finSequence = fin }
        }
        settle(statistics: &statistics, output)
    }

    /// Notes that the other side acknowledged everything before `acknowledgment`: any hole below it
    /// was received by the peer, so the capture lost it and waiting longer cannot fill it.
    @inline(__always)
    mutating func peerAcknowledged(_ acknowledgment: UInt32, statistics: inout TCPStatistics,
                                   _ output: (ReassemblyOutput) -> Void) {
        guard hasStarted, !isFinished else { return }
        if let highest = highestPeerAcknowledgment, sequenceDistance(from: highest, to: acknowledgment) <= 0 { return }
        highestPeerAcknowledgment = acknowledgment
        if !pending.isEmpty || finSequence != nil { settle(statistics: &statistics, output) }
    }

    /// Delivers everything buffered, declaring every remaining hole a gap (end of capture, RST).
    mutating func flush(statistics: inout TCPStatistics, _ output: (ReassemblyOutput) -> Void) {
        guard hasStarted, !isFinished else { return }
        while let first = pending.first {
            declareGap(upTo: first.sequence, statistics: &statistics, output)
            drainPending(statistics: &statistics, output)
        }
        if let fin = finSequence {
            declareGap(upTo: fin, statistics: &statistics, output)
            reachFinIfDue(statistics: &statistics, output)
        }
    }

    // MARK: - Delivery

    /// Delivers a segment that starts at or before `nextSequence`. Bytes already buffered from an
    /// earlier copy take precedence over this segment's (first copy wins).
    private mutating func deliverInOrder(start: UInt32, data: UnsafeRawBufferPointer, missing: Int,
                                         statistics: inout TCPStatistics, _ output: (ReassemblyOutput) -> Void) {
        let totalLength = data.count + missing
        let end = start &+ UInt32(truncatingIfNeeded: totalLength)
        var used = 0
        while true {
            let remaining = sequenceDistance(from: nextSequence, to: end)
            guard remaining > 0 else { break }
            var take = remaining
            if let first = pending.first {
                let untilBuffered = sequenceDistance(from: nextSequence, to: first.sequence)
                if untilBuffered <= 0 {
                    drainPending(statistics: &statistics, output)
                    continue
                }
                take = min(take, untilBuffered)
            }
            let offset = sequenceDistance(from: start, to: nextSequence)
            if offset < data.count {
                let count = min(take, data.count - offset)
                output(.data(UnsafeRawBufferPointer(rebasing: data[offset..<(offset + count)])))
                statistics.deliveredBytes += UInt64(count)
                nextSequence &+= UInt32(truncatingIfNeeded: count)
                used += count
            } else {
                reportGap(take, statistics: &statistics, output)
                nextSequence &+= UInt32(truncatingIfNeeded: take)
                used += take
            }
        }
        if used < totalLength {
            statistics.overlappingSegments += 1
            statistics.duplicateBytes += UInt64(min(totalLength - used, data.count))
        }
        drainPending(statistics: &statistics, output)
    }

    /// Delivers buffered segments that have become contiguous with the stream.
    private mutating func drainPending(statistics: inout TCPStatistics, _ output: (ReassemblyOutput) -> Void) {
        var consumed = 0
        for entry in pending {
            let offset = sequenceDistance(from: entry.sequence, to: nextSequence)
            guard offset >= 0 else { break }
            consumed += 1
            bufferedBytes -= entry.bytes?.count ?? 0
            let remaining = entry.length - offset
            guard remaining > 0 else { continue }
            if let bytes = entry.bytes {
                bytes.withUnsafeBytes { raw in
                    output(.data(UnsafeRawBufferPointer(rebasing: raw[offset...])))
                }
                statistics.deliveredBytes += UInt64(remaining)
            } else {
                reportGap(remaining, statistics: &statistics, output)
            }
            nextSequence &+= UInt32(truncatingIfNeeded: remaining)
        }
        if consumed > 0 { pending.removeFirst(consumed) }
    }

    /// Copies a segment that starts after a hole into the buffer, keeping only bytes not already buffered.
    private mutating func buffer(start: UInt32, data: UnsafeRawBufferPointer, missing: Int,
                                 statistics: inout TCPStatistics) {
        let relativeStart = sequenceDistance(from: nextSequence, to: start)
        let relativeEnd = relativeStart + data.count + missing
        if let last = pending.last,
           sequenceDistance(from: nextSequence, to: last.sequence) + last.length > relativeStart {
            // Overlaps buffered data somewhere: rebuild the list, inserting only the uncovered pieces.
            var merged: [PendingSegment] = []
            merged.reserveCapacity(pending.count + 2)
            var cursor = relativeStart
            var used = 0
            for entry in pending {
                let entryStart = sequenceDistance(from: nextSequence, to: entry.sequence)
                if cursor < relativeEnd, entryStart > cursor {
                    let pieceEnd = min(entryStart, relativeEnd)
                    bufferedBytes += appendPieces(of: data, startingAt: relativeStart, from: cursor, to: pieceEnd, into: &merged)
                    used += pieceEnd - cursor
                    cursor = pieceEnd
                }
                merged.append(entry)
                if cursor < relativeEnd { cursor = max(cursor, entryStart + entry.length) }
            }
            if cursor < relativeEnd {
                bufferedBytes += appendPieces(of: data, startingAt: relativeStart, from: cursor, to: relativeEnd, into: &merged)
                used += relativeEnd - cursor
            }
            if used < relativeEnd - relativeStart {
                statistics.overlappingSegments += 1
                statistics.duplicateBytes += UInt64(min(relativeEnd - relativeStart - used, data.count))
            }
            pending = merged
        } else {
            var list = pending
            pending = []
            bufferedBytes += appendPieces(of: data, startingAt: relativeStart, from: relativeStart, to: relativeEnd, into: &list)
            pending = list
        }
        statistics.peakBufferedBytes = max(statistics.peakBufferedBytes, bufferedBytes)
    }

    /// Appends the part `[from, to)` (offsets from `nextSequence`) of a segment that begins at
    /// `startingAt`: captured bytes as a copy, bytes cut by the snapshot length as a lost range.
    /// Returns how many bytes it copied.
    private func appendPieces(of data: UnsafeRawBufferPointer, startingAt segmentStart: Int,
                              from: Int, to: Int, into list: inout [PendingSegment]) -> Int {
        let dataEnd = segmentStart + data.count
        var copied = 0
        if from < dataEnd {
            let end = min(to, dataEnd)
            let bytes = [UInt8](UnsafeRawBufferPointer(rebasing: data[(from - segmentStart)..<(end - segmentStart)]))
            list.append(PendingSegment(sequence: nextSequence &+ UInt32(truncatingIfNeeded: from),
                                       length: end - from, bytes: bytes))
            copied = bytes.count
        }
        if to > dataEnd {
            let lostStart = max(from, dataEnd)
            list.append(PendingSegment(sequence: nextSequence &+ UInt32(truncatingIfNeeded: lostStart),
                                       length: to - lostStart, bytes: nil))
        }
        return copied
    }

    // MARK: - Holes and FIN

    /// Declares the holes that can no longer be filled, then delivers what follows them and the FIN.
    private mutating func settle(statistics: inout TCPStatistics, _ output: (ReassemblyOutput) -> Void) {
        while bufferedBytes > bufferLimit, let first = pending.first {
            statistics.bufferOverflows += 1
            declareGap(upTo: first.sequence, statistics: &statistics, output)
            drainPending(statistics: &statistics, output)
        }
        if let acknowledged = highestPeerAcknowledgment {
            while !isFinished, sequenceDistance(from: nextSequence, to: acknowledged) > 0 {
                guard let holeEnd = pending.first?.sequence ?? finSequence else { break }
                let target = sequenceDistance(from: nextSequence, to: holeEnd) < sequenceDistance(from: nextSequence, to: acknowledged)
                    ? holeEnd : acknowledged
                declareGap(upTo: target, statistics: &statistics, output)
                drainPending(statistics: &statistics, output)
                reachFinIfDue(statistics: &statistics, output)
            }
        }
        reachFinIfDue(statistics: &statistics, output)
    }

    /// Skips the stream forward to `target`, reporting the skipped bytes as lost.
    private mutating func declareGap(upTo target: UInt32, statistics: inout TCPStatistics,
                                     _ output: (ReassemblyOutput) -> Void) {
        let missing = sequenceDistance(from: nextSequence, to: target)
        guard missing > 0 else { return }
        reportGap(missing, statistics: &statistics, output)
        nextSequence = target
    }

    private func reportGap(_ count: Int, statistics: inout TCPStatistics, _ output: (ReassemblyOutput) -> Void) {
        statistics.gaps += 1
        statistics.gapBytes += UInt64(count)
        output(.gap(UInt64(count)))
    }

    /// Ends the direction once the stream has reached its FIN; data buffered beyond a FIN is dropped.
    private mutating func reachFinIfDue(statistics: inout TCPStatistics, _ output: (ReassemblyOutput) -> Void) {
        guard !isFinished, let fin = finSequence, sequenceDistance(from: nextSequence, to: fin) <= 0 else { return }
        for entry in pending where entry.bytes != nil {
            statistics.bytesAfterFin += UInt64(entry.length)
        }
        pending.removeAll()
        bufferedBytes = 0
        isFinished = true
        nextSequence = fin &+ 1
        output(.fin)
    }
}
