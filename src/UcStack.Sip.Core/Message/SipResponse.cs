using System.Diagnostics.CodeAnalysis;

namespace UcStack.Sip;

/// <summary>A SIP response (RFC 3261 §7.2): Status-Line, headers and body.</summary>
/// <remarks>See <see cref="SipMessage"/> for the ownership and lifetime rules.</remarks>
public sealed class SipResponse : SipMessage
{
    private string? _reasonPhrase;

    internal SipResponse(byte[] buffer, int length, int tableOffset, in MessageLayout layout)
        : base(buffer, length, tableOffset, layout)
    {
    }

    /// <summary>The Status-Code, 100–699.</summary>
    public int StatusCode => Layout.StatusCode;

    /// <summary>The Reason-Phrase bytes (UTF-8, possibly empty).</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public ReadOnlySpan<byte> ReasonPhraseBytes => Slice(Layout.ReasonPhrase);

    /// <summary>The Reason-Phrase (cached), possibly empty (RFC 4475 §3.1.1.13).</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed before the first use.</exception>
    public string ReasonPhrase => _reasonPhrase ??= Decode(Layout.ReasonPhrase)!;

    /// <summary>Parses a datagram that must hold a response; see <see cref="SipMessage.TryParse"/> for the rules.</summary>
    /// <param name="datagram">The datagram.</param>
    /// <param name="response">The response; dispose it.</param>
    /// <param name="error">Why it was rejected (<see cref="SipParseErrorCode.InvalidStartLine"/> for a request).</param>
    /// <param name="limits">Size limits, or <see langword="null"/> for the defaults.</param>
    /// <returns><see langword="true"/> when a response was parsed.</returns>
    public static bool TryParse(
        ReadOnlySpan<byte> datagram, [NotNullWhen(true)] out SipResponse? response, out SipParseError error, SipParserLimits? limits = null)
    {
        response = null;
        if (!SipMessage.TryParse(datagram, out var message, out error, limits)) return false;
        if (message is SipResponse r)
        {
            response = r;
            return true;
        }

        message.Dispose();
        error = new SipParseError(SipParseErrorCode.InvalidStartLine, SkipLeadingCrlf(datagram), "expected a response, found a request");
        return false;
    }

    /// <summary>Parses a datagram that must hold a response, throwing on failure.</summary>
    /// <param name="datagram">The datagram.</param>
    /// <param name="limits">Size limits, or <see langword="null"/> for the defaults.</param>
    /// <returns>The response; dispose it.</returns>
    /// <exception cref="SipParseException">The datagram is not a valid SIP response.</exception>
    public static new SipResponse Parse(ReadOnlySpan<byte> datagram, SipParserLimits? limits = null)
    {
        if (!TryParse(datagram, out SipResponse? response, out var error, limits)) ThrowParse(error);
        return response;
    }
}
