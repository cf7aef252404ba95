using System.Buffers;

namespace UcStack.Fuzz;

/// <summary>Builds multi-segment sequences so stream readers see data split across buffers, as they do on a socket.</summary>
internal static class Segments
{
    public static ReadOnlySequence<byte> Split(byte[] input, int segmentLength)
    {
        if (input.Length <= segmentLength)
        {
            return new ReadOnlySequence<byte>(input);
        }

        var first = new Segment(input.AsMemory(0, segmentLength), 0);
        var last = first;
        for (var start = segmentLength; start < input.Length; start += segmentLength)
        {
            last = last.Append(input.AsMemory(start, Math.Min(segmentLength, input.Length - start)));
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
