import Foundation

/// Splits a normalised text dump into segments: each non-empty line is one, with its line
/// number and byte range. (An HTML reader would segment by block elements instead.)
public struct LineSegmenter: Sendable {
    public init() {}

    public func segments(of page: NormalisedPage) -> [Segment] {
        spans(of: page).map { Segment($0, page: page.utf8) }
    }

    /// The segments' spans, for the pipeline (which reads their text in the page).
    func spans(of page: NormalisedPage) -> [SegmentSpan] {
        var segments: [SegmentSpan] = []
        page.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            let count = bytes.count
            // Room for a line every 64 bytes (web pages' lines average over a hundred): the
            // array mostly does not grow, and each growth moved every segment made so far.
            segments.reserveCapacity(max(64, count / 64))
            var lineNumber = 1
            var start = 0
            while true {
                let end = memchr(base + start, 0x0A, count - start).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? count
                if end > start {
                    segments.append(SegmentSpan(index: segments.count, line: lineNumber, byteRange: start..<end))
                }
                if end >= count { break }
                lineNumber += 1
                start = end + 1
            }
        }
        return segments
    }
}
