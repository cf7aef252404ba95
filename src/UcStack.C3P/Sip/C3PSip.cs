using System.Net;
using UcStack.Sip;
using UcStack.Sip.Transport;
using UcStack.Sip.Stack;

namespace UcStack.C3P;

/// <summary>SIP binding helpers shared by the focus server and the client.</summary>
internal static class C3PSip
{
    /// <summary>The largest C3P or conference-info body either side accepts over SIP.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public const string ConferenceEvent = "conference";

    /// <summary>The header the chat MCU uses to name who sent a fanned-out MESSAGE.</summary>
    public const string SenderHeader = "Ms-Sender";

    /// <summary>A URI without parameters, headers or angle brackets: how users are named in C3P.</summary>
    public static string UserUri(AddressUri? uri)
    {
        if (uri is not SipUri sip) return uri?.ToString() ?? string.Empty;
        var user = sip.EscapedUser is { } u ? u + "@" : string.Empty;
        var port = sip.Port is { } p ? ":" + p.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty;
        return (sip.IsSecure ? "sips:" : "sip:") + user + sip.Host + port;
    }

    /// <summary>Where to send a request for a URI with an IP-literal host (what the endpoint does without a
    /// resolver): the transport parameter or UDP (TLS for sips), and the port or the RFC 3263 §4.2 default.</summary>
    public static SipTransportTarget ResolveLiteral(AddressUri uri)
    {
        if (uri is not SipUri sip || !IPAddress.TryParse(sip.Host.Trim('[', ']'), out var address))
            throw new SipTransportException($"cannot route to '{uri}' without SipEndpointOptions.ResolveTarget");
        var protocol = sip.IsSecure ? SipTransportProtocol.Tls
            : sip.Transport?.ToUpperInvariant() switch
            {
                null or "UDP" => SipTransportProtocol.Udp,
                "TCP" => SipTransportProtocol.Tcp,
                "TLS" => SipTransportProtocol.Tls,
                _ => throw new SipTransportException($"unsupported transport in '{uri}'"),
            };
        var port = sip.Port ?? (protocol == SipTransportProtocol.Tls ? 5061 : 5060);
        return new SipTransportTarget(protocol, new IPEndPoint(address, port), protocol == SipTransportProtocol.Tls ? sip.Host : null);
    }

    public static bool IsCccp(SipMessage message) =>
        message.ContentType is { } type
        && type.MediaType.Equals(C3PNamespaces.CccpContentType, StringComparison.OrdinalIgnoreCase);

    public static bool IsConferenceInfo(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals(C3PNamespaces.ConferenceInfoContentType, StringComparison.OrdinalIgnoreCase);

    public static KeyValuePair<string, string>[] Diagnostics(C3PDiagnosticId id, string reason) =>
        [new(C3PDiagnostic.HeaderName, C3PDiagnostic.Format(id, reason))];

    public static C3PDiagnostic? ReadDiagnostic(SipMessage message) =>
        message.Headers.TryGetFirst(C3PDiagnostic.HeaderName, out var header) && C3PDiagnostic.TryParse(header.Value, out var d) ? d : null;

    /// <summary>The SIP status a refused join INVITE gets; the reason phrase carries the C3P reason token, since
    /// a refused INVITE reaches the caller only as status and phrase.</summary>
    public static int StatusFor(C3PFailureReason reason) => reason switch
    {
        C3PFailureReason.ConferenceDoesNotExist => 404,
        C3PFailureReason.RequestMalformed => 400,
        C3PFailureReason.NotSupported => 501,
        C3PFailureReason.McuTypeNotAvailable => 603,
        C3PFailureReason.Timeout => 408,
        C3PFailureReason.MaximumConferencesExceeded => 503,
        _ => 403,
    };

    /// <summary>Reads a failed join back from status and phrase.</summary>
    public static C3PFailureReason ReasonFrom(int status, string? phrase)
    {
        var fromText = C3PFailureReasons.FromText(phrase);
        if (fromText is not (C3PFailureReason.None or C3PFailureReason.Unrecognized)) return fromText;
        return status switch
        {
            404 => C3PFailureReason.ConferenceDoesNotExist,
            400 => C3PFailureReason.RequestMalformed,
            501 => C3PFailureReason.NotSupported,
            408 => C3PFailureReason.Timeout,
            _ => C3PFailureReason.Forbidden,
        };
    }
}
