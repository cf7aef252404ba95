using System.Buffers;
using System.Globalization;
using System.Text;

namespace UcStack.Sip;

/// <summary>The CSeq value (RFC 3261 §20.16): a sequence number and the request method.</summary>
/// <param name="Number">The sequence number. RFC 3261 §8.1.1.5 asks new requests to use less than 2^31;
/// received values up to 2^32-1 are accepted.</param>
/// <param name="Method">The method, case-sensitive as sent.</param>
public readonly record struct CSeqHeader(uint Number, string Method)
{
    /// <summary>Parses <c>CSeq = 1*DIGIT LWS Method</c>; leading zeros are allowed (RFC 4475 §3.1.1.1 wsinv).</summary>
    /// <param name="value">The header value (after the colon; may contain folded lines).</param>
    /// <param name="cseq">The value, when the result is <see langword="true"/>.</param>
    /// <param name="error">What was wrong and where; a number above 2^32-1 gives
    /// <see cref="SipParseErrorCode.ValueOutOfRange"/> (RFC 4475 §3.1.2.4, §3.1.2.5).</param>
    /// <returns><see langword="true"/> when the value is valid.</returns>
    public static bool TryParse(ReadOnlySpan<byte> value, out CSeqHeader cseq, out SipParseError error)
    {
        cseq = default;
        var i = SipSyntax.SkipLws(value, 0);
        if (!HeaderGrammar.TryReadUInt32(value, i, out var end, out var number, out error)) return false;
        var m = SipSyntax.SkipLws(value, end);
        if (m == end)
        {
            error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, end, "expected LWS and the method");
            return false;
        }

        var mEnd = HeaderGrammar.ReadToken(value, m);
        if (mEnd == m)
        {
            error = new SipParseError(SipParseErrorCode.InvalidMethod, m, "the method must be a token");
            return false;
        }

        if (!HeaderGrammar.ExpectEnd(value, mEnd, out error)) return false;
        cseq = new CSeqHeader(number, KnownStrings.Get(value[m..mEnd]));
        return true;
    }

    /// <summary>Parses a CSeq value.</summary>
    /// <param name="value">The header value.</param>
    /// <returns>The value.</returns>
    /// <exception cref="SipParseException">The value is not valid.</exception>
    public static CSeqHeader Parse(ReadOnlySpan<byte> value) =>
        TryParse(value, out var cseq, out var error) ? cseq : ParseThrow.Error<CSeqHeader>(error);

    /// <summary>Writes <c>number SP method</c> as ASCII.</summary>
    /// <param name="writer">The destination.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteTo(IBufferWriter<byte> writer) => HeaderList.WriteUtf8(ToString(), writer);

    /// <summary>The value as <c>number SP method</c>.</summary>
    public override string ToString() => string.Concat(Number.ToString(CultureInfo.InvariantCulture), " ", Method);
}
