using System.Globalization;

namespace UcStack.Sip;

/// <summary>
/// Builds a <see cref="SipResponse"/>. <see cref="For"/> starts from a request and copies the headers
/// RFC 3261 §8.2.6.2 requires; other headers and the body are added in order.
/// </summary>
/// <remarks>Inputs are checked as they are added, and <see cref="Build"/> parses the rendered text, as with
/// <see cref="SipRequestBuilder"/>.</remarks>
public sealed class SipResponseBuilder
{
    private readonly SipMessageComposer _composer = new();
    private readonly int _statusCode;
    private readonly string _reasonPhrase;

    /// <summary>Starts a response with no headers.</summary>
    /// <param name="statusCode">100–699.</param>
    /// <param name="reasonPhrase">The Reason-Phrase, or <see langword="null"/> for <see cref="SipReasonPhrases.Get"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="statusCode"/> is outside 100–699.</exception>
    /// <exception cref="ArgumentException"><paramref name="reasonPhrase"/> contains control characters.</exception>
    public SipResponseBuilder(int statusCode, string? reasonPhrase = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 699);
        reasonPhrase ??= SipReasonPhrases.Get(statusCode);
        SipMessageComposer.CheckValue(reasonPhrase, nameof(reasonPhrase));
        _statusCode = statusCode;
        _reasonPhrase = reasonPhrase;
    }

    /// <summary>
    /// Starts a response to <paramref name="request"/>. RFC 3261 §8.2.6.2: "The From field of the response MUST
    /// equal the From header field of the request. The Call-ID ... MUST equal ... The CSeq ... MUST equal ... The
    /// Via header field values in the response MUST equal the Via header field values in the request and MUST
    /// maintain the same ordering." To is copied too; add its tag with <see cref="WithToTag"/>.
    /// </summary>
    /// <param name="request">The request answered; read now, so it may be disposed afterwards.</param>
    /// <param name="statusCode">100–699.</param>
    /// <param name="reason">The Reason-Phrase, or <see langword="null"/> for the default.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="statusCode"/> is outside 100–699.</exception>
    /// <exception cref="ObjectDisposedException">The request was disposed.</exception>
    public static SipResponseBuilder For(SipRequest request, int statusCode, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var builder = new SipResponseBuilder(statusCode, reason);
        foreach (var header in request.Headers)
        {
            switch (header.Id)
            {
                case KnownHeader.Via:
                case KnownHeader.From:
                case KnownHeader.To:
                case KnownHeader.CallId:
                case KnownHeader.CSeq:
                    builder._composer.Add(header.CanonicalName, header.Value);
                    break;

                // RFC 3261 §8.2.6.1: a 100 (Trying) copies the request's Timestamp.
                case KnownHeader.Timestamp when statusCode == 100:
                    builder._composer.Add(header.CanonicalName, header.Value);
                    break;
            }
        }

        builder._hasToTag = request.ToTag is not null;
        return builder;
    }

    private bool _hasToTag;

    /// <summary>Adds a tag to To when it has none (RFC 3261 §8.2.6.2: a UAS adds one to every response except
    /// 100 Trying; §12.1.1 the tag then identifies the dialog). Does nothing when To already has a tag.</summary>
    /// <param name="tag">The tag, or <see langword="null"/> for a fresh random one.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">There is no To header yet.</exception>
    /// <exception cref="ArgumentException"><paramref name="tag"/> is not a token.</exception>
    public SipResponseBuilder WithToTag(string? tag = null)
    {
        if (_hasToTag) return this;
        var to = _composer.Get("To") ?? throw new InvalidOperationException("the response has no To header");
        tag ??= SipMessageComposer.NewId(16);
        SipMessageComposer.CheckToken(tag, nameof(tag));
        _composer.Set("To", string.Concat(to, ";tag=", tag));
        _hasToTag = true;
        return this;
    }

    /// <summary>Appends a header line as given.</summary>
    /// <param name="name">Header name (a token).</param>
    /// <param name="value">Header value (no CR, LF or other control characters).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The name is not a token or the value contains control characters.</exception>
    public SipResponseBuilder AddHeader(string name, string value)
    {
        _composer.Add(name, value);
        return this;
    }

    /// <summary>Appends a Contact in name-addr form.</summary>
    /// <param name="uri">The contact URI.</param>
    /// <param name="displayName">Optional display name.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">An argument contains characters it cannot hold.</exception>
    public SipResponseBuilder AddContact(string uri, string? displayName = null)
    {
        _composer.Add("Contact", SipMessageComposer.NameAddr(uri, displayName));
        return this;
    }

    /// <summary>Sets the body (copied) and, when given, its Content-Type. Content-Length is always computed.</summary>
    /// <param name="body">The body bytes.</param>
    /// <param name="contentType">A media type, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="contentType"/> contains control characters.</exception>
    public SipResponseBuilder SetBody(ReadOnlySpan<byte> body, string? contentType = null)
    {
        _composer.SetBody(body);
        if (contentType is not null) _composer.Set("Content-Type", contentType);
        return this;
    }

    /// <summary>The response text as it will be parsed by <see cref="Build"/>.</summary>
    /// <returns>The bytes.</returns>
    public byte[] ToArray()
        => _composer.Render(string.Create(CultureInfo.InvariantCulture, $"SIP/2.0 {_statusCode} {_reasonPhrase}"));

    /// <summary>Builds the response by rendering and parsing it.</summary>
    /// <param name="limits">Limits for the parse, or <see langword="null"/> for the defaults.</param>
    /// <returns>The response; dispose it.</returns>
    /// <exception cref="SipParseException">The response is not valid, e.g. a mandatory header is missing.</exception>
    public SipResponse Build(SipParserLimits? limits = null) => SipResponse.Parse(ToArray(), limits);
}
