using System.Buffers.Binary;

namespace UcStack.Ice;

/// <summary>
/// Reassembles RFC 4571 §2 frames (a 16-bit big-endian LENGTH, then that many bytes) from TCP chunks that may split
/// or join frames. Memory is bounded by one maximum frame (2 + 65535 bytes), allocated only when a frame spans chunks.
/// </summary>
internal sealed class IceFrameReader
{
    /// <summary>The largest frame payload RFC 4571 can express.</summary>
    public const int MaxFrameLength = ushort.MaxValue;

    private byte[]? _partial;
    private int _partialLength;

    /// <summary>Frames delivered so far.</summary>
    public long FrameCount { get; private set; }

    /// <summary>Feeds one chunk; calls <paramref name="frame"/> for every complete frame, in order.</summary>
    public void Feed(ReadOnlySpan<byte> chunk, IceStreamHandler frame)
    {
        if (_partialLength > 0)
        {
            chunk = CompletePartial(chunk, frame);
        }

        // Fast path: whole frames straight from the chunk, no copy.
        while (chunk.Length >= 2)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(chunk);
            if (chunk.Length < 2 + length)
            {
                break;
            }

            Deliver(chunk.Slice(2, length), frame);
            chunk = chunk[(2 + length)..];
        }

        if (!chunk.IsEmpty)
        {
            _partial ??= new byte[2 + MaxFrameLength];
            chunk.CopyTo(_partial);
            _partialLength = chunk.Length;
        }
    }

    /// <summary>Writes <paramref name="payload"/> as one frame into <paramref name="destination"/>.</summary>
    /// <returns>The bytes written, or -1 when the payload is too long for RFC 4571 or the destination too short.</returns>
    public static int WriteFrame(ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        if (payload.Length > MaxFrameLength || destination.Length < 2 + payload.Length)
        {
            return -1;
        }

        // RFC 4571 §2: LENGTH is the payload size in octets, network byte order.
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)payload.Length);
        payload.CopyTo(destination[2..]);
        return 2 + payload.Length;
    }

    private ReadOnlySpan<byte> CompletePartial(ReadOnlySpan<byte> chunk, IceStreamHandler frame)
    {
        var partial = _partial!;
        if (_partialLength < 2)
        {
            var take = Math.Min(2 - _partialLength, chunk.Length);
            chunk[..take].CopyTo(partial.AsSpan(_partialLength));
            _partialLength += take;
            chunk = chunk[take..];
            if (_partialLength < 2)
            {
                return chunk;
            }
        }

        var total = 2 + BinaryPrimitives.ReadUInt16BigEndian(partial);
        var need = Math.Min(total - _partialLength, chunk.Length);
        chunk[..need].CopyTo(partial.AsSpan(_partialLength));
        _partialLength += need;
        chunk = chunk[need..];
        if (_partialLength == total)
        {
            _partialLength = 0;
            Deliver(partial.AsSpan(2, total - 2), frame);
        }

        return chunk;
    }

    private void Deliver(ReadOnlySpan<byte> payload, IceStreamHandler frame)
    {
        FrameCount++;
        // An empty frame carries nothing for ICE or media; it is counted and skipped.
        if (!payload.IsEmpty)
        {
            frame(payload);
        }
    }
}
