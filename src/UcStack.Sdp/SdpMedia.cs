using System.Globalization;

namespace UcStack.Sdp;

/// <summary>
/// A media description (RFC 8866 §5.14): the m= line, then optional i=, c=, b=, k= lines and a= attributes.
/// Typed accessors for common attributes live in the other parts of this class.
/// </summary>
public sealed partial class SdpMedia
{
    private string _mediaType;
    private int _port;
    private int? _portCount;
    private string _protocol;
    private string? _information;
    private string? _key;

    // Created on first use: most sections have no c= or b= line, and parsing should not pay for empty lists.
    private ValidatedList<SdpConnection>? _connections;
    private ValidatedList<SdpBandwidth>? _bandwidths;

    /// <summary>Creates <c>m=<paramref name="mediaType"/> <paramref name="port"/> <paramref name="protocol"/> <paramref name="formats"/>...</c>.</summary>
    /// <param name="mediaType">"audio", "video", "text", "application", "message", or another token.</param>
    /// <param name="port">The transport port, 0..65535 (0 rejects or disables the stream, RFC 3264 §6).</param>
    /// <param name="protocol">The transport protocol, such as "RTP/AVP", "RTP/SAVP" or "UDP/TLS/RTP/SAVPF".</param>
    /// <param name="formats">The formats (RTP payload type numbers for RTP protocols).</param>
    /// <exception cref="ArgumentException">A field is malformed.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 0..65535.</exception>
    public SdpMedia(string mediaType, int port, string protocol, params IEnumerable<string> formats)
    {
        _mediaType = SdpText.Token(mediaType, nameof(mediaType));
        _port = CheckPort(port);
        _protocol = CheckProtocol(protocol);
        ArgumentNullException.ThrowIfNull(formats);
        foreach (var format in formats)
        {
            Formats.Add(format);
        }
    }

    /// <summary>Parser path: fields already validated.</summary>
    internal SdpMedia(string mediaType, int port, int? portCount, string protocol)
    {
        _mediaType = mediaType;
        _port = port;
        _portCount = portCount;
        _protocol = protocol;
    }

    /// <summary>The media type ("audio", "video", ...).</summary>
    /// <exception cref="ArgumentException">The value is not a token.</exception>
    public string MediaType
    {
        get => _mediaType;
        set => _mediaType = SdpText.Token(value, nameof(value));
    }

    /// <summary>The transport port; 0 means the stream is rejected or disabled (RFC 3264 §6, §8.2).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 0..65535.</exception>
    public int Port
    {
        get => _port;
        set => _port = CheckPort(value);
    }

    /// <summary>The number of ports after <c>/</c> (RFC 8866 §5.14), or <see langword="null"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int? PortCount
    {
        get => _portCount;
        set => _portCount = value is < 1 ? throw new ArgumentOutOfRangeException(nameof(value), "The port count must be positive.") : value;
    }

    /// <summary>The transport protocol, for example "RTP/AVP".</summary>
    /// <exception cref="ArgumentException">The value is not a sequence of tokens joined by '/'.</exception>
    public string Protocol
    {
        get => _protocol;
        set => _protocol = CheckProtocol(value);
    }

    /// <summary>The formats in preference order; each is a token (RFC 8866 §5.14 fmt).</summary>
    public IList<string> Formats { get; } = new ValidatedList<string>(static (value, name) => SdpText.Token(value, name));

    /// <summary>The i= value, or <see langword="null"/>.</summary>
    /// <exception cref="ArgumentException">The value holds NUL, CR or LF.</exception>
    public string? Information
    {
        get => _information;
        set => _information = value is null ? null : SdpText.LineSafe(value, nameof(value));
    }

    /// <summary>The c= lines of this section (several only for multicast, RFC 8866 §5.7).</summary>
    public IList<SdpConnection> Connections => _connections ??= ValidatedList.NotNull<SdpConnection>();

    /// <summary>The b= lines of this section.</summary>
    public IList<SdpBandwidth> Bandwidths => _bandwidths ??= ValidatedList.NotNull<SdpBandwidth>();

    /// <summary>The obsolete k= value (RFC 8866 §5.12), kept so it is not lost, or <see langword="null"/>.</summary>
    /// <exception cref="ArgumentException">The value holds NUL, CR or LF.</exception>
    public string? Key
    {
        get => _key;
        set => _key = value is null ? null : SdpText.LineSafe(value, nameof(value));
    }

    /// <summary>The a= lines in order, unknown ones included.</summary>
    public SdpAttributeList Attributes { get; } = new();

    /// <summary>The first c= line of this section, or <see langword="null"/>.</summary>
    public SdpConnection? Connection => _connections is { Count: > 0 } connections ? connections[0] : null;

    internal ValidatedList<SdpConnection>? ConnectionsOrNull => _connections;

    internal ValidatedList<SdpBandwidth>? BandwidthsOrNull => _bandwidths;

    /// <summary>The m= line's value.</summary>
    /// <returns>The field text.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{MediaType} {Port}{(PortCount is { } n ? "/" + n.ToString(CultureInfo.InvariantCulture) : string.Empty)} {Protocol} {string.Join(' ', Formats)}");

    private static int CheckPort(int port) =>
        port is < 0 or > 65535 ? throw new ArgumentOutOfRangeException(nameof(port), port, "A port is 0..65535.") : port;

    private static string CheckProtocol(string protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);

        // RFC 8866 §9: proto = token *("/" token)
        foreach (var part in protocol.Split('/'))
        {
            if (!SdpText.IsToken(part))
            {
                throw new ArgumentException($"'{SdpText.Shorten(protocol)}' is not a protocol (token *(\"/\" token)).", nameof(protocol));
            }
        }

        return protocol;
    }
}
