using System.Diagnostics.CodeAnalysis;

namespace UcStack.Sip;

/// <summary>A SIP request (RFC 3261 §7.1): Request-Line, headers and body.</summary>
/// <remarks>See <see cref="SipMessage"/> for the ownership and lifetime rules.</remarks>
public sealed partial class SipRequest : SipMessage
{
    private string? _method;
    private string? _requestUriText;
    private AddressUri? _requestUri;

    internal SipRequest(byte[] buffer, int length, int tableOffset, in MessageLayout layout)
        : base(buffer, length, tableOffset, layout)
    {
    }

    /// <summary>The method as written (methods are case-sensitive, RFC 3261 §7.1); known methods reuse a shared string.</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed before the first use.</exception>
    public string Method => _method ??= SipMethods.GetName(Layout.MethodKind) ?? Decode(Layout.Method)!;

    /// <summary>The method as a <see cref="SipMethodKind"/>, <see cref="SipMethodKind.Extension"/> for other tokens.</summary>
    public SipMethodKind MethodKind => Layout.MethodKind;

    /// <summary>The method bytes.</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public ReadOnlySpan<byte> MethodBytes => Slice(Layout.Method);

    /// <summary>The Request-URI bytes exactly as on the Request-Line.</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public ReadOnlySpan<byte> RequestUriBytes => Slice(Layout.RequestUri);

    /// <summary>The Request-URI text exactly as on the Request-Line (cached).</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed before the first use.</exception>
    public string RequestUriText => _requestUriText ??= Decode(Layout.RequestUri)!;

    /// <summary>The Request-URI, parsed on first use and cached (SIP, SIPS, tel or any absolute URI, RFC 3261 §19).</summary>
    /// <exception cref="SipParseException">The Request-URI does not match its grammar (offset from the message start).</exception>
    /// <exception cref="ObjectDisposedException">The message was disposed before the first use.</exception>
    public AddressUri RequestUri
    {
        get
        {
            if (_requestUri is null)
            {
                if (!TryValidateRequestUri(out var error)) ThrowParse(error);
            }

            return _requestUri!;
        }
    }

    internal bool TryValidateRequestUri(out SipParseError error)
    {
        if (_requestUri is not null)
        {
            error = default;
            return true;
        }

        if (!AddressUri.TryParse(RequestUriBytes, out var uri, out error))
        {
            error = error.Shift(Layout.RequestUri.Start);
            return false;
        }

        _requestUri = uri;
        return true;
    }

    /// <summary>Parses a datagram that must hold a request; see <see cref="SipMessage.TryParse"/> for the rules.</summary>
    /// <param name="datagram">The datagram.</param>
    /// <param name="request">The request; dispose it.</param>
    /// <param name="error">Why it was rejected (<see cref="SipParseErrorCode.InvalidStartLine"/> for a response).</param>
    /// <param name="limits">Size limits, or <see langword="null"/> for the defaults.</param>
    /// <returns><see langword="true"/> when a request was parsed.</returns>
    public static bool TryParse(
        ReadOnlySpan<byte> datagram, [NotNullWhen(true)] out SipRequest? request, out SipParseError error, SipParserLimits? limits = null)
    {
        request = null;
        if (!SipMessage.TryParse(datagram, out var message, out error, limits)) return false;
        if (message is SipRequest r)
        {
            request = r;
            return true;
        }

        message.Dispose();
        error = new SipParseError(SipParseErrorCode.InvalidStartLine, SkipLeadingCrlf(datagram), "expected a request, found a response");
        return false;
    }

    /// <summary>Parses a datagram that must hold a request, throwing on failure.</summary>
    /// <param name="datagram">The datagram.</param>
    /// <param name="limits">Size limits, or <see langword="null"/> for the defaults.</param>
    /// <returns>The request; dispose it.</returns>
    /// <exception cref="SipParseException">The datagram is not a valid SIP request.</exception>
    public static new SipRequest Parse(ReadOnlySpan<byte> datagram, SipParserLimits? limits = null)
    {
        if (!TryParse(datagram, out SipRequest? request, out var error, limits)) ThrowParse(error);
        return request;
    }
}
