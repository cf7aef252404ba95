using System.Globalization;
using System.Text;

namespace UcStack.Sip;

/// <summary>
/// A SIP or SIPS URI (RFC 3261 §19.1): <c>sip:user:password@host:port;uri-parameters?headers</c>.
/// </summary>
/// <remarks>
/// User, password, parameters and headers keep the escapes they were received with, so writing the URI
/// back gives the same octets; the unescaped forms are offered next to them. Equality follows
/// RFC 3261 §19.1.4 exactly, which is not transitive (see <see cref="Equals(AddressUri)"/>).
/// Reading from several threads is safe; <see cref="Parameters"/> and <see cref="Headers"/> are builder
/// collections and must not be changed while others read the URI.
/// </remarks>
public sealed partial class SipUri : AddressUri
{
    /// <summary>Comparison form of the host, computed on first comparison (most parsed URIs are never compared).</summary>
    private string? _hostKey;

    /// <summary>Builds a URI from its parts.</summary>
    /// <param name="host">Hostname, IPv4 address, or IPv6 address with or without brackets.</param>
    /// <param name="port">Port (0–65535), or <see langword="null"/> for none.</param>
    /// <param name="user">The user part, unescaped (it is escaped as needed), or <see langword="null"/>.</param>
    /// <param name="isSecure"><see langword="true"/> for a <c>sips:</c> URI.</param>
    /// <param name="password">The password, unescaped, or <see langword="null"/> (only with a user).</param>
    /// <exception cref="ArgumentException">The host is not valid, the user is empty, or a password comes without a user.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The port is outside 0–65535.</exception>
    public SipUri(string host, int? port = null, string? user = null, bool isSecure = false, string? password = null)
        : base(isSecure ? "sips" : "sip")
    {
        ArgumentNullException.ThrowIfNull(host);
        if (port is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(port), port, "A port is 0–65535.");
        if (user is { Length: 0 }) throw new ArgumentException("The user part cannot be empty; pass null for none.", nameof(user));
        if (password is not null && user is null) throw new ArgumentException("A password needs a user.", nameof(password));
        if (host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[')) host = "[" + host + "]";
        var hostBytes = Encoding.UTF8.GetBytes(host);
        if (!HostSyntax.TryClassify(hostBytes, out var kind, out _)) throw new ArgumentException($"'{host}' is not a valid host.", nameof(host));
        IsSecure = isSecure;
        Host = host;
        HostKind = kind;
        Port = port;
        EscapedUser = user is null ? null : UriEscaping.Escape(user, UriSyntax.UriChar.User);
        EscapedPassword = password is null ? null : UriEscaping.Escape(password, UriSyntax.UriChar.Password);
        Parameters = new SipParameters(ParameterSyntax.Uri, CheckKnownParameter);
        Headers = new SipUriHeaders();
    }

    private SipUri(bool isSecure, string? escapedUser, string? escapedPassword, string host, SipHostKind kind, int? port)
        : base(isSecure ? "sips" : "sip")
    {
        IsSecure = isSecure;
        EscapedUser = escapedUser;
        EscapedPassword = escapedPassword;
        Host = host;
        HostKind = kind;
        Port = port;
        Parameters = new SipParameters(ParameterSyntax.Uri, CheckKnownParameter);
        Headers = new SipUriHeaders();
    }

    /// <summary><see langword="true"/> for a <c>sips:</c> URI.</summary>
    public bool IsSecure { get; }

    /// <summary>The user part with escapes decoded (octets read as UTF-8; <c>%00</c> gives U+0000), or <see langword="null"/>.</summary>
    public string? User => EscapedUser is null ? null : UriEscaping.Unescape(EscapedUser);

    /// <summary>The user part exactly as sent, escapes included, or <see langword="null"/>.</summary>
    public string? EscapedUser { get; }

    /// <summary>The password with escapes decoded, or <see langword="null"/> when there is none.</summary>
    public string? Password => EscapedPassword is null ? null : UriEscaping.Unescape(EscapedPassword);

    /// <summary>The password exactly as sent (possibly empty), or <see langword="null"/> when there is none.</summary>
    public string? EscapedPassword { get; }

    /// <summary>The host as sent; an IPv6 reference keeps its brackets.</summary>
    public string Host { get; }

    /// <summary>What kind of host <see cref="Host"/> is.</summary>
    public SipHostKind HostKind { get; }

    /// <summary>The explicit port, or <see langword="null"/> (which is not the same as 5060, RFC 3261 §19.1.4).</summary>
    public int? Port { get; }

    /// <summary>The URI parameters in order, escaped as sent.</summary>
    public SipParameters Parameters { get; }

    /// <summary>The <c>?headers</c> in order, escaped as sent.</summary>
    public SipUriHeaders Headers { get; }

    /// <summary>The <c>transport</c> parameter, unescaped, or <see langword="null"/>.</summary>
    public string? Transport => Unescaped("transport");

    /// <summary>The <c>user</c> parameter (<c>phone</c>, <c>ip</c>, ...), unescaped, or <see langword="null"/>.</summary>
    public string? UserParameter => Unescaped("user");

    /// <summary>The <c>maddr</c> parameter, unescaped, or <see langword="null"/>.</summary>
    public string? MAddr => Unescaped("maddr");

    /// <summary>The <c>method</c> parameter, unescaped, or <see langword="null"/>.</summary>
    public string? Method => Unescaped("method");

    /// <summary>The <c>ttl</c> parameter (0–255), or <see langword="null"/>; the parser has validated it.</summary>
    public int? Ttl => Unescaped("ttl") is { } ttl && int.TryParse(ttl, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary><see langword="true"/> when the <c>lr</c> parameter is present (loose routing, RFC 3261 §19.1.1).</summary>
    public bool Lr => Parameters.Contains("lr");

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder(64);
        sb.Append(IsSecure ? "sips:" : "sip:");
        if (EscapedUser is not null)
        {
            sb.Append(EscapedUser);
            if (EscapedPassword is not null) sb.Append(':').Append(EscapedPassword);
            sb.Append('@');
        }

        sb.Append(Host);
        if (Port is { } port) sb.Append(':').Append(port.ToString(CultureInfo.InvariantCulture));
        Parameters.AppendTo(sb);
        for (var i = 0; i < Headers.Count; i++)
        {
            sb.Append(i == 0 ? '?' : '&').Append(Headers[i].Name).Append('=').Append(Headers[i].Value);
        }

        return sb.ToString();
    }

    private string HostKey => _hostKey ??= HostSyntax.ComparisonKey(Host, HostKind);

    private string? Unescaped(string name) => Parameters.TryGetValue(name, out var v) && v is not null ? UriEscaping.Unescape(v) : null;
}
