using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text;

namespace UcStack.Ice;

public sealed partial class IceCandidate
{
    /// <summary>
    /// Writes the candidate attribute, <c>candidate:&lt;foundation&gt; &lt;component&gt; &lt;transport&gt; &lt;priority&gt;
    /// &lt;address&gt; &lt;port&gt; typ &lt;type&gt; [raddr &lt;a&gt; rport &lt;p&gt;] [tcptype &lt;t&gt;] *(&lt;name&gt; &lt;value&gt;)</c>
    /// (RFC 8839 §5.1, RFC 6544 §4.5), without the leading <c>a=</c>.
    /// </summary>
    /// <param name="format">RFC 8839 or the MS-ICE2 spelling of TCP transports.</param>
    /// <returns>The text.</returns>
    public string ToAttributeValue(IceCandidateFormat format = IceCandidateFormat.Rfc8839)
    {
        var text = new StringBuilder(96);
        text.Append("candidate:").Append(Foundation)
            .Append(' ').Append(Component.ToString(CultureInfo.InvariantCulture))
            .Append(' ');
        var msTcpToken = format == IceCandidateFormat.MsIce2 && TcpType is IceTcpType.Active or IceTcpType.Passive;
        if (msTcpToken)
        {
            text.Append(TcpType == IceTcpType.Passive ? "TCP-PASS" : "TCP-ACT");
        }
        else
        {
            text.Append(Transport == IceTransportProtocol.Udp ? "UDP" : "TCP");
        }

        text.Append(' ').Append(Priority.ToString(CultureInfo.InvariantCulture))
            .Append(' ').Append(EndPoint.Address.ToString())
            .Append(' ').Append(EndPoint.Port.ToString(CultureInfo.InvariantCulture))
            .Append(" typ ").Append(TypeToken(Type));
        if (RelatedEndPoint is { } related)
        {
            text.Append(" raddr ").Append(related.Address.ToString())
                .Append(" rport ").Append(related.Port.ToString(CultureInfo.InvariantCulture));
        }

        if (TcpType != IceTcpType.None && !msTcpToken)
        {
            text.Append(" tcptype ").Append(TcpType switch
            {
                IceTcpType.Active => "active",
                IceTcpType.Passive => "passive",
                _ => "so",
            });
        }

        foreach (var extension in _extensions)
        {
            text.Append(' ').Append(extension.Name).Append(' ').Append(extension.Value);
        }

        return text.ToString();
    }

