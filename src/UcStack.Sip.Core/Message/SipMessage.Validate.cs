namespace UcStack.Sip;

public abstract partial class SipMessage
{
    /// <summary>
    /// Checks every header the stack knows against its grammar (Via, From, To, Contact, Route, Record-Route and
    /// other name-addr headers with their parameters and display names, CSeq, Max-Forwards, Expires,
    /// Min-Expires, Content-Length, Call-ID, Content-Type, option-tag lists, credentials and challenges, Date,
    /// Retry-After, Warning) and, for a request, the Request-URI. Unknown headers are opaque text and always pass.
    /// </summary>
    /// <param name="error">The first problem, with the offset from the start of <see cref="RawBytes"/>.</param>
    /// <param name="requireMaxForwards"><see langword="true"/> to report a request without Max-Forwards as
    /// <see cref="SipParseErrorCode.MissingHeader"/> (RFC 3261 §8.1.1 makes it mandatory; RFC 2543 peers omit it,
    /// RFC 4475 §3.4.1, so the default accepts them).</param>
    /// <returns><see langword="true"/> when everything checked is well formed.</returns>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public bool TryValidate(out SipParseError error, bool requireMaxForwards = false)
    {
        if (this is SipRequest request && !request.TryValidateRequestUri(out error)) return false;
        if (requireMaxForwards && Layout.IsRequest && Layout.MaxForwards < 0)
        {
            error = new SipParseError(SipParseErrorCode.MissingHeader, Layout.HeaderSectionLength, "no Max-Forwards header");
            return false;
        }

        foreach (ref readonly var entry in Entries)
        {
            if (!TryValidateValue(entry.Id, ValueOf(entry), out error))
            {
                error = error.Shift(entry.ValueStart);
                return false;
            }
        }

        error = default;
        return true;
    }

    private static bool TryValidateValue(KnownHeader id, ReadOnlySpan<byte> value, out SipParseError error)
    {
        switch (id)
        {
            case KnownHeader.Via:
                return ViaHeader.TryParseList(value, new List<ViaHeader>(), out error);
            case KnownHeader.From:
            case KnownHeader.To:
            case KnownHeader.ReplyTo:
            case KnownHeader.ReferTo:
            case KnownHeader.ReferredBy:
                return NameAddressHeader.TryParse(value, out _, out error);
            case KnownHeader.Contact:
            case KnownHeader.Route:
            case KnownHeader.RecordRoute:
            case KnownHeader.Path:
            case KnownHeader.ServiceRoute:
                return NameAddressHeader.TryParseList(value, new List<NameAddressHeader>(), out error);
            case KnownHeader.CSeq:
                return CSeqHeader.TryParse(value, out _, out error);
            case KnownHeader.MaxForwards:
                return SipHeaderValues.TryParseMaxForwards(value, out _, out error);
            case KnownHeader.Expires:
            case KnownHeader.MinExpires:
                return SipHeaderValues.TryParseDeltaSeconds(value, out _, out error);
            case KnownHeader.ContentLength:
                return SipHeaderValues.TryParseContentLength(value, out _, out error);
            case KnownHeader.CallId:
                return SipHeaderValues.TryParseCallId(value, out error);
            case KnownHeader.ContentType:
                return ContentTypeHeader.TryParse(value, out _, out error);
            case KnownHeader.Supported:
            case KnownHeader.Require:
            case KnownHeader.ProxyRequire:
            case KnownHeader.Unsupported:
                return SipHeaderValues.TryParseOptionTags(value, new List<string>(), out error);
            case KnownHeader.Authorization:
            case KnownHeader.ProxyAuthorization:
            case KnownHeader.WwwAuthenticate:
            case KnownHeader.ProxyAuthenticate:
                return AuthenticationHeader.TryParse(value, out _, out error);
            case KnownHeader.Date:
                return SipHeaderValues.TryParseDate(value, out _, out error);
            case KnownHeader.RetryAfter:
                return SipHeaderValues.TryParseRetryAfter(value, out _, out error);
            case KnownHeader.Warning:
                return SipHeaderValues.TryParseWarning(value, new List<SipWarning>(), out error);
            default:
                error = default;
                return true;
        }
    }
}
