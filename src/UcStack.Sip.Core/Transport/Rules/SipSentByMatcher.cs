using System.Net;

namespace UcStack.Sip.Transport;

/// <summary>
/// RFC 3261 §18.1.2: "If the value of the sent-by parameter in that header field value does not correspond to a
/// value that the client transport is configured to insert into requests, the response MUST be silently
/// discarded." The values we insert are our listen points (address and port) and any host names the
/// application advertises.
/// </summary>
internal sealed class SipSentByMatcher
{
    private readonly IReadOnlyList<SipListenPoint> _listenPoints;
    private readonly IReadOnlyCollection<string> _hostNames;

    public SipSentByMatcher(IReadOnlyList<SipListenPoint> listenPoints, IReadOnlyCollection<string>? hostNames)
    {
        _listenPoints = listenPoints;
        _hostNames = hostNames ?? [];
    }

    /// <summary>Whether the response's top Via sent-by is one of ours.</summary>
    public bool Matches(SipMessage response)
    {
        var host = response.TopViaHostBytes;
        var isAddress = SipViaStamp.TryParseHostAddress(host, out var address);
        var nameMatches = !isAddress && MatchesHostName(response.TopViaHost);
        var transport = response.TopViaTransportBytes;
        var isTls = transport.Length == 3 && (transport[0] | 0x20) == 't' && (transport[1] | 0x20) == 'l' && (transport[2] | 0x20) == 's';
        var port = response.TopViaPort ?? SipResponseRouting.DefaultPort(isTls ? SipTransportProtocol.Tls : SipTransportProtocol.Udp);
        foreach (var point in _listenPoints)
        {
            if (port != point.EndPoint.Port) continue;
            if (nameMatches) return true;
            if (!isAddress) continue;
            var bound = SipViaStamp.Normalize(point.EndPoint.Address);

            // A wildcard bind receives on every local address; any literal of the same family is accepted then.
            if (bound.Equals(IPAddress.Any) || bound.Equals(IPAddress.IPv6Any)) return true;
            if (bound.Equals(address)) return true;
        }

        return false;
    }

    private bool MatchesHostName(string host)
    {
        foreach (var name in _hostNames)
        {
            if (string.Equals(name, host, StringComparison.OrdinalIgnoreCase)) return true;
        }

        return false;
    }
}
