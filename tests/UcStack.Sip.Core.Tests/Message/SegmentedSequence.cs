using System.Buffers;

namespace UcStack.Sip.Tests.Message;

/// <summary>Builds a multi-segment <see cref="ReadOnlySequence{T}"/> cut at given positions.</summary>
internal sealed class SegmentedSequence : ReadOnlySequenceSegment<byte>
{
    private SegmentedSequence(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    public static ReadOnlySequence<byte> Create(byte[] data, IEnumerable<int> cuts)
    {
        var points = cuts.Where(c => c > 0 && c < data.Length).Distinct().Order().ToList();
        if (points.Count == 0) return new ReadOnlySequence<byte>(data);
        var start = 0;
        SegmentedSequence? first = null;
        SegmentedSequence? last = null;
        foreach (var end in points.Append(data.Length))
        {
            // Each segment gets its own array so that nothing can read across a boundary by accident.
            var segment = new SegmentedSequence(data.AsSpan(start, end - start).ToArray(), start);
            if (last is null) first = segment;
            else last.Next = segment;
            last = segment;
            start = end;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }
}