    /// <summary>Reads a candidate attribute in RFC 8839 or MS-ICE2 form; a leading <c>a=</c> and <c>candidate:</c> are optional.</summary>
    /// <param name="text">The attribute.</param>
    /// <returns>The candidate.</returns>
    /// <exception cref="FormatException">The text is not a candidate; the message names the field and offset.</exception>
    public static IceCandidate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var candidate, out var error)
            ? candidate
            : throw new FormatException($"Not an ICE candidate: {error.Code} at offset {error.Offset}.");
    }

    /// <summary>
    /// Reads a candidate attribute (RFC 8839 §5.1; RFC 6544 <c>tcptype</c>; MS-ICE2 <c>TCP-PASS</c>/<c>TCP-ACT</c>).
    /// A leading <c>a=</c> and <c>candidate:</c> are optional; fields are separated by spaces. Never throws.
    /// </summary>
    /// <param name="text">The attribute.</param>
    /// <param name="candidate">The candidate, when the result is <see langword="true"/>.</param>
    /// <param name="error">What is wrong and where, when the result is <see langword="false"/>.</param>
    /// <returns>Whether the text is a candidate.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out IceCandidate? candidate, out IceCandidateParseError error)
    {
        candidate = null;
        if (text.Length > MaxAttributeLength)
        {
            error = new(IceCandidateParseErrorCode.TooLong, MaxAttributeLength);
            return false;
        }

        var tokens = new Tokenizer(text);
        if (text.StartsWith("a=", StringComparison.Ordinal))
        {
            tokens.Position = 2;
        }

        if (text[tokens.Position..].StartsWith("candidate:", StringComparison.OrdinalIgnoreCase))
        {
            tokens.Position += "candidate:".Length;
        }

        if (!tokens.Next(out var foundation, out var at) || !IsValidFoundation(foundation))
        {
            error = new(foundation.IsEmpty ? IceCandidateParseErrorCode.MissingField : IceCandidateParseErrorCode.InvalidFoundation, at);
            return false;
        }

        if (!tokens.Next(out var field, out at))
        {
            return Fail(IceCandidateParseErrorCode.MissingField, at, out error);
        }

        if (!int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var component) || component is < 1 or > 256)
        {
            return Fail(IceCandidateParseErrorCode.InvalidComponent, at, out error);
        }

        if (!tokens.Next(out field, out at))
        {
            return Fail(IceCandidateParseErrorCode.MissingField, at, out error);
        }

        IceTransportProtocol transport;
        var tcpType = IceTcpType.None;
        var transportAt = at;
        if (field.Equals("UDP", StringComparison.OrdinalIgnoreCase))
        {
            transport = IceTransportProtocol.Udp;
        }
        else if (field.Equals("TCP", StringComparison.OrdinalIgnoreCase))
        {
            transport = IceTransportProtocol.Tcp;
        }
        else if (field.Equals("TCP-PASS", StringComparison.OrdinalIgnoreCase))
        {
            // MS-ICE2: pre-RFC 6544 transport tokens carry the TCP role themselves.
            transport = IceTransportProtocol.Tcp;
            tcpType = IceTcpType.Passive;
        }
        else if (field.Equals("TCP-ACT", StringComparison.OrdinalIgnoreCase))
        {
            transport = IceTransportProtocol.Tcp;
            tcpType = IceTcpType.Active;
        }
        else
        {
            return Fail(IceCandidateParseErrorCode.UnsupportedTransport, at, out error);
        }

        if (!tokens.Next(out field, out at))
        {
            return Fail(IceCandidateParseErrorCode.MissingField, at, out error);
        }

        if (!uint.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var priority) || priority is 0 or > int.MaxValue)
        {
            return Fail(IceCandidateParseErrorCode.InvalidPriority, at, out error);
        }

        if (!tokens.Next(out field, out at))
        {
            return Fail(IceCandidateParseErrorCode.MissingField, at, out error);
        }

        if (!TryParseAddress(field, out var address))
        {
            return Fail(IceCandidateParseErrorCode.InvalidAddress, at, out error);
        }

        if (!tokens.Next(out field, out at))
        {
            return Fail(IceCandidateParseErrorCode.MissingField, at, out error);
        }

        if (!TryParsePort(field, out var port))
        {
            return Fail(IceCandidateParseErrorCode.InvalidPort, at, out error);
        }

        if (!tokens.Next(out field, out at) || !field.Equals("typ", StringComparison.OrdinalIgnoreCase)
            || !tokens.Next(out field, out at) || !TryParseType(field, out var type))
        {
            return Fail(IceCandidateParseErrorCode.InvalidType, at, out error);
        }

        IPAddress? relatedAddress = null;
        int? relatedPort = null;
        var relatedAt = 0;
        var tcpTypeSeen = false;
        List<IceCandidateExtension>? extensions = null;
        while (tokens.Next(out var name, out var nameAt))
        {
            if (!tokens.Next(out var value, out at))
            {
                return Fail(IceCandidateParseErrorCode.InvalidExtension, nameAt, out error);
            }

            if (name.Equals("raddr", StringComparison.Ordinal))
            {
                relatedAt = nameAt;
                if (relatedAddress is not null || !TryParseAddress(value, out var parsed))
                {
                    return Fail(IceCandidateParseErrorCode.InvalidRelatedAddress, at, out error);
                }

                relatedAddress = parsed;
            }
            else if (name.Equals("rport", StringComparison.Ordinal))
            {
                relatedAt = nameAt;
                if (relatedPort is not null || !TryParsePort(value, out var parsed))
                {
                    return Fail(IceCandidateParseErrorCode.InvalidRelatedAddress, at, out error);
                }

                relatedPort = parsed;
            }
            else if (name.Equals("tcptype", StringComparison.Ordinal))
            {
                // RFC 6544 §4.5: tcptype is present on TCP candidates only, exactly once.
                if (transport != IceTransportProtocol.Tcp || tcpTypeSeen || !TryParseTcpType(value, out var parsedTcpType)
                    || (tcpType != IceTcpType.None && tcpType != parsedTcpType))
                {
                    return Fail(IceCandidateParseErrorCode.InvalidTcpType, at, out error);
                }

                tcpTypeSeen = true;
                tcpType = parsedTcpType;
            }
            else
            {
                if (!IsValidExtensionToken(name) || !IsValidExtensionToken(value))
                {
                    return Fail(IceCandidateParseErrorCode.InvalidExtension, nameAt, out error);
                }

                extensions ??= [];
                if (extensions.Count == MaxExtensions)
                {
                    return Fail(IceCandidateParseErrorCode.InvalidExtension, nameAt, out error);
                }

                extensions.Add(new IceCandidateExtension(name.ToString(), value.ToString()));
            }
        }

        if ((relatedAddress is null) != (relatedPort is null))
        {
            return Fail(IceCandidateParseErrorCode.InvalidRelatedAddress, relatedAt, out error);
        }

        if (transport == IceTransportProtocol.Tcp && tcpType == IceTcpType.None)
        {
            return Fail(IceCandidateParseErrorCode.InvalidTcpType, transportAt, out error);
        }

        candidate = new IceCandidate(
            foundation.ToString(),
            component,
            transport,
            priority,
            new IPEndPoint(address, port),
            type,
            relatedAddress is null ? null : new IPEndPoint(relatedAddress, relatedPort!.Value),
            tcpType,
            extensions);
        error = default;
        return true;
    }

    internal static string TypeToken(IceCandidateType type) => type switch
    {
        IceCandidateType.Host => "host",
        IceCandidateType.ServerReflexive => "srflx",
        IceCandidateType.PeerReflexive => "prflx",
        _ => "relay",
    };

    private static bool Fail(IceCandidateParseErrorCode code, int offset, out IceCandidateParseError error)
    {
        error = new IceCandidateParseError(code, offset);
        return false;
    }

    private static bool TryParseAddress(ReadOnlySpan<char> field, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        // Only literals: RFC 8839 also allows FQDNs, which this model does not resolve. IPv6 zone ids are refused.
        return field.Length is > 0 and <= 45
            && !field.Contains('%')
            && (field.Contains(':') || IsDottedQuad(field))
            && IPAddress.TryParse(field, out address);
    }

    private static bool IsDottedQuad(ReadOnlySpan<char> field)
    {
        // IPAddress.TryParse accepts "1" or "0x1.2" as IPv4; RFC 8839 IP4-address is four decimal octets.
        var dots = 0;
        foreach (var c in field)
        {
            if (c == '.')
            {
                dots++;
            }
            else if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return dots == 3;
    }

    private static bool TryParsePort(ReadOnlySpan<char> field, out int port) =>
        int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 0 and <= 65535 && field.Length <= 5;

    private static bool TryParseType(ReadOnlySpan<char> field, out IceCandidateType type)
    {
        type = default;
        if (field.Equals("host", StringComparison.OrdinalIgnoreCase))
        {
            type = IceCandidateType.Host;
        }
        else if (field.Equals("srflx", StringComparison.OrdinalIgnoreCase))
        {
            type = IceCandidateType.ServerReflexive;
        }
        else if (field.Equals("prflx", StringComparison.OrdinalIgnoreCase))
        {
            type = IceCandidateType.PeerReflexive;
        }
        else if (field.Equals("relay", StringComparison.OrdinalIgnoreCase))
        {
            type = IceCandidateType.Relayed;
        }
        else
        {
            return false;
        }

        return true;
    }

    private static bool TryParseTcpType(ReadOnlySpan<char> field, out IceTcpType tcpType)
    {
        tcpType = field switch
        {
            "active" => IceTcpType.Active,
            "passive" => IceTcpType.Passive,
            "so" => IceTcpType.SimultaneousOpen,
            _ => IceTcpType.None,
        };
        return tcpType != IceTcpType.None;
    }

    /// <summary>Splits on runs of spaces, reporting where each token starts.</summary>
    private ref struct Tokenizer(ReadOnlySpan<char> text)
    {
        private readonly ReadOnlySpan<char> _text = text;

        public int Position;

        public bool Next(out ReadOnlySpan<char> token, out int start)
        {
            while (Position < _text.Length && _text[Position] == ' ')
            {
                Position++;
            }

            start = Position;
            while (Position < _text.Length && _text[Position] != ' ')
            {
                Position++;
            }

            token = _text[start..Position];
            return !token.IsEmpty;
        }
    }
}
