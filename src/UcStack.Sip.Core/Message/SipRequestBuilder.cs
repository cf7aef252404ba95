using System.Globalization;

namespace UcStack.Sip;

/// <summary>
/// Builds a <see cref="SipRequest"/>: method, Request-URI, headers in the order added, body. Typed helpers
/// cover the headers RFC 3261 §8.1.1 requires, with fresh random identifiers where the RFC asks for them.
/// </summary>
/// <remarks>
/// Inputs are checked when added (tokens, URIs without whitespace, values without CR/LF), so a builder cannot
/// be made to inject header lines. <see cref="Build"/> renders the text and parses it with the same parser as
/// received messages, so a built request obeys every rule a parsed one does.
/// </remarks>
public sealed class SipRequestBuilder
{
    private readonly SipMessageComposer _composer = new();
    private readonly string _method;
    private readonly string _requestUri;

    /// <summary>Starts a request.</summary>
    /// <param name="method">The method, a token such as <c>INVITE</c> (case-sensitive).</param>
    /// <param name="requestUri">The Request-URI, e.g. <c>sip:bob@example.com</c> (no angle brackets).</param>
    /// <exception cref="ArgumentException">The method is not a token or the URI contains whitespace or brackets.</exception>
    public SipRequestBuilder(string method, string requestUri)
    {
        SipMessageComposer.CheckToken(method, nameof(method));
        SipMessageComposer.CheckUri(requestUri, nameof(requestUri));
        _method = method;
        _requestUri = requestUri;
    }

    /// <summary>Appends a header line as given.</summary>
    /// <param name="name">Header name (a token).</param>
    /// <param name="value">Header value (no CR, LF or other control characters).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The name is not a token or the value contains control characters.</exception>
    public SipRequestBuilder AddHeader(string name, string value)
    {
        _composer.Add(name, value);
        return this;
    }

    /// <summary>Appends a Via (RFC 3261 §8.1.1.7) with a new random branch carrying the <c>z9hG4bK</c> magic cookie
    /// unless <paramref name="branch"/> is given.</summary>
    /// <param name="transport">Transport token, e.g. <c>UDP</c>, <c>TCP</c>, <c>TLS</c>.</param>
    /// <param name="host">The sent-by host (IPv6 addresses in brackets).</param>
    /// <param name="port">The sent-by port, or <see langword="null"/> for none.</param>
    /// <param name="branch">The branch, or <see langword="null"/> for a fresh one.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">An argument is not a valid token or host.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 0–65535.</exception>
    public SipRequestBuilder AddVia(string transport, string host, int? port = null, string? branch = null)
    {
        _composer.Add("Via", FormatVia(transport, host, port, branch ?? SipMessageComposer.NewBranch()));
        return this;
    }

    /// <summary>Sets From (RFC 3261 §8.1.1.3) with a new random tag unless <paramref name="tag"/> is given.</summary>
    /// <param name="uri">The URI.</param>
    /// <param name="displayName">Optional display name (quoted for you).</param>
    /// <param name="tag">The tag, or <see langword="null"/> for a fresh one.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">An argument contains characters it cannot hold.</exception>
    public SipRequestBuilder SetFrom(string uri, string? displayName = null, string? tag = null)
    {
        tag ??= SipMessageComposer.NewId(16);
        SipMessageComposer.CheckToken(tag, nameof(tag));
        _composer.Set("From", string.Concat(SipMessageComposer.NameAddr(uri, displayName), ";tag=", tag));
        return this;
    }

    /// <summary>Sets To (RFC 3261 §8.1.1.2); out of a dialog it has no tag.</summary>
    /// <param name="uri">The URI.</param>
    /// <param name="displayName">Optional display name (quoted for you).</param>
    /// <param name="tag">The remote tag inside a dialog, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">An argument contains characters it cannot hold.</exception>
    public SipRequestBuilder SetTo(string uri, string? displayName = null, string? tag = null)
    {
        var value = SipMessageComposer.NameAddr(uri, displayName);
        if (tag is not null)
        {
            SipMessageComposer.CheckToken(tag, nameof(tag));
            value = string.Concat(value, ";tag=", tag);
        }

        _composer.Set("To", value);
        return this;
    }

