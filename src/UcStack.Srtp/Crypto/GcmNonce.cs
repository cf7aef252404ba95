using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace UcStack.Srtp.Crypto;

/// <summary>
/// A 96-bit GCM nonce held as two little-endian words (octets 0-7 and 8-11), so SRTP can form it from the salt,
/// SSRC and index in registers. Writing it to memory and reading it back as wider words would stall on
/// store-to-load forwarding for every packet.
/// </summary>
internal readonly struct GcmNonce
{
    /// <summary>Octets 0-7, little-endian.</summary>
    public readonly ulong Low;

    /// <summary>Octets 8-11, little-endian.</summary>
    public readonly uint High;

    /// <summary>Wraps the two words.</summary>
    public GcmNonce(ulong low, uint high)
    {
        Low = low;
        High = high;
    }

    /// <summary>Reads a 12-octet nonce.</summary>
    public GcmNonce(ReadOnlySpan<byte> nonce12)
    {
        Low = BinaryPrimitives.ReadUInt64LittleEndian(nonce12);
        High = BinaryPrimitives.ReadUInt32LittleEndian(nonce12[8..12]);
    }

    /// <summary>Writes the 12 octets.</summary>
    public void CopyTo(Span<byte> nonce12)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(nonce12, Low);
        BinaryPrimitives.WriteUInt32LittleEndian(nonce12[8..12], High);
    }

    /// <summary>SP 800-38D §7.1: with a 96-bit IV, J0 = IV || 0^31 || 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<byte> InitialCounterBlock() => Vector128.Create(Low, High | (1UL << 56)).AsByte();
}
