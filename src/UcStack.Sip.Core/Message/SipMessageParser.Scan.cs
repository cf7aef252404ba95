using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace UcStack.Sip;

internal static partial class SipMessageParser
{
    /// <summary>
    /// <see cref="SipSyntax.SkipLws"/> with the common case — no whitespace at all — decided inline: any octet
    /// above SP cannot start LWS.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Lws(ReadOnlySpan<byte> s, int i)
        => (uint)i < (uint)s.Length && s[i] > (byte)' ' ? i : SipSyntax.SkipLws(s, i);

    private const string TokenChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~";

    /// <summary>token characters (RFC 3261 §25.1), for vectorized scanning.</summary>
    private static readonly SearchValues<byte> TokenBytes = SearchValues.Create(System.Text.Encoding.ASCII.GetBytes(TokenChars));

    /// <summary>Octets of a hostname or IPv4 address: alphanum, "." and "-".</summary>
    private static readonly SearchValues<byte> HostBytes = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-"u8);

    /// <summary>Octets of an unquoted parameter value: token characters, plus ':' for an IPv6 address without
    /// brackets in Via received (RFC 5118 §4.5).</summary>
    private static readonly SearchValues<byte> ParamValueBytes = SearchValues.Create(System.Text.Encoding.ASCII.GetBytes(TokenChars + ":"));

    /// <summary>The index after the run of token characters starting at <paramref name="i"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int TokenEnd(ReadOnlySpan<byte> s, int i) => RunEnd(s, i, TokenBytes);

    /// <summary>The index after the run of octets from <paramref name="set"/> starting at <paramref name="i"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RunEnd(ReadOnlySpan<byte> s, int i, SearchValues<byte> set)
    {
        if ((uint)i >= (uint)s.Length) return i;
        var n = s[i..].IndexOfAnyExcept(set);
        return n < 0 ? s.Length : i + n;
    }

    /// <summary>Case-insensitive comparison of a token with a lower-case ASCII name (see
    /// <see cref="SipHeaderNames.Identify(ReadOnlySpan{byte})"/> for why OR-ing 0x20 is exact on tokens).</summary>
    private static bool TokenEqualsLower(ReadOnlySpan<byte> token, ReadOnlySpan<byte> lower)
    {
        if (token.Length != lower.Length) return false;
        for (var i = 0; i < lower.Length; i++)
        {
            if ((byte)(token[i] | 0x20) != lower[i]) return false;
        }

        return true;
    }

    /// <summary><see langword="true"/> when <paramref name="s"/> starts with <c>SIP/2.0/</c> in any case of "SIP",
    /// the form nearly every Via uses, so the sent-protocol can be skipped in one comparison.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool StartsWithSip20Slash(ReadOnlySpan<byte> s)
    {
        // "sip/2.0/" little-endian; OR-ing 0x20 into the first three octets lower-cases ASCII letters and maps
        // nothing else onto them (only '@'..'Z' and '`'..'z' can become 's', 'i' or 'p').
        const ulong Lower = 0x2F302E322F706973UL;
        return s.Length >= 8 && (BinaryPrimitives.ReadUInt64LittleEndian(s) | 0x202020UL) == Lower;
    }
}
