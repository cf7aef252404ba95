using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace UcStack.Sdp;

/// <summary>
/// An ICE candidate line (RFC 8839 §5.1; also the ICE-19 form of [MS-ICE2]):
/// <c>&lt;foundation&gt; &lt;component-id&gt; &lt;transport&gt; &lt;priority&gt; &lt;address&gt; &lt;port&gt; typ &lt;type&gt;
/// [raddr &lt;address&gt;] [rport &lt;port&gt;] *(&lt;name&gt; &lt;value&gt;)</c>, carried in <c>a=candidate</c> or, for
/// Microsoft IPv6 candidates, in <c>a=x-candidate-ipv6</c>. The transport is kept as written: "UDP", "TCP"
/// (RFC 6544, with a <c>tcptype</c> extension), or the MS-ICE2 "TCP-PASS" and "TCP-ACT".
/// </summary>
public sealed record SdpCandidate
{
    private readonly string _attributeName = SdpNames.Candidate;

    /// <summary>The foundation (1 to 32 ice-chars).</summary>
    public required string Foundation { get; init; }

    /// <summary>The component id: 1 for RTP, 2 for RTCP (RFC 8839 allows 1..256).</summary>
    public required int Component { get; init; }

    /// <summary>The transport as written ("UDP", "TCP", "TCP-PASS", "TCP-ACT", ...); compare case-insensitively.</summary>
    public required string Transport { get; init; }

    /// <summary>The priority (RFC 8445 §5.1.2: 1..2^31-1 in practice; up to 10 digits on the wire).</summary>
    public required uint Priority { get; init; }

    /// <summary>The address (IP literal or, rarely, an FQDN).</summary>
    public required string Address { get; init; }

    /// <summary>The port (0 or 9 for active TCP candidates).</summary>
    public required int Port { get; init; }

    /// <summary>The candidate type: "host", "srflx", "prflx", "relay", or an extension token.</summary>
    public required string Type { get; init; }

    /// <summary>The related address (raddr), or <see langword="null"/>.</summary>
    public string? RelatedAddress { get; init; }

    /// <summary>The related port (rport), or <see langword="null"/>.</summary>
    public int? RelatedPort { get; init; }

    /// <summary>Extension name/value pairs after the related address, in order (for example tcptype, generation).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Extensions { get; init; } = [];

    /// <summary>The attribute name this candidate is written with: "candidate" or "x-candidate-ipv6".</summary>
    /// <exception cref="ArgumentException">Set to another name.</exception>
    public string AttributeName
    {
        get => _attributeName;
        init => _attributeName = value is SdpNames.Candidate or SdpNames.XCandidateIpv6
            ? value
            : throw new ArgumentException("A candidate is written as a=candidate or a=x-candidate-ipv6.", nameof(value));
    }

    /// <summary>The RFC 6544 <c>tcptype</c> extension ("active", "passive", "so"), or <see langword="null"/>.</summary>
    public string? TcpType => Extensions.FirstOrDefault(static e => e.Key == "tcptype").Value;