    /// <summary>Sets Call-ID (RFC 3261 §8.1.1.4); a fresh random one unless given.</summary>
    /// <param name="callId">The Call-ID, or <see langword="null"/> for a fresh one (32 random alphanumerics).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The Call-ID contains whitespace or control characters.</exception>
    public SipRequestBuilder SetCallId(string? callId = null)
    {
        callId ??= SipMessageComposer.NewId(32);
        if (callId.Length == 0 || callId.AsSpan().IndexOfAny(" \t") >= 0) throw new ArgumentException("Call-ID must be non-empty without whitespace", nameof(callId));
        _composer.Set("Call-ID", callId);
        return this;
    }

    /// <summary>Sets CSeq (RFC 3261 §8.1.1.5) with this request's method.</summary>
    /// <param name="sequenceNumber">The sequence number.</param>
    /// <returns>This builder.</returns>
    public SipRequestBuilder SetCSeq(uint sequenceNumber)
    {
        _composer.Set("CSeq", string.Concat(sequenceNumber.ToString(CultureInfo.InvariantCulture), " ", _method));
        return this;
    }

    /// <summary>Sets Max-Forwards (RFC 3261 §8.1.1.6); 70 is the recommended initial value.</summary>
    /// <param name="value">0–255.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is outside 0–255.</exception>
    public SipRequestBuilder SetMaxForwards(int value = 70)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 255);
        _composer.Set("Max-Forwards", value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>Appends a Contact (RFC 3261 §8.1.1.8) in name-addr form.</summary>
    /// <param name="uri">The contact URI.</param>
    /// <param name="displayName">Optional display name.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">An argument contains characters it cannot hold.</exception>
    public SipRequestBuilder AddContact(string uri, string? displayName = null)
    {
        _composer.Add("Contact", SipMessageComposer.NameAddr(uri, displayName));
        return this;
    }

    /// <summary>Sets the body (copied) and, when given, its Content-Type. Content-Length is always computed.</summary>
    /// <param name="body">The body bytes.</param>
    /// <param name="contentType">A media type such as <c>application/sdp</c>, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="contentType"/> contains control characters.</exception>
    public SipRequestBuilder SetBody(ReadOnlySpan<byte> body, string? contentType = null)
    {
        _composer.SetBody(body);
        if (contentType is not null) _composer.Set("Content-Type", contentType);
        return this;
    }

    /// <summary>The request text as it will be parsed by <see cref="Build"/>.</summary>
    /// <returns>The bytes.</returns>
    public byte[] ToArray() => _composer.Render(string.Concat(_method, " ", _requestUri, " SIP/2.0"));

    /// <summary>Builds the request by rendering and parsing it.</summary>
    /// <param name="limits">Limits for the parse, or <see langword="null"/> for the defaults.</param>
    /// <returns>The request; dispose it.</returns>
    /// <exception cref="SipParseException">The request is not valid, e.g. a mandatory header (Via, From, To,
    /// Call-ID, CSeq) is missing or a value does not match its grammar.</exception>
    public SipRequest Build(SipParserLimits? limits = null) => SipRequest.Parse(ToArray(), limits);

    internal static string FormatVia(string transport, string host, int? port, string branch)
    {
        SipMessageComposer.CheckToken(transport, nameof(transport));
        SipMessageComposer.CheckUri(host, nameof(host));
        SipMessageComposer.CheckToken(branch, nameof(branch));
        if (port is { } p)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(p, nameof(port));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 65535, nameof(port));
            return string.Create(CultureInfo.InvariantCulture, $"SIP/2.0/{transport} {host}:{p};branch={branch}");
        }

        return string.Concat("SIP/2.0/", transport, " ", host, ";branch=", branch);
    }
}
