using System.Net;
using System.Text;

namespace UcStack.Sip.Transport;

/// <summary>
/// Where a response goes when the connection its request came on is not available: RFC 3261 §18.2.2 with
/// RFC 3581 §4. Shared by every transport layer so the rules live in one place.
/// </summary>
internal static class SipResponseRouting
{
    /// <summary>RFC 3261 §19.1.2: the default port is 5060 for UDP and TCP, 5061 for TLS.</summary>
    internal static int DefaultPort(SipTransportProtocol protocol) => protocol == SipTransportProtocol.Tls ? 5061 : 5060;

    /// <summary>Parses the first via-parm of the top Via with the full grammar.</summary>
    internal static bool TryGetTopVia(SipMessage message, out ViaHeader via)
    {
        via = null!;
        if (!SipViaStamp.TryFindTopVia(message, out _, out var value)) return false;
        if (!ViaHeader.TryParse(value[..SipViaStamp.FirstViaParmLength(value)], out var parsed, out _)) return false;
        via = parsed;
        return true;
    }

    /// <summary>
    /// Resolves the address a response is sent to when it cannot go back over the request's connection (or the
    /// transport is UDP). Fails with a reason when the Via names a host that would need RFC 3263 resolution,
    /// which a transport layer does not do.
    /// </summary>
    internal static bool TryResolve(SipResponse response, SipTransportProtocol protocol, out IPEndPoint target, out string reason)
    {
        target = null!;
        if (!TryGetTopVia(response, out var via))
        {
            reason = "the response's top Via is missing or malformed";
            return false;
        }

        var sentByPort = via.Port ?? DefaultPort(protocol);
        IPAddress? address = null;
        var port = sentByPort;

        // RFC 3261 §18.2.2: for unreliable transports "if the Via header field value contains a 'maddr'
        // parameter, the response MUST be forwarded to the address listed there, using the port indicated in
        // 'sent-by', or port 5060 if none is present."
        if (protocol == SipTransportProtocol.Udp && via.MAddr is { } maddr)
        {
            if (!SipViaStamp.TryParseHostAddress(Encoding.ASCII.GetBytes(maddr), out var m))
            {
                reason = "the Via maddr is a host name; resolving it (RFC 3263 §5) is not the transport's job";
                return false;
            }

            address = m;
        }
        else if (via.Received is { } received && SipViaStamp.TryParseHostAddress(Encoding.ASCII.GetBytes(received), out var r))
        {
            // RFC 3261 §18.2.2: "...sent to the address indicated by the 'received' parameter, using the port
            // indicated in the 'sent-by' value"; RFC 3581 §4: with rport, to the source port it records.
            address = r;
            port = via.RPort ?? sentByPort;
        }
        else if (SipViaStamp.TryParseHostAddress(Encoding.ASCII.GetBytes(via.Host), out var s))
        {
            address = s;
        }

        if (address is null)
        {
            reason = "the Via sent-by is a host name without 'received'; resolving it (RFC 3263 §5) is not the transport's job";
            return false;
        }

        if (port is <= 0 or > 65535)
        {
            reason = "the Via names no usable port";
            return false;
        }

        target = new IPEndPoint(address, port);
        reason = string.Empty;
        return true;
    }
}
