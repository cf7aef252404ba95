using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Xml;

namespace UcStack.Turn.Mras;

/// <summary>
/// The MRAS XML codec (our digest <c>ms-extensions.md</c> §3, [MS-AVEDGEA]): credentials requests and responses in
/// the <c>http://schemas.microsoft.com/2006/09/sip/mrasp</c> namespace. Reading is hardened: a size limit before
/// parsing, no DTD, no external resolution, bounded depth, element count and value lengths, and a typed error
/// (<see cref="MrasParseError"/>) for anything else; it never throws for bad input.
/// </summary>
public static partial class MrasXml
{
    /// <summary>The MRAS namespace.</summary>
    public const string Namespace = "http://schemas.microsoft.com/2006/09/sip/mrasp";

    /// <summary>The SIP Content-Type of MRAS bodies.</summary>
    public const string ContentType = "application/msrtc-media-relay-auth+xml";

    /// <summary>The largest document read.</summary>
    public const int MaxDocumentBytes = 16 * 1024;

    /// <summary>The longest attribute or element value read (a STUN USERNAME is at most 513 bytes, RFC 8489 §14.3).</summary>
    public const int MaxValueLength = 513;

    private const int MaxDepth = 8;
    private const int MaxElements = 128;
    private const int MaxRelays = 16;

    // Whole minutes on the wire; a year is far beyond any sensible credential lifetime.
    private const int MaxDurationMinutes = 525_600;

    /// <summary>Reads a credentials request.</summary>
    /// <param name="document">The SERVICE body.</param>
    /// <param name="request">The request when this returns <see langword="true"/>.</param>
    /// <param name="error">Why it was refused when this returns <see langword="false"/>.</param>
    /// <returns>Whether the document is a valid credentials request.</returns>
    public static bool TryParseRequest(ReadOnlySpan<byte> document, [NotNullWhen(true)] out MrasCredentialsRequest? request, out MrasParseError error)
    {
        request = null;
        if (!TryLoad(document, "request", out var root, out error)) return false;
        if (!TryAttribute(root, "requestID", out var requestId, out error)
            || !TryAttribute(root, "from", out var from, out error)
            || !TryAttribute(root, "to", out var to, out error)
            || !TryChild(root, "credentialsRequest", out var credentials, out error)
            || !TryAttribute(credentials, "credentialsRequestID", out var credentialsId, out error)
            || !TryChildText(credentials, "identity", out var identity, out error))
        {
            return false;
        }

        var location = MrasLocation.Internet;
        if (credentials.Child("location") is { } locationElement && !TryLocation(locationElement, out location, out error)) return false;
        var duration = TimeSpan.FromMinutes(480);
        if (credentials.Child("duration") is { } durationElement && !TryMinutes(durationElement, out duration, out error)) return false;
        request = new MrasCredentialsRequest
        {
            RequestId = requestId,
            From = from,
            To = to,
            Version = root.Attribute("version") ?? "1.0",
            CredentialsRequestId = credentialsId,
            Identity = identity,
            Location = location,
            Duration = duration,
        };
        return true;
    }

    /// <summary>Reads a credentials response (a success with credentials, or a refusal with only its reason phrase).</summary>
    /// <param name="document">The 200 response's body.</param>
    /// <param name="response">The response when this returns <see langword="true"/>.</param>
    /// <param name="error">Why it was refused when this returns <see langword="false"/>.</param>
    /// <returns>Whether the document is a valid credentials response.</returns>
    public static bool TryParseResponse(ReadOnlySpan<byte> document, [NotNullWhen(true)] out MrasCredentialsResponse? response, out MrasParseError error)
    {
        response = null;
        if (!TryLoad(document, "response", out var root, out error)) return false;
        if (!TryAttribute(root, "requestID", out var requestId, out error)
            || !TryAttribute(root, "from", out var from, out error)
            || !TryAttribute(root, "to", out var to, out error))
        {
            return false;
        }

        var reason = root.Attribute("reasonPhrase") ?? string.Empty;
        var result = new MrasCredentialsResponse { RequestId = requestId, From = from, To = to, Version = root.Attribute("version") ?? "1.0", ReasonPhrase = reason };
        if (root.Child("credentialsResponse") is not { } credentialsResponse)
        {
            response = result;
            return true;
        }

        if (!TryAttribute(credentialsResponse, "credentialsRequestID", out var credentialsId, out error)
            || !TryChild(credentialsResponse, "credentials", out var credentials, out error)
            || !TryChildText(credentials, "username", out var username, out error)
            || !TryChildText(credentials, "password", out var password, out error)
            || !TryChild(credentials, "duration", out var durationElement, out error)
            || !TryMinutes(durationElement, out var duration, out error))
        {
            return false;
        }

        var relays = new List<MrasMediaRelay>();
        if (credentialsResponse.Child("mediaRelayList") is { } list)
        {
            foreach (var relay in list.Children)
            {
                if (relay.Name != "mediaRelay") continue;
                if (relays.Count == MaxRelays) return Fail(out error, MrasParseErrorReason.TooComplex, "mediaRelayList", relay.Line, "too many relays");
                if (!TryRelay(relay, out var parsed, out error)) return false;
                relays.Add(parsed);
            }
        }

        response = result with { CredentialsRequestId = credentialsId, Username = username, Password = password, Duration = duration, MediaRelays = relays };
        return true;
    }

