namespace UcStack.Stun;

/// <summary>
/// A bounded receive buffer for one STUN/TURN stream connection: read into <see cref="GetReadMemory"/>,
/// report the count with <see cref="Advance"/>, then take whole frames with <see cref="TryTakeFrame"/>.
/// Bytes are moved only when a partial frame has to make room, never rescanned.
/// Not thread-safe: one reader per connection.
/// </summary>
public sealed class StunFrameBuffer
{
    private readonly byte[] _buffer;
    private int _start;
    private int _end;

    /// <summary>Creates a buffer that accepts frames of up to <paramref name="maxFrameLength"/> bytes.</summary>
    /// <param name="maxFrameLength">The per-connection limit; at least 20 and at most <see cref="StunStreamFramer.MaxFrameLength"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxFrameLength"/> is out of range.</exception>
    public StunFrameBuffer(int maxFrameLength = StunStreamFramer.MaxFrameLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameLength, StunConstants.HeaderLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxFrameLength, StunStreamFramer.MaxFrameLength);
        MaxFrameLength = maxFrameLength;
        _buffer = new byte[maxFrameLength];
    }

    /// <summary>The largest frame accepted.</summary>
    public int MaxFrameLength { get; }

    /// <summary>Bytes received but not yet taken as frames.</summary>
    public int BufferedLength => _end - _start;

    /// <summary>Free space to read stream bytes into; never empty while <see cref="TryTakeFrame"/> has not failed.</summary>
    public Memory<byte> GetReadMemory()
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_start > 0 && _end == _buffer.Length)
        {
            // Only the tail of a partial frame is kept; a frame never exceeds the buffer, so this makes room.
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        return _buffer.AsMemory(_end);
    }

    /// <summary>Records that <paramref name="count"/> bytes were read into the memory from <see cref="GetReadMemory"/>.</summary>
    /// <param name="count">Bytes read.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> exceeds the free space.</exception>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _end);
        _end += count;
    }

    /// <summary>
    /// Takes the next whole frame. <paramref name="frame"/> stays valid until the next call to
    /// <see cref="GetReadMemory"/>.
    /// </summary>
    /// <param name="kind">The frame's kind.</param>
    /// <param name="frame">The frame's bytes including its header and padding.</param>
    /// <returns><see cref="StunFrameStatus.Complete"/> with a frame; <see cref="StunFrameStatus.Incomplete"/>
    /// when more bytes are needed; otherwise the stream is broken and must be closed.</returns>
    public StunFrameStatus TryTakeFrame(out StunFrameKind kind, out ReadOnlyMemory<byte> frame)
    {
        var status = StunStreamFramer.TryReadFrame(_buffer.AsSpan(_start, _end - _start), out kind, out var length, MaxFrameLength);
        if (status != StunFrameStatus.Complete)
        {
            frame = default;
            return status;
        }

        frame = _buffer.AsMemory(_start, length);
        _start += length;
        return status;
    }
}
