using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace UcStack.Stun.Crypto;

/// <summary>A 64-byte block buffer kept inline (no heap).</summary>
[InlineArray(64)]
internal struct Sha1Block
{
    private byte _element0;
}

/// <summary>
/// Incremental SHA-1 that starts from any chaining state (for HMAC, the precomputed state after the
/// ipad or opad block). Lives on the stack; nothing is allocated.
/// </summary>
internal struct Sha1Stream
{
    private Sha1State _state;
    private Sha1Block _buffer;
    private int _buffered;
    private long _length;

    /// <summary>Starts from <paramref name="start"/>, which already covers <paramref name="bytesAlreadyHashed"/> bytes (a multiple of 64).</summary>
    public Sha1Stream(Sha1State start, long bytesAlreadyHashed)
    {
        _state = start;
        _length = bytesAlreadyHashed;
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        _length += data.Length;
        Span<byte> buffer = _buffer;
        if (_buffered > 0)
        {
            var take = Math.Min(64 - _buffered, data.Length);
            data[..take].CopyTo(buffer[_buffered..]);
            _buffered += take;
            data = data[take..];
            if (_buffered < 64)
            {
                return;
            }

            _state.CompressBlocks(buffer);
            _buffered = 0;
        }

        var whole = data.Length & ~63;
        if (whole > 0)
        {
            _state.CompressBlocks(data[..whole]);
            data = data[whole..];
        }

        if (!data.IsEmpty)
        {
            data.CopyTo(buffer);
            _buffered = data.Length;
        }
    }

    public void AppendZeros(int count)
    {
        Span<byte> zeros = stackalloc byte[64];
        zeros.Clear();
        while (count > 0)
        {
            var n = Math.Min(count, 64);
            Append(zeros[..n]);
            count -= n;
        }
    }

    /// <summary>Number of bytes hashed so far, including the starting state's bytes.</summary>
    public readonly long Length => _length;

    /// <summary>Applies the FIPS 180-4 §5.1.1 padding and writes the 20-byte digest.</summary>
    public void Finish(Span<byte> digest)
    {
        Span<byte> buffer = _buffer;
        var bitLength = (ulong)_length * 8;
        buffer[_buffered++] = 0x80;
        if (_buffered > 56)
        {
            buffer[_buffered..].Clear();
            _state.CompressBlocks(buffer);
            _buffered = 0;
        }

        buffer[_buffered..56].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(buffer[56..], bitLength);
        _state.CompressBlocks(buffer);
        _state.WriteDigest(digest);
    }
}
