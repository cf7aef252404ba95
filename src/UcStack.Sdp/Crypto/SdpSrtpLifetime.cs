using System.Globalization;

namespace UcStack.Sdp;

/// <summary>
/// The SRTP master key lifetime of RFC 4568 §6.1 (<c>lifetime = ["2^"] 1*(DIGIT)</c>): a number of packets, written
/// either as a power of two (<c>2^31</c>) or in decimal.
/// </summary>
public readonly record struct SdpSrtpLifetime
{
    private SdpSrtpLifetime(ulong packets, int exponent)
    {
        Packets = packets;
        Exponent = exponent;
    }

    /// <summary>The lifetime in packets.</summary>
    public ulong Packets { get; }

    /// <summary>The exponent when written as <c>2^n</c>, else -1.</summary>
    public int Exponent { get; }

    /// <summary>Whether the lifetime is written as <c>2^n</c>.</summary>
    public bool IsPowerOfTwo => Exponent >= 0;

    /// <summary>A lifetime written as <c>2^<paramref name="exponent"/></c>.</summary>
    /// <param name="exponent">0..63.</param>
    /// <returns>The lifetime.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="exponent"/> is outside 0..63.</exception>
    public static SdpSrtpLifetime PowerOfTwo(int exponent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(exponent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(exponent, 63);
        return new SdpSrtpLifetime(1UL << exponent, exponent);
    }

    /// <summary>A lifetime written in decimal.</summary>
    /// <param name="packets">The number of packets (positive).</param>
    /// <returns>The lifetime.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="packets"/> is 0.</exception>
    public static SdpSrtpLifetime Decimal(ulong packets)
    {
        ArgumentOutOfRangeException.ThrowIfZero(packets);
        return new SdpSrtpLifetime(packets, -1);
    }

    internal static bool TryParse(ReadOnlySpan<char> text, out SdpSrtpLifetime lifetime)
    {
        lifetime = default;
        if (text.StartsWith("2^", StringComparison.Ordinal))
        {
            if (!SdpAttributeValue.TryParseInt(text[2..], 0, 63, out var exponent))
            {
                return false;
            }

            lifetime = PowerOfTwo(exponent);
            return true;
        }

        if (!SdpAttributeValue.TryParseUInt64(text, out var packets) || packets == 0)
        {
            return false;
        }

        lifetime = Decimal(packets);
        return true;
    }

    /// <summary>The lifetime as written: <c>2^31</c> or <c>1048576</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => IsPowerOfTwo
        ? string.Create(CultureInfo.InvariantCulture, $"2^{Exponent}")
        : Packets.ToString(CultureInfo.InvariantCulture);
}
