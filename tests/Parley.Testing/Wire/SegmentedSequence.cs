using System.Buffers;

namespace Parley.Testing;

/// <summary>Bytes as a pipe may hand them over: a sequence of segments of a given size (the last one shorter).</summary>
public static class SegmentedSequence
{
    public static ReadOnlySequence<byte> Of(byte[] bytes, int segmentBytes)
    {
        if (bytes.Length <= segmentBytes)
        {
            return new ReadOnlySequence<byte>(bytes);
        }

        var first = new Segment(bytes.AsMemory(0, segmentBytes), 0);
        var last = first;
        for (var at = segmentBytes; at < bytes.Length; at += segmentBytes)
        {
            last = last.Append(bytes.AsMemory(at, Math.Min(segmentBytes, bytes.Length - at)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
