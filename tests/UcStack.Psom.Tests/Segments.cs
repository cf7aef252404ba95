using System.Buffers;

namespace UcStack.Psom.Tests;

/// <summary>Builds multi-segment sequences to test parsing across segment boundaries.</summary>
internal sealed class Segments : ReadOnlySequenceSegment<byte>
{
    private Segments(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    public static ReadOnlySequence<byte> Of(byte[] bytes, int chunk)
    {
        if (bytes.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segments(bytes.AsMemory(0, Math.Min(chunk, bytes.Length)), 0);
        var last = first;
        for (var at = chunk; at < bytes.Length; at += chunk)
        {
            var next = new Segments(bytes.AsMemory(at, Math.Min(chunk, bytes.Length - at)), at);
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