    private static bool TryRelay(Element relay, [NotNullWhen(true)] out MrasMediaRelay? parsed, out MrasParseError error)
    {
        parsed = null;
        var location = MrasLocation.Internet;
        if (relay.Child("location") is { } locationElement && !TryLocation(locationElement, out location, out error)) return false;
        if (!TryChildText(relay, "hostName", out var host, out error)) return false;
        var udp = 0;
        var tcp = 0;
        if (relay.Child("udpPort") is { } udpElement && !TryPort(udpElement, out udp, out error)) return false;
        if (relay.Child("tcpPort") is { } tcpElement && !TryPort(tcpElement, out tcp, out error)) return false;
        parsed = new MrasMediaRelay(host, udp, tcp, location);
        error = default;
        return true;
    }

    private static bool TryLocation(Element element, out MrasLocation location, out MrasParseError error)
    {
        location = element.Text.Trim() switch
        {
            "internet" => MrasLocation.Internet,
            "intranet" => MrasLocation.Intranet,
            _ => 0,
        };
        if (location == 0) return Fail(out error, MrasParseErrorReason.InvalidValue, element.Name, element.Line, "expected internet or intranet");
        error = default;
        return true;
    }

    private static bool TryMinutes(Element element, out TimeSpan duration, out MrasParseError error)
    {
        duration = default;
        if (!int.TryParse(element.Text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) || minutes is < 1 or > MaxDurationMinutes)
            return Fail(out error, MrasParseErrorReason.InvalidValue, element.Name, element.Line, "expected whole minutes from 1 to 525600");
        duration = TimeSpan.FromMinutes(minutes);
        error = default;
        return true;
    }

    private static bool TryPort(Element element, out int port, out MrasParseError error)
    {
        if (!int.TryParse(element.Text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 0 or > 65535)
            return Fail(out error, MrasParseErrorReason.InvalidValue, element.Name, element.Line, "expected a port from 0 to 65535");
        error = default;
        return true;
    }

    private static bool TryAttribute(Element element, string name, [NotNullWhen(true)] out string? value, out MrasParseError error)
    {
        value = element.Attribute(name);
        if (string.IsNullOrEmpty(value)) return Fail(out error, MrasParseErrorReason.MissingField, element.Name + "/@" + name, element.Line, "required attribute missing");
        error = default;
        return true;
    }

    private static bool TryChild(Element parent, string name, [NotNullWhen(true)] out Element? child, out MrasParseError error)
    {
        child = parent.Child(name);
        if (child is null) return Fail(out error, MrasParseErrorReason.MissingField, parent.Name + "/" + name, parent.Line, "required element missing");
        error = default;
        return true;
    }

    private static bool TryChildText(Element parent, string name, [NotNullWhen(true)] out string? text, out MrasParseError error)
    {
        text = null;
        if (!TryChild(parent, name, out var child, out error)) return false;
        text = child.Text.Trim();
        if (text.Length == 0) return Fail(out error, MrasParseErrorReason.MissingField, parent.Name + "/" + name, child.Line, "required value empty");
        return true;
    }

    private static bool Fail(out MrasParseError error, MrasParseErrorReason reason, string field, int line, string detail)
    {
        error = new MrasParseError(reason, field, line, detail);
        return false;
    }
}
