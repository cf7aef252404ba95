using System.Buffers;

namespace UcStack.Sip.Transport;

/// <summary>
/// Builds a 400 (Bad Request) for a datagram that did not parse, when enough of it can be recovered to address
/// one: a request line and the Via, From, To, Call-ID and CSeq lines (RFC 3261 §8.2.6.2 copies exactly those).
/// In the spirit of RFC 3261 §8.2 and §16.3 a UAS answers what it can identify; anything less is dropped.
/// </summary>
/// <remarks>The recovered lines are copied byte for byte, and the result is only used when it parses as a
/// response under the normal limits, so the reply can never be larger or stranger than a well-formed message.
/// No part of the parse error is reflected.</remarks>
internal static class SipBadRequestResponder
{
    private static ReadOnlySpan<byte> StatusLine => "SIP/2.0 400 Bad Request\r\n"u8;

    private static ReadOnlySpan<byte> TooLargeStatusLine => "SIP/2.0 513 Message Too Large\r\n"u8;

    private static ReadOnlySpan<byte> Trailer => "Content-Length: 0\r\n\r\n"u8;

    /// <summary>Tries to build the 400 for a rejected datagram.</summary>
    public static bool TryCreate(ReadOnlySpan<byte> datagram, SipParserLimits limits, out byte[] response)
        => TryCreate(datagram, limits, 400, out response);

    /// <summary>Whether a parse error means the message is over the size limits (answered 513, RFC 3261 §21.5.14).</summary>
    public static bool IsSizeError(SipParseErrorCode code) => code is SipParseErrorCode.MessageTooLarge
        or SipParseErrorCode.HeaderSectionTooLarge or SipParseErrorCode.TooManyHeaders or SipParseErrorCode.HeaderTooLong;

    /// <summary>Tries to build a 400 (Bad Request) or 513 (Message Too Large) for a rejected request.</summary>
    public static bool TryCreate(ReadOnlySpan<byte> datagram, SipParserLimits limits, int statusCode, out byte[] response)
    {
        if (statusCode is not (400 or 513)) throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "400 or 513");
        response = [];
        var input = datagram[SipMessage.SkipLeadingCrlf(datagram)..];
        if (input.Length > limits.MaxHeaderSectionBytes) input = input[..limits.MaxHeaderSectionBytes];
        var lineEnd = input.IndexOf("\r\n"u8);
        if (lineEnd <= 0 || !LooksLikeRequestLine(input[..lineEnd])) return false;

        var writer = new ArrayBufferWriter<byte>(Math.Min(input.Length + 64, 4096));
        writer.Write(statusCode == 513 ? TooLargeStatusLine : StatusLine);
        var seen = 0;
        var pos = lineEnd + 2;
        while (pos < input.Length)
        {
            var end = input[pos..].IndexOf("\r\n"u8);
            if (end <= 0) break; // empty line (end of headers) or truncated
            end += pos;

            // Folded continuation lines belong to the header above (RFC 3261 §7.3.1).
            while (end + 2 < input.Length && SipSyntax.IsWsp(input[end + 2]))
            {
                var more = input[(end + 2)..].IndexOf("\r\n"u8);
                if (more < 0) break;
                end += 2 + more;
            }

            var line = input[pos..end];
            var colon = line.IndexOf((byte)':');
            var name = colon > 0 ? SipSyntax.TrimEndLws(line[..colon]) : default;
            if (!name.IsEmpty && SipSyntax.IsToken(name))
            {
                var id = SipHeaderNames.Identify(name);
                var bit = id switch
                {
                    KnownHeader.Via => 1,
                    KnownHeader.From => 2,
                    KnownHeader.To => 4,
                    KnownHeader.CallId => 8,
                    KnownHeader.CSeq => 16,
                    _ => 0,
                };
                if (bit != 0)
                {
                    writer.Write(line);
                    writer.Write("\r\n"u8);
                    seen |= bit;
                }
            }

            pos = end + 2;
        }

        if (seen != 31) return false;
        writer.Write(Trailer);
        if (!SipMessage.TryParse(writer.WrittenSpan, out var parsed, out _, limits)) return false;
        using (parsed)
        {
            // RFC 3261 §17.2.1 / §17: an ACK is never answered.
            if (parsed.CSeqMethodKind == SipMethodKind.Ack) return false;
        }

        response = writer.WrittenSpan.ToArray();
        return true;
    }

    /// <summary>Method SP Request-URI SP "SIP/2.0", with a token method other than ACK.</summary>
    private static bool LooksLikeRequestLine(ReadOnlySpan<byte> line)
    {
        var sp = line.IndexOf((byte)' ');
        if (sp <= 0 || !SipSyntax.IsToken(line[..sp])) return false;
        if (line[..sp].SequenceEqual("ACK"u8)) return false;
        return line.EndsWith(" SIP/2.0"u8) && line.Length > sp + 1 + 8;
    }
}
