using UcStack.Stun;

namespace UcStack.Turn.Protocol;

/// <summary>
/// A bounded receive buffer for one MS-TURN-framed TCP stream (<see cref="MsTurnTcpFraming"/>): read into
/// <see cref="GetReadMemory"/>, report the count with <see cref="Advance"/>, then take whole frames with
/// <see cref="TryTakeFrame"/>. It holds one largest frame (65539 bytes); bytes move only when a partial frame
/// needs room. Not thread-safe: one reader per connection.
/// </summary>
internal sealed class MsTurnFrameBuffer
{
    private readonly byte[] _buffer = new byte[MsTurnTcpFraming.MaxFrameLength];
    private int _start;
    private int _end;

    /// <summary>Free space to read stream bytes into; never empty while <see cref="TryTakeFrame"/> has not failed.</summary>
    public Memory<byte> GetReadMemory()
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_start > 0 && _end == _buffer.Length)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        return _buffer.AsMemory(_end);
    }

    /// <summary>Records that <paramref name="count"/> bytes were read into the memory from <see cref="GetReadMemory"/>.</summary>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _end);
        _end += count;
    }

    /// <summary>Takes the next whole frame's payload; it stays valid until the next <see cref="GetReadMemory"/>.</summary>
    public StunFrameStatus TryTakeFrame(out MsTurnFrameType type, out ReadOnlyMemory<byte> payload)
    {
        var status = MsTurnTcpFraming.TryReadFrame(_buffer.AsSpan(_start, _end - _start), out type, out var length);
        if (status != StunFrameStatus.Complete)
        {
            payload = default;
            return status;
        }

        payload = _buffer.AsMemory(_start + MsTurnTcpFraming.HeaderLength, length - MsTurnTcpFraming.HeaderLength);
        _start += length;
        return status;
    }
}
