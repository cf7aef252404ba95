using System.Text;

namespace UcStack.Sip;

/// <summary>
/// Header names the message layer recognises, with their canonical spelling and compact forms.
/// </summary>
/// <remarks>
/// Header names are case-insensitive (RFC 3261 §7.3.1). Compact forms follow the IANA "Header Fields"
/// registry of the SIP parameters: a=Accept-Contact, b=Referred-By, c=Content-Type, d=Request-Disposition,
/// e=Content-Encoding, f=From, i=Call-ID, j=Reject-Contact, k=Supported, l=Content-Length, m=Contact,
/// n=Identity-Info, o=Event, r=Refer-To, s=Subject, t=To, u=Allow-Events, v=Via, x=Session-Expires,
/// y=Identity.
/// </remarks>
internal static class SipHeaderNames
{
    /// <summary>Canonical names indexed by <see cref="KnownHeader"/>; index 0 (unknown) is empty.</summary>
    private static readonly string[] Canonical =
    [
        string.Empty,
        "Accept", "Accept-Contact", "Accept-Encoding", "Accept-Language", "Alert-Info", "Allow", "Allow-Events",
        "Authentication-Info", "Authorization", "Call-ID", "Call-Info", "Contact", "Content-Disposition",
        "Content-Encoding", "Content-Language", "Content-Length", "Content-Type", "CSeq", "Date", "Error-Info",
        "Event", "Expires", "From", "Identity", "Identity-Info", "In-Reply-To", "Max-Forwards", "MIME-Version",
        "Min-Expires", "Min-SE", "Organization", "Path", "Priority", "Proxy-Authenticate", "Proxy-Authorization",
        "Proxy-Require", "RAck", "Record-Route", "Refer-To", "Referred-By", "Reject-Contact", "Reply-To",
        "Request-Disposition", "Require", "Retry-After", "Route", "RSeq", "Server", "Service-Route",
        "Session-Expires", "Subject", "Subscription-State", "Supported", "Timestamp", "To", "Unsupported",
        "User-Agent", "Via", "Warning", "WWW-Authenticate",
    ];

    /// <summary>Candidates per name length, so identification compares against a handful of names.</summary>
    private static readonly KnownHeader[][] ByLength = BuildByLength();

    private static KnownHeader[][] BuildByLength()
    {
        var max = 0;
        foreach (var name in Canonical) max = Math.Max(max, name.Length);
        var lists = new List<KnownHeader>[max + 1];
        for (var i = 1; i < Canonical.Length; i++)
        {
            var len = Canonical[i].Length;
            (lists[len] ??= []).Add((KnownHeader)i);
        }

        var result = new KnownHeader[max + 1][];
        for (var i = 0; i <= max; i++) result[i] = lists[i]?.ToArray() ?? [];
        return result;
    }

    /// <summary>The canonical spelling of a known header.</summary>
    internal static string GetCanonicalName(KnownHeader id) => Canonical[(int)id];

    /// <summary>Canonical names in lower case as ASCII bytes, indexed like <see cref="Canonical"/>.</summary>
    private static readonly byte[][] LowerBytes = Array.ConvertAll(Canonical, n => Encoding.ASCII.GetBytes(n.ToLowerInvariant()));

    /// <summary>Identifies a header name written on the wire (full or compact form, any case).</summary>
    /// <remarks>The caller passes a token (RFC 3261 §25.1). Among token characters only upper-case letters change
    /// when 0x20 is OR-ed in, and they become their lower-case letter, so OR-ing each octet with 0x20 and comparing
    /// with the lower-case name is an exact case-insensitive match.</remarks>
    internal static KnownHeader Identify(ReadOnlySpan<byte> name)
    {
        if (name.Length == 1) return FromCompact(name[0]);
        if ((uint)name.Length >= (uint)ByLength.Length) return KnownHeader.Unknown;
        var first = (byte)(name[0] | 0x20);
        foreach (var id in ByLength[name.Length])
        {
            var lower = LowerBytes[(int)id];
            if (lower[0] == first && EqualsLower(name, lower)) return id;
        }

        return KnownHeader.Unknown;
    }

    private static bool EqualsLower(ReadOnlySpan<byte> token, ReadOnlySpan<byte> lower)
    {
        for (var i = 1; i < lower.Length; i++)
        {
            if ((byte)(token[i] | 0x20) != lower[i]) return false;
        }

        return true;
    }

    /// <summary>Identifies a header name given by a caller (full or compact form, any case).</summary>
    internal static KnownHeader Identify(ReadOnlySpan<char> name)
    {
        if (name.Length == 1) return name[0] < 128 ? FromCompact((byte)name[0]) : KnownHeader.Unknown;
        if ((uint)name.Length >= (uint)ByLength.Length) return KnownHeader.Unknown;
        foreach (var id in ByLength[name.Length])
        {
            if (name.Equals(Canonical[(int)id], StringComparison.OrdinalIgnoreCase)) return id;
        }

        return KnownHeader.Unknown;
    }

    private static KnownHeader FromCompact(byte b) => (b | 0x20) switch
    {
        'a' => KnownHeader.AcceptContact,
        'b' => KnownHeader.ReferredBy,
        'c' => KnownHeader.ContentType,
        'd' => KnownHeader.RequestDisposition,
        'e' => KnownHeader.ContentEncoding,
        'f' => KnownHeader.From,
        'i' => KnownHeader.CallId,
        'j' => KnownHeader.RejectContact,
        'k' => KnownHeader.Supported,
        'l' => KnownHeader.ContentLength,
        'm' => KnownHeader.Contact,
        'n' => KnownHeader.IdentityInfo,
        'o' => KnownHeader.Event,
        'r' => KnownHeader.ReferTo,
        's' => KnownHeader.Subject,
        't' => KnownHeader.To,
        'u' => KnownHeader.AllowEvents,
        'v' => KnownHeader.Via,
        'x' => KnownHeader.SessionExpires,
        'y' => KnownHeader.Identity,
        _ => KnownHeader.Unknown,
    };

    /// <summary>Writes the canonical name of a known header as ASCII into <paramref name="destination"/>.</summary>
    internal static int WriteCanonical(KnownHeader id, Span<byte> destination)
        => Encoding.ASCII.GetBytes(Canonical[(int)id], destination);
}

/// <summary>Identifiers of the headers in <see cref="SipHeaderNames"/>; the order matches its table.</summary>
internal enum KnownHeader : ushort
{
    Unknown = 0,
    Accept, AcceptContact, AcceptEncoding, AcceptLanguage, AlertInfo, Allow, AllowEvents,
    AuthenticationInfo, Authorization, CallId, CallInfo, Contact, ContentDisposition,
    ContentEncoding, ContentLanguage, ContentLength, ContentType, CSeq, Date, ErrorInfo,
    Event, Expires, From, Identity, IdentityInfo, InReplyTo, MaxForwards, MimeVersion,
    MinExpires, MinSE, Organization, Path, Priority, ProxyAuthenticate, ProxyAuthorization,
    ProxyRequire, RAck, RecordRoute, ReferTo, ReferredBy, RejectContact, ReplyTo,
    RequestDisposition, Require, RetryAfter, Route, RSeq, Server, ServiceRoute,
    SessionExpires, Subject, SubscriptionState, Supported, Timestamp, To, Unsupported,
    UserAgent, Via, Warning, WwwAuthenticate,
}
