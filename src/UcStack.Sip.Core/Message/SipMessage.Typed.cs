namespace UcStack.Sip;

// Typed header values, parsed on first use with the header grammar parsers and cached. A header that does not
// match its grammar makes its property throw SipParseException; TryValidate checks every header without throwing.
public abstract partial class SipMessage
{
    /// <summary>Typed values live in a side object created on first typed access, so parsing allocates only the message.</summary>
    private TypedCache? _typed;

    private TypedCache Typed => _typed ??= new TypedCache();

    private sealed class TypedCache
    {
        internal IReadOnlyList<ViaHeader>? _vias;
        internal NameAddressHeader? _from;
        internal NameAddressHeader? _to;
        internal IReadOnlyList<NameAddressHeader>? _contacts;
        internal IReadOnlyList<NameAddressHeader>? _routes;
        internal IReadOnlyList<NameAddressHeader>? _recordRoutes;
        internal ContentTypeHeader? _contentType;
        internal bool _contentTypeRead;
        internal uint? _expires;
        internal bool _expiresRead;
        internal IReadOnlyList<string>? _supported;
        internal IReadOnlyList<string>? _require;
        internal IReadOnlyList<string>? _proxyRequire;
        internal IReadOnlyList<AuthenticationHeader>? _authorization;
        internal IReadOnlyList<AuthenticationHeader>? _proxyAuthorization;
        internal IReadOnlyList<AuthenticationHeader>? _wwwAuthenticate;
        internal IReadOnlyList<AuthenticationHeader>? _proxyAuthenticate;
    }

    /// <summary>Every Via value over all Via lines, top first (RFC 3261 §20.42).</summary>
    /// <exception cref="SipParseException">A Via value is malformed.</exception>
    /// <exception cref="ObjectDisposedException">The message was disposed before the first use.</exception>
    public IReadOnlyList<ViaHeader> Vias => Typed._vias ??= ParseList<ViaHeader>(KnownHeader.Via, static (v, into, out e) => ViaHeader.TryParseList(v, into, out e));

    /// <summary>The From header (RFC 3261 §20.20).</summary>
    /// <exception cref="SipParseException">The value is malformed.</exception>
    /// <exception cref="ObjectDisposedException">The message was disposed before the first use.</exception>
    public NameAddressHeader From => Typed._from ??= ParseNameAddress(Layout.From);

    /// <summary>The To header (RFC 3261 §20.39).</summary>
    /// <exception cref="SipParseException">The value is malformed.</exception>
    /// <exception cref="ObjectDisposedException">The message was disposed before the first use.</exception>
    public NameAddressHeader To => Typed._to ??= ParseNameAddress(Layout.To);

    /// <summary>Every Contact value over all Contact lines, in order; a wildcard <c>*</c> appears as
    /// <see cref="NameAddressHeader.IsWildcard"/> (RFC 3261 §20.10).</summary>
    /// <exception cref="SipParseException">A value is malformed.</exception>
    /// <exception cref="ObjectDisposedException">The message was disposed before the first use.</exception>
    public IReadOnlyList<NameAddressHeader> Contacts => Typed._contacts ??= ParseNameAddressList(KnownHeader.Contact);

    /// <summary>Every Route value, in order (RFC 3261 §20.34).</summary>
    /// <exception cref="SipParseException">A value is malformed.</exception>
    /// <exception cref="ObjectDisposedException">The message was disposed before the first use.</exception>
    public IReadOnlyList<NameAddressHeader> Routes => Typed._routes ??= ParseNameAddressList(KnownHeader.Route);

    /// <summary>Every Record-Route value, in order (RFC 3261 §20.30).</summary>
    /// <exception cref="SipParseException">A value is malformed.</exception>
    /// <exception cref="ObjectDisposedException">The message was disposed before the first use.</exception>
    public IReadOnlyList<NameAddressHeader> RecordRoutes => Typed._recordRoutes ??= ParseNameAddressList(KnownHeader.RecordRoute);

    /// <summary>The Content-Type (RFC 3261 §20.15), or <see langword="null"/> when absent.</summary>
    /// <exception cref="SipParseException">The value is malformed.</exception>
    /// <exception cref="ObjectDisposedException">The message was disposed before the first use.</exception>
    public ContentTypeHeader? ContentType
    {
        get
        {
            if (Typed._contentTypeRead) return Typed._contentType;
            if (TryFindFirst(KnownHeader.ContentType, out var entry))
            {
                if (!ContentTypeHeader.TryParse(ValueOf(entry), out var ct, out var error)) ThrowParse(error.Shift(entry.ValueStart));
                Typed._contentType = ct;
            }

            Typed._contentTypeRead = true;
            return Typed._contentType;
        }
    }

    /// <summary>The Expires value in seconds (RFC 3261 §20.19), or <see langword="null"/> when absent.</summary>
    /// <exception cref="SipParseException">The value is malformed or above 2^32-1.</exception>
    /// <exception cref="ObjectDisposedException">The message was disposed before the first use.</exception>
    public uint? Expires
    {
        get
        {
            if (Typed._expiresRead) return Typed._expires;
            if (TryFindFirst(KnownHeader.Expires, out var entry))
            {
                if (!SipHeaderValues.TryParseDeltaSeconds(ValueOf(entry), out var seconds, out var error)) ThrowParse(error.Shift(entry.ValueStart));
                Typed._expires = seconds;
            }

            Typed._expiresRead = true;
            return Typed._expires;
        }
    }