    /// <summary>Whether the transport is UDP.</summary>
    public bool IsUdp => string.Equals(Transport, "UDP", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether this is a TCP candidate in any form: RFC 6544 "TCP" or MS-ICE2 "TCP-PASS"/"TCP-ACT".</summary>
    public bool IsTcp => Transport.StartsWith("TCP", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the transport is the MS-ICE2 passive TCP token "TCP-PASS".</summary>
    public bool IsMicrosoftTcpPassive => string.Equals(Transport, "TCP-PASS", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the transport is the MS-ICE2 active TCP token "TCP-ACT" (which in practice may also accept).</summary>
    public bool IsMicrosoftTcpActive => string.Equals(Transport, "TCP-ACT", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the value of an <c>a=candidate</c> or <c>a=x-candidate-ipv6</c> attribute.</summary>
    /// <param name="value">The text after the colon.</param>
    /// <param name="candidate">The result.</param>
    /// <returns><see langword="false"/> when the value is malformed (including the older ICE-6 form, see <see cref="SdpIce6Candidate"/>).</returns>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpCandidate? candidate) => TryParse(value, out candidate, out _);

    /// <summary>Reads an <c>a=candidate</c> or <c>a=x-candidate-ipv6</c> attribute.</summary>
    /// <param name="attribute">The attribute.</param>
    /// <returns>The candidate, remembering which attribute name it came from.</returns>
    /// <exception cref="SdpParseException">The value is malformed or in the ICE-6 form.</exception>
    /// <exception cref="ArgumentException">The attribute is neither a=candidate nor a=x-candidate-ipv6.</exception>
    public static SdpCandidate Parse(SdpAttribute attribute)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        var name = attribute.Is(SdpNames.XCandidateIpv6) ? SdpNames.XCandidateIpv6 : SdpNames.Candidate;
        var value = SdpAttributeValue.Require(attribute, name);
        if (TryParse(value, out var candidate, out var problem))
        {
            return candidate with { AttributeName = name };
        }

        if (SdpIce6Candidate.IsIce6Form(value))
        {
            problem = "this is the ICE-6 form of [MS-ICE]; read it with SdpIce6Candidate";
        }

        throw SdpAttributeValue.Invalid(attribute, problem);
    }

    /// <summary>The attribute for this candidate, named by <see cref="AttributeName"/>.</summary>
    /// <returns>A new attribute.</returns>
    /// <exception cref="ArgumentException">A field cannot be written.</exception>
    public SdpAttribute ToAttribute()
    {
        var text = ToString();
        if (!TryParse(text, out _, out var problem))
        {
            throw new ArgumentException($"The candidate cannot be written: {problem}.");
        }

        return new SdpAttribute(AttributeName, text);
    }

    /// <summary>The attribute value (without <c>a=candidate:</c>).</summary>
    /// <returns>The value text.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder(96)
            .Append(Foundation).Append(' ')
            .Append(SdpAttributeValue.Format(Component)).Append(' ')
            .Append(Transport).Append(' ')
            .Append(SdpAttributeValue.Format(Priority)).Append(' ')
            .Append(Address).Append(' ')
            .Append(SdpAttributeValue.Format(Port))
            .Append(" typ ").Append(Type);
        if (RelatedAddress is not null)
        {
            builder.Append(" raddr ").Append(RelatedAddress);
        }

        if (RelatedPort is { } relatedPort)
        {
            builder.Append(" rport ").Append(SdpAttributeValue.Format(relatedPort));
        }

        foreach (var (name, extensionValue) in Extensions)
        {
            builder.Append(' ').Append(name).Append(' ').Append(extensionValue);
        }

        return builder.ToString();
    }

    /// <inheritdoc/>
    public bool Equals(SdpCandidate? other) =>
        other is not null && string.Equals(ToString(), other.ToString(), StringComparison.Ordinal)
        && string.Equals(AttributeName, other.AttributeName, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Foundation, Component, Address, Port);

    internal static bool IsIceChars(ReadOnlySpan<char> text)
    {
        // RFC 8839 §5.1: ice-char = ALPHA / DIGIT / "+" / "/"
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '/'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParse(string? value, [NotNullWhen(true)] out SdpCandidate? candidate, out string problem)
    {
        candidate = null;
        if (value is null)
        {
            problem = "missing value";
            return false;
        }

        var parts = value.Split(' ');
        if (parts.Length < 8)
        {
            problem = "expected at least <foundation> <component> <transport> <priority> <address> <port> typ <type>";
            return false;
        }

        foreach (var part in parts)
        {
            if (!SdpText.IsNonWhitespace(part))
            {
                problem = "fields must be separated by exactly one space";
                return false;
            }
        }

        if (parts[0].Length > 32 || !IsIceChars(parts[0]))
        {
            problem = "foundation must be 1 to 32 ice-chars (RFC 8839 §5.1)";
            return false;
        }

        if (parts[1].Length > 3 || !SdpAttributeValue.TryParseInt(parts[1], 1, 256, out var component))
        {
            problem = "component-id must be 1..256";
            return false;
        }

        if (!SdpText.IsToken(parts[2]))
        {
            problem = "transport must be a token";
            return false;
        }

        if (parts[3].Length > 10 || !SdpAttributeValue.TryParseUInt32(parts[3], out var priority))
        {
            problem = "priority must be a number of at most 10 digits below 2^32";
            return false;
        }

        if (!SdpAttributeValue.TryParseInt(parts[5], 0, 65535, out var port))
        {
            problem = "port must be 0..65535";
            return false;
        }

        if (parts[6] != "typ" || !SdpText.IsToken(parts[7]))
        {
            problem = "expected 'typ <candidate-type>' after the port";
            return false;
        }

        var index = 8;
        string? relatedAddress = null;
        int? relatedPort = null;
        if (index + 1 < parts.Length && parts[index] == "raddr")
        {
            relatedAddress = parts[index + 1];
            index += 2;
        }

        if (index + 1 < parts.Length && parts[index] == "rport")
        {
            if (!SdpAttributeValue.TryParseInt(parts[index + 1], 0, 65535, out var rport))
            {
                problem = "rport must be 0..65535";
                return false;
            }

            relatedPort = rport;
            index += 2;
        }

        if ((parts.Length - index) % 2 != 0)
        {
            problem = "extension attributes come in name/value pairs";
            return false;
        }

        var extensions = new List<KeyValuePair<string, string>>((parts.Length - index) / 2);
        for (; index < parts.Length; index += 2)
        {
            if (!SdpText.IsToken(parts[index]) || parts[index] is "raddr" or "rport")
            {
                problem = "extension name must be a token (and raddr/rport come first, once)";
                return false;
            }

            extensions.Add(new KeyValuePair<string, string>(parts[index], parts[index + 1]));
        }

        candidate = new SdpCandidate
        {
            Foundation = parts[0],
            Component = component,
            Transport = parts[2],
            Priority = priority,
            Address = parts[4],
            Port = port,
            Type = parts[7],
            RelatedAddress = relatedAddress,
            RelatedPort = relatedPort,
            Extensions = extensions,
        };
        problem = string.Empty;
        return true;
    }
}
