using System.Buffers.Binary;
using System.Runtime.CompilerServices;
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
    internal static string GetCanonicalName(KnownHeader id) => Canonical[(int)id];

    private static readonly byte[][] LowerBytes = Array.ConvertAll(Canonical, n => Encoding.ASCII.GetBytes(n.ToLowerInvariant()));

    private const int SlotBits = 8;

    /// <summary>Open-addressed table of the known names, indexed by <see cref="Slot"/>: the header id (or
    /// <see cref="KnownHeader.Unknown"/> for an empty slot), and that name's <see cref="Prefix"/> and length.</summary>
    private static readonly (KnownHeader Id, int Length, ulong Prefix)[] Slots = BuildSlots();

    private static (KnownHeader, int, ulong)[] BuildSlots()
    {
        var slots = new (KnownHeader, int, ulong)[1 << SlotBits];
        for (var i = 1; i < Canonical.Length; i++)
        {
            var lower = LowerBytes[i];
            var prefix = Prefix(lower);
            var slot = Slot(prefix, lower.Length);
            while (slots[slot].Item1 != KnownHeader.Unknown) slot = (slot + 1) & ((1 << SlotBits) - 1);
            slots[slot] = ((KnownHeader)i, lower.Length, prefix);
        }

        return slots;
    }

    /// <summary>
    /// The first eight octets of a name of two or more octets (zero-padded), lower-cased by OR-ing 0x20 into each
    /// present octet. On token characters (RFC 3261 §25.1) that is exact for comparing with a lower-case name made
    /// of letters and '-': only 'A'-'Z' become letters, '-' and digits are unchanged, and the rest ('_', '`', '~',
    /// ...) map to octets no header name contains.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Prefix(ReadOnlySpan<byte> name)
    {
        const ulong Lower = 0x2020202020202020UL;
        var length = name.Length;
        if (length >= 8) return BinaryPrimitives.ReadUInt64LittleEndian(name) | Lower;

        // Two overlapping loads cover the name; the octets they share are the same, so OR-ing them is exact.
        ulong packed = length >= 4
            ? BinaryPrimitives.ReadUInt32LittleEndian(name) | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(name[(length - 4)..]) << ((length - 4) * 8))
            : BinaryPrimitives.ReadUInt16LittleEndian(name) | ((ulong)BinaryPrimitives.ReadUInt16LittleEndian(name[(length - 2)..]) << ((length - 2) * 8));
        return (packed | Lower) & ((1UL << (length * 8)) - 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Slot(ulong prefix, int length)
        => (int)(((prefix ^ (ulong)length) * 0x9E3779B97F4A7C15UL) >> (64 - SlotBits));

    /// <summary>Identifies a header field name (token characters), case-insensitively, including the compact
    /// forms (RFC 3261 §7.3.3).</summary>
    internal static KnownHeader Identify(ReadOnlySpan<byte> name)
    {
        if (name.Length <= 1) return name.IsEmpty ? KnownHeader.Unknown : FromCompact(name[0]);
        var prefix = Prefix(name);
        var slots = Slots;
        var slot = Slot(prefix, name.Length);
        while (true)
        {
            var (id, length, candidate) = slots[slot];
            if (id == KnownHeader.Unknown) return KnownHeader.Unknown;
            if (candidate == prefix && length == name.Length && (length <= 8 || EqualsLowerFrom(name, LowerBytes[(int)id], 8))) return id;
            slot = (slot + 1) & ((1 << SlotBits) - 1);
        }
    }

    private static bool EqualsLowerFrom(ReadOnlySpan<byte> token, ReadOnlySpan<byte> lower, int from)
    {
        for (var i = from; i < lower.Length; i++)
        {
            if ((byte)(token[i] | 0x20) != lower[i]) return false;
        }

        return true;
    }

    internal static KnownHeader Identify(ReadOnlySpan<char> name)
    {
        // Only token characters can name a known header; narrowing them to octets keeps one lookup path.
        if (name.IsEmpty || name.Length > MaxNameLength) return KnownHeader.Unknown;
        Span<byte> octets = stackalloc byte[MaxNameLength];
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c >= 128 || !SipSyntax.IsToken((byte)c)) return KnownHeader.Unknown;
            octets[i] = (byte)c;
        }

        return Identify(octets[..name.Length]);
    }

    /// <summary>Longer than every known name, so longer input is never one.</summary>
    private const int MaxNameLength = 32;

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