    /// <summary>The option tags of every Supported line (RFC 3261 §20.37).</summary>
    /// <exception cref="SipParseException">A value is malformed.</exception>
    /// <exception cref="ObjectDisposedException">The message was disposed before the first use.</exception>
    public IReadOnlyList<string> Supported => Typed._supported ??= ParseOptionTags(KnownHeader.Supported);

    /// <summary>The option tags of every Require line (RFC 3261 §20.32).</summary>
    /// <exception cref="SipParseException">A value is malformed.</exception>
    /// <exception cref="ObjectDisposedException">The message was disposed before the first use.</exception>
    public IReadOnlyList<string> Require => Typed._require ??= ParseOptionTags(KnownHeader.Require);

    /// <summary>The option tags of every Proxy-Require line (RFC 3261 §20.29).</summary>
    /// <exception cref="SipParseException">A value is malformed.</exception>
    /// <exception cref="ObjectDisposedException">The message was disposed before the first use.</exception>
    public IReadOnlyList<string> ProxyRequire => Typed._proxyRequire ??= ParseOptionTags(KnownHeader.ProxyRequire);

    /// <summary>Every Authorization line's credentials, in order (RFC 3261 §20.7).</summary>
    /// <exception cref="SipParseException">A value is malformed.</exception>
    /// <exception cref="ObjectDisposedException">The message was disposed before the first use.</exception>
    public IReadOnlyList<AuthenticationHeader> Authorization => Typed._authorization ??= ParseAuthentication(KnownHeader.Authorization);

    /// <summary>Every Proxy-Authorization line's credentials, in order (RFC 3261 §20.28).</summary>
    /// <exception cref="SipParseException">A value is malformed.</exception>
    /// <exception cref="ObjectDisposedException">The message was disposed before the first use.</exception>
    public IReadOnlyList<AuthenticationHeader> ProxyAuthorization => Typed._proxyAuthorization ??= ParseAuthentication(KnownHeader.ProxyAuthorization);

    /// <summary>Every WWW-Authenticate challenge, in order (RFC 3261 §20.44).</summary>
    /// <exception cref="SipParseException">A value is malformed.</exception>
    /// <exception cref="ObjectDisposedException">The message was disposed before the first use.</exception>
    public IReadOnlyList<AuthenticationHeader> WwwAuthenticate => Typed._wwwAuthenticate ??= ParseAuthentication(KnownHeader.WwwAuthenticate);

    /// <summary>Every Proxy-Authenticate challenge, in order (RFC 3261 §20.27).</summary>
    /// <exception cref="SipParseException">A value is malformed.</exception>
    /// <exception cref="ObjectDisposedException">The message was disposed before the first use.</exception>
    public IReadOnlyList<AuthenticationHeader> ProxyAuthenticate => Typed._proxyAuthenticate ??= ParseAuthentication(KnownHeader.ProxyAuthenticate);

    /// <summary>The CSeq as a typed value (the same facts as <see cref="CSeqNumber"/> and <see cref="CSeqMethod"/>).</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed before the first use of <see cref="CSeqMethod"/>.</exception>
    public CSeqHeader CSeq => new(CSeqNumber, CSeqMethod);

    private delegate bool ListParser<T>(ReadOnlySpan<byte> value, ICollection<T> into, out SipParseError error);

    private ReadOnlySpan<byte> ValueOf(in HeaderEntry entry) => Buffer.AsSpan(entry.ValueStart, entry.ValueLength);

    private bool TryFindFirst(KnownHeader id, out HeaderEntry entry)
    {
        foreach (ref readonly var e in Entries)
        {
            if (e.Id == id)
            {
                entry = e;
                return true;
            }
        }

        entry = default;
        return false;
    }

    private List<T> ParseList<T>(KnownHeader id, ListParser<T> parser)
    {
        var list = new List<T>();
        foreach (ref readonly var entry in Entries)
        {
            if (entry.Id == id && !parser(ValueOf(entry), list, out var error)) ThrowParse(error.Shift(entry.ValueStart));
        }

        return list;
    }

    private NameAddressHeader ParseNameAddress(ByteRange range)
    {
        if (!NameAddressHeader.TryParse(Slice(range), out var header, out var error)) ThrowParse(error.Shift(range.Start));
        return header;
    }

    private List<NameAddressHeader> ParseNameAddressList(KnownHeader id)
        => ParseList<NameAddressHeader>(id, static (v, into, out e) => NameAddressHeader.TryParseList(v, into, out e));

    private List<string> ParseOptionTags(KnownHeader id)
        => ParseList<string>(id, static (v, into, out e) => SipHeaderValues.TryParseOptionTags(v, into, out e));

    private List<AuthenticationHeader> ParseAuthentication(KnownHeader id)
        => ParseList<AuthenticationHeader>(id, static (v, into, out e) =>
        {
            if (!AuthenticationHeader.TryParse(v, out var header, out e)) return false;
            into.Add(header);
            return true;
        });
}
