/// Finds a provable message boundary in bytes that did not start on one (midstream start, capture gap).
///
/// A candidate offset is proven when the bytes from it form well-formed messages (valid type letter,
/// length within the protocol's limits, body that parses exactly) and either
/// - at least `provingChainLength` of them follow each other, or
/// - two of them are followed by a valid header (type letter and length) of a third, or
/// - at least one of them ends exactly at the end of the available bytes and the candidate is the
///   first byte of a received chunk (a packet boundary), or at least two of them do so anywhere.
/// A candidate whose chain is well-formed so far but too short to decide is "undecided": the search
/// waits for more bytes there instead of skipping past a possibly real boundary. Nothing is invented:
/// a candidate that is never proven is never decoded.
struct Resynchronizer: Sendable {
    /// Messages in a row that prove a boundary wherever it is.
    static let provingChainLength = 3
    /// How far past a candidate the search may wait for bytes before giving up on that candidate
    /// (bounds memory and latency on garbage; a real boundary followed by a larger message is
    /// passed over and the next boundary is used instead).
    static let lookahead = 1 << 20

    /// Positions in the buffer where a received chunk began (ascending).
    private(set) var chunkStarts: [Int] = []
    /// Bytes discarded so far while searching.
    private(set) var skippedBytes = 0
    /// How far the undecided candidate's chain was already verified, so that a chain is not parsed
    /// again each time a chunk arrives.
    private var verifiedChain: (candidate: Int, end: Int, messages: Int)?

    enum Outcome {
        /// The buffer's first `offset` bytes are not decodable; a boundary is proven at `offset`.
        case boundary(at: Int)
        /// Bytes before `offset` can never start a message; wait for more bytes to decide the rest.
        case waiting(discardable: Int)
    }

    private enum Verdict { case proven, rejected, undecided }

    mutating func noteChunk(startingAt position: Int) {
        if chunkStarts.last != position { chunkStarts.append(position) }
    }

    /// Records that the first `count` bytes of the buffer were discarded.
    mutating func discard(_ count: Int) {
        guard count > 0 else { return }
        skippedBytes += count
        chunkStarts.removeAll { $0 < count }
        for index in chunkStarts.indices { chunkStarts[index] -= count }
        if let chain = verifiedChain {
            verifiedChain = chain.candidate >= count
                ? (chain.candidate - count, chain.end - count, chain.messages) : nil
        }
    }

    mutating func search(_ buffer: UnsafeRawBufferPointer, framer: MessageFramer) -> Outcome {
        var chunkIndex = 0
        var candidate = 0
        while candidate < buffer.count {
            while chunkIndex < chunkStarts.count && chunkStarts[chunkIndex] < candidate { chunkIndex += 1 }
            let isChunkStart = chunkIndex < chunkStarts.count && chunkStarts[chunkIndex] == candidate
            switch examine(buffer, at: candidate, isChunkStart: isChunkStart, framer: framer) {
            case .proven: return .boundary(at: candidate)
            case .undecided: return .waiting(discardable: candidate)
            case .rejected: candidate += 1
            }
        }
        return .waiting(discardable: buffer.count)
    }

    private mutating func examine(_ buffer: UnsafeRawBufferPointer, at candidate: Int, isChunkStart: Bool,
                                  framer: MessageFramer) -> Verdict {
        var position = candidate
        var messages = 0
        if let chain = verifiedChain, chain.candidate == candidate {
            position = chain.end
            messages = chain.messages
        }
        verifiedChain = nil
        while messages < Self.provingChainLength {
            if position == buffer.count {
                if messages >= 2 || (messages == 1 && isChunkStart) { return .proven }
                verifiedChain = (candidate, position, messages)
                return .undecided
            }
            switch framer.frame(buffer, at: position) {
            case .invalid:
                return .rejected
            case .needsMoreBytes(let frameLength):
                if messages >= 2 && frameLength != nil { return .proven }
                guard position + (frameLength ?? 5) - candidate <= Self.lookahead else { return .rejected }
                verifiedChain = (candidate, position, messages)
                return .undecided
            case .complete(let letter, let body):
                guard (try? framer.decode(typeLetter: letter, body: UnsafeRawBufferPointer(rebasing: buffer[body]))) != nil else {
                    return .rejected
                }
                messages += 1
                position = body.upperBound
            }
        }
        return .proven
    }
}
