namespace UcStack.Sdp;

/// <summary>
/// A session description (RFC 8866 §5): v=, o=, s=, optional i=, u=, e=, p=, c=, b= lines, one or more time
/// descriptions, an optional k=, session attributes and media sections. Parse with
/// <see cref="Parse(ReadOnlySpan{byte}, SdpParseOptions?)"/>, build with the constructor, write with
/// <see cref="Encode()"/>; a description parsed from CRLF text is written back byte for byte.
/// </summary>
/// <remarks>Not thread-safe for mutation; concurrent reads of an unchanged instance are safe.</remarks>
public sealed partial class SdpSession
{
    private SdpOrigin _origin;
    private string _sessionName;
    private string? _information;
    private string? _uri;
    private string? _key;

    // Created on first use; most descriptions have no e=, p= or session b= line.
    private ValidatedList<string>? _emails;
    private ValidatedList<string>? _phones;
    private ValidatedList<SdpBandwidth>? _bandwidths;

    /// <summary>Creates a session with <c>t=0 0</c> and no media.</summary>
    /// <param name="origin">The o= line.</param>
    /// <param name="sessionName">The s= text; RFC 8866 §5.3 suggests "-" when there is no name.</param>
    /// <exception cref="ArgumentException"><paramref name="sessionName"/> holds NUL, CR or LF.</exception>
    public SdpSession(SdpOrigin origin, string sessionName = "-")
    {
        _origin = origin ?? throw new ArgumentNullException(nameof(origin));
        _sessionName = SdpText.LineSafe(sessionName, nameof(sessionName));
        Times.Add(new SdpTime());
    }

    /// <summary>Parser path: no default time description.</summary>
    internal SdpSession(SdpOrigin origin, string sessionName, bool parsed)
    {
        _ = parsed;
        _origin = origin;
        _sessionName = sessionName;
    }

    /// <summary>The o= line.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public SdpOrigin Origin
    {
        get => _origin;
        set => _origin = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The s= text.</summary>
    /// <exception cref="ArgumentException">The value holds NUL, CR or LF.</exception>
    public string SessionName
    {
        get => _sessionName;
        set => _sessionName = SdpText.LineSafe(value, nameof(value));
    }

    /// <summary>The session-level i= text, or <see langword="null"/>.</summary>
    /// <exception cref="ArgumentException">The value holds NUL, CR or LF.</exception>
    public string? Information
    {
        get => _information;
        set => _information = value is null ? null : SdpText.LineSafe(value, nameof(value));
    }

    /// <summary>The u= URI, or <see langword="null"/>.</summary>
    /// <exception cref="ArgumentException">The value holds NUL, CR or LF.</exception>
    public string? Uri
    {
        get => _uri;
        set => _uri = value is null ? null : SdpText.LineSafe(value, nameof(value));
    }

    /// <summary>The e= values in order.</summary>
    public IList<string> Emails => _emails ??= new ValidatedList<string>(static (value, name) => SdpText.NonWhitespaceLine(value, name));

    /// <summary>The p= values in order.</summary>
    public IList<string> Phones => _phones ??= new ValidatedList<string>(static (value, name) => SdpText.NonWhitespaceLine(value, name));

    /// <summary>The session-level c= line, or <see langword="null"/> when every media section has its own.</summary>
    public SdpConnection? Connection { get; set; }

    /// <summary>The session-level b= lines.</summary>
    public IList<SdpBandwidth> Bandwidths => _bandwidths ??= ValidatedList.NotNull<SdpBandwidth>();

    /// <summary>The time descriptions; RFC 8866 §5.9 requires at least one when written.</summary>
    public IList<SdpTime> Times { get; } = ValidatedList.NotNull<SdpTime>();

    /// <summary>The obsolete session-level k= value (RFC 8866 §5.12), or <see langword="null"/>.</summary>
    /// <exception cref="ArgumentException">The value holds NUL, CR or LF.</exception>
    public string? Key
    {
        get => _key;
        set => _key = value is null ? null : SdpText.LineSafe(value, nameof(value));
    }

    /// <summary>The session-level a= lines in order, unknown ones included.</summary>
    public SdpAttributeList Attributes { get; } = new();

    /// <summary>The media sections in order.</summary>
    public IList<SdpMedia> Media { get; } = ValidatedList.NotNull<SdpMedia>();

    internal ValidatedList<string>? EmailsOrNull => _emails;

    internal ValidatedList<string>? PhonesOrNull => _phones;

    internal ValidatedList<SdpBandwidth>? BandwidthsOrNull => _bandwidths;

    /// <summary>The connection that applies to <paramref name="media"/>: its own first c= line, else the session's.</summary>
    /// <param name="media">A media section of this session.</param>
    /// <returns>The effective connection, or <see langword="null"/> when none is given.</returns>
    public SdpConnection? GetEffectiveConnection(SdpMedia media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Connection ?? Connection;
    }
}
