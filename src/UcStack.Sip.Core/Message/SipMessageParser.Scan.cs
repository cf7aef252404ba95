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

    // The runs below (header names, parameter names and values, hosts) are a few to a few dozen octets, too
    // short for a vectorized search to repay its set-up, so they are scanned one octet at a time over the
    // character-class table.

    /// <summary>The index after the run of token characters (RFC 3261 §25.1) starting at <paramref name="i"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int TokenEnd(ReadOnlySpan<byte> s, int i)
    {
        while ((uint)i < (uint)s.Length && SipSyntax.IsToken(s[i])) i++;
        return i;
    }

    /// <summary>The index after the run of hostname or IPv4 octets (alphanum, "." and "-") starting at <paramref name="i"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int HostEnd(ReadOnlySpan<byte> s, int i)
    {
        while ((uint)i < (uint)s.Length && (SipSyntax.Is(s[i], SipSyntax.CharClass.AlphaNum) || s[i] is (byte)'.' or (byte)'-')) i++;
        return i;
    }

    /// <summary>The index after an unquoted parameter value starting at <paramref name="i"/>: token characters, plus
    /// ':' for an IPv6 address without brackets in Via received (RFC 5118 §4.5).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ParamValueEnd(ReadOnlySpan<byte> s, int i)
    {
        while ((uint)i < (uint)s.Length && (SipSyntax.IsToken(s[i]) || s[i] == (byte)':')) i++;
        return i;
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
