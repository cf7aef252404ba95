using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace UcStack.Sip;

/// <summary>
/// One Via value (RFC 3261 §20.42, §25.1 <c>via-parm</c>): <c>SIP/2.0/UDP host:port;branch=...</c>.
/// </summary>
public sealed partial class ViaHeader
{
    /// <summary>Builds a Via value for <c>SIP/2.0</c>.</summary>
    /// <param name="transport">The transport token (<c>UDP</c>, <c>TCP</c>, <c>TLS</c>, <c>SCTP</c>, <c>WS</c>, ...); it is upper-cased.</param>
    /// <param name="host">The sent-by host: hostname, IPv4, or IPv6 with or without brackets.</param>
    /// <param name="port">The sent-by port, or <see langword="null"/>.</param>
    /// <param name="branch">The branch parameter (a token, normally starting with <c>z9hG4bK</c>), or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The transport, host or branch is not valid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The port is outside 0–65535.</exception>
    public ViaHeader(string transport, string host, int? port = null, string? branch = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(host);
        if (!HeaderGrammar.IsToken(transport)) throw new ArgumentException("The transport must be a token.", nameof(transport));
        if (port is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(port), port, "A port is 0–65535.");
        if (host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[')) host = "[" + host + "]";
        if (!HostSyntax.TryClassify(Encoding.UTF8.GetBytes(host), out var kind, out _)) throw new ArgumentException($"'{host}' is not a valid host.", nameof(host));
        ProtocolName = "SIP";
        ProtocolVersion = "2.0";
        Transport = transport.ToUpperInvariant();
        Host = host;
        HostKind = kind;
        Port = port;
        Parameters = new SipParameters(ParameterSyntax.Header, Validate);
        if (branch is not null) Parameters.Set("branch", branch);
    }

    private ViaHeader(string name, string version, string transport, string host, SipHostKind kind, int? port)
    {
        ProtocolName = name;
        ProtocolVersion = version;
        Transport = transport;
        Host = host;
        HostKind = kind;
        Port = port;
        Parameters = new SipParameters(ParameterSyntax.Header, Validate);
    }

    /// <summary>The protocol name, normally <c>SIP</c>.</summary>
    public string ProtocolName { get; }

    /// <summary>The protocol version, normally <c>2.0</c>.</summary>
    public string ProtocolVersion { get; }

    /// <summary>The sent-protocol without the transport: <c>SIP/2.0</c>.</summary>
    public string Protocol => string.Concat(ProtocolName, "/", ProtocolVersion);

    /// <summary>The transport as sent (<c>UDP</c>, <c>TCP</c>, <c>TLS</c>, <c>SCTP</c> or an extension).</summary>
    public string Transport { get; }

    /// <summary>The sent-by host as sent; an IPv6 reference keeps its brackets.</summary>
    public string Host { get; }

    /// <summary>What kind of host <see cref="Host"/> is.</summary>
    public SipHostKind HostKind { get; }

    /// <summary>The sent-by port, or <see langword="null"/>.</summary>
    public int? Port { get; }

    /// <summary>The via-params in order, values as sent.</summary>
    public SipParameters Parameters { get; }

    /// <summary>The <c>branch</c> parameter, or <see langword="null"/>.</summary>
    public string? Branch => Parameters["branch"];

    /// <summary>The <c>received</c> parameter (an IPv4 or IPv6 address), or <see langword="null"/>.</summary>
    public string? Received => Parameters["received"];

    /// <summary><see langword="true"/> when an <c>rport</c> parameter is present, with or without a value (RFC 3581).</summary>
    public bool HasRPort => Parameters.Contains("rport");

    /// <summary>The <c>rport</c> value (RFC 3581 §4), or <see langword="null"/> when absent or value-less.</summary>
    public int? RPort => ParameterRules.TryParsePort(Parameters["rport"], out var p) ? p : null;

    /// <summary>The <c>maddr</c> parameter, or <see langword="null"/>.</summary>
    public string? MAddr => Parameters["maddr"];

    /// <summary>The <c>ttl</c> parameter (0–255), or <see langword="null"/>.</summary>
    public int? Ttl => ParameterRules.TryParseTtl(Parameters["ttl"], out var t) ? t : null;

    /// <summary>Writes the value in canonical form (<c>SIP/2.0/UDP host:port;params</c>) as UTF-8.</summary>
    /// <param name="writer">The destination.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteTo(IBufferWriter<byte> writer) => HeaderList.WriteUtf8(ToString(), writer);

    /// <summary>The value in canonical form.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(64);
        sb.Append(ProtocolName).Append('/').Append(ProtocolVersion).Append('/').Append(Transport).Append(' ').Append(Host);
        if (Port is { } port) sb.Append(':').Append(port.ToString(CultureInfo.InvariantCulture));
        Parameters.AppendTo(sb);
        return sb.ToString();
    }

    /// <summary>Parses exactly one via-parm.</summary>
    /// <param name="value">The header value (after the colon; may contain folded lines).</param>
    /// <param name="via">The value, when the result is <see langword="true"/>.</param>
    /// <param name="error">What was wrong and where (offset in <paramref name="value"/>).</param>
    /// <returns><see langword="true"/> when the value is exactly one valid via-parm.</returns>
    public static bool TryParse(ReadOnlySpan<byte> value, [NotNullWhen(true)] out ViaHeader? via, out SipParseError error) =>
        HeaderList.TryParseOne(value, ParseOne, out via, out error);

    /// <summary>Parses a comma-separated list of via-parms; <paramref name="into"/> receives them only if all are valid.</summary>
    /// <param name="value">The header value.</param>
    /// <param name="into">Receives the values in order.</param>
    /// <param name="error">What was wrong and where.</param>
    /// <returns><see langword="true"/> when the whole value is valid.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="into"/> is null.</exception>
    public static bool TryParseList(ReadOnlySpan<byte> value, ICollection<ViaHeader> into, out SipParseError error) =>
        HeaderList.TryParse(value, ParseOne, into, out error);

    /// <summary>Parses exactly one via-parm.</summary>
    /// <param name="value">The header value.</param>
    /// <returns>The value.</returns>
    /// <exception cref="SipParseException">The value is not one valid via-parm.</exception>
    public static ViaHeader Parse(ReadOnlySpan<byte> value) =>
        TryParse(value, out var via, out var error) ? via : ParseThrow.Error<ViaHeader>(error);

    /// <summary>Parses exactly one via-parm from text.</summary>
    /// <param name="value">The header value.</param>
    /// <returns>The value.</returns>
    /// <exception cref="SipParseException">The value is not one valid via-parm.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static ViaHeader Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Parse(Encoding.UTF8.GetBytes(value));
    }
}
