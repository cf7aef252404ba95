using System.Globalization;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;

namespace UcStack.Sip.Proxy;

// Rewriting requests and responses as they pass through (RFC 3261 §16.6, §16.7), and the ACK for a 2xx.
public sealed partial class SipProxy
{
    /// <summary>Builds the copy of <paramref name="request"/> that goes to one target (RFC 3261 §16.6): the new
    /// Request-URI (step 2), Max-Forwards decremented (step 3), our Record-Route on top (step 4, two of them when
    /// the transports differ, RFC 5658), the Route values naming us removed (§16.4), and our Via on top (step 8).
    /// Everything else is copied unchanged, in order, with the body.</summary>
    internal SipRequest BuildForward(
        SipRequest request, string requestUri, SipTransportProtocol inbound, SipTransportProtocol outbound,
        IReadOnlyList<string> remainingRoutes, bool recordRoute)
    {
        var builder = new SipRequestBuilder(request.Method, requestUri).AddHeader("Via", _endpoint.NewVia(outbound));
        if (recordRoute)
        {
            builder.AddHeader("Record-Route", string.Concat("<", RecordRouteUri(outbound), ">"));
            if (inbound != outbound) builder.AddHeader("Record-Route", string.Concat("<", RecordRouteUri(inbound), ">"));
        }

        string? contentType = null;
        var routesWritten = false;
        foreach (var header in request.Headers)
        {
            switch (header.Id)
            {
                case KnownHeader.Route:
                    // All Route values go out once, in order, without the ones that named us.
                    if (routesWritten) continue;
                    routesWritten = true;
                    foreach (var route in remainingRoutes) builder.AddHeader("Route", route);
                    continue;
                case KnownHeader.MaxForwards:
                case KnownHeader.ContentLength:
                    continue;
                case KnownHeader.ContentType:
                    contentType = header.Value;
                    continue;
                default:
                    builder.AddHeader(header.Name, header.Value);
                    continue;
            }
        }

        // RFC 3261 §16.6 step 3: decrement Max-Forwards, or add it with 70.
        builder.SetMaxForwards(request.MaxForwards is { } hops ? hops - 1 : 70);
        if (!request.Body.IsEmpty || contentType is not null) builder.SetBody(request.Body.Span, contentType);
        return builder.Build();
    }

    /// <summary>The response to pass upstream: the received one without its top Via, which was ours
    /// (RFC 3261 §16.7 step 3); everything else unchanged, in order, with the body.</summary>
    internal static SipResponse StripTopVia(SipResponse response)
    {
        var builder = new SipResponseBuilder(response.StatusCode, response.ReasonPhrase);
        var firstVia = true;
        string? contentType = null;
        foreach (var header in response.Headers)
        {
            switch (header.Id)
            {
                case KnownHeader.Via when firstVia:
                    firstVia = false;
                    var vias = new List<ViaHeader>();
                    if (!ViaHeader.TryParseList(header.ValueBytes, vias, out var error)) throw new SipParseException(error);

                    // A Via line may hold several values; only the first is ours.
                    foreach (var via in vias.Skip(1)) builder.AddHeader("Via", via.ToString());
                    continue;
                case KnownHeader.ContentLength:
                    continue;
                case KnownHeader.ContentType:
                    contentType = header.Value;
                    continue;
                default:
                    builder.AddHeader(header.Name, header.Value);
                    continue;
            }
        }

        if (!response.Body.IsEmpty || contentType is not null) builder.SetBody(response.Body.Span, contentType);
        return builder.Build();
    }

    /// <summary>The CANCEL for one forwarded INVITE (RFC 3261 §9.1, §16.10): same Request-URI, Call-ID, From, To
    /// and CSeq number, and a single Via equal to the INVITE's top Via.</summary>
    internal static SipRequest BuildCancel(string requestUri, string via, string from, string to, string callId, uint cseq) =>
        new SipRequestBuilder("CANCEL", requestUri)
            .AddHeader("Via", via)
            .SetMaxForwards()
            .AddHeader("From", from)
            .AddHeader("To", to)
            .SetCallId(callId)
            .SetCSeq(cseq)
            .Build();

    private string RecordRouteUri(SipTransportProtocol protocol)
    {
        var point = _endpoint.ListenPointFor(protocol);
        var host = point.EndPoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? string.Concat("[", point.EndPoint.Address.ToString(), "]")
            : point.EndPoint.Address.ToString();
        var transport = point.Protocol switch
        {
            SipTransportProtocol.Tcp => ";transport=tcp",
            SipTransportProtocol.Tls => ";transport=tls",
            _ => string.Empty,
        };
        return string.Concat("sip:", host, ":", point.EndPoint.Port.ToString(CultureInfo.InvariantCulture), transport, ";lr");
    }

    /// <summary>An ACK for a 2xx that matched none of our dialogs: one we record-routed between two other user
    /// agents. It is forwarded statelessly along its route (RFC 3261 §16.11 behaviour for a request without a
    /// transaction); anything else is dropped, as an ACK cannot be answered.</summary>
    private void OnForeignAck(SipRequest ack)
    {
        try
        {
            var routes = ack.Routes;
            var popped = 0;
            while (popped < routes.Count && IsSelf(routes[popped].Uri)) popped++;
            if (ack.MaxForwards == 0)
            {
                Log.AckDropped(_logger, ack.CallId);
                return;
            }

            if (popped == 0)
            {
                // No route through us: a UA that sends everything to the server; an ACK for one of our users
                // goes to that user's contacts, like the INVITE did.
                if (routes.Count == 0 && TryLocalUser(ack.RequestUri, out var addressOfRecord, out _))
                {
                    var copy = SipRequest.Parse(ack.RawBytes);
                    _ = ForwardAckToUserAsync(copy, addressOfRecord);
                    return;
                }

                Log.AckDropped(_logger, ack.CallId);
                return;
            }

            var remaining = routes.Skip(popped).Select(r => r.ToString()).ToArray();
            var next = remaining.Length > 0 ? routes[popped].Uri! : ack.RequestUri;
            if (!TryResolve(next, out var hop))
            {
                Log.AckDropped(_logger, ack.CallId);
                return;
            }

            var inbound = ParseProtocol(ack.TopViaTransport);
            var forwarded = BuildForward(ack, ack.RequestUriText, inbound, hop.Protocol, remaining, recordRoute: false);
            Log.AckForwarded(_logger, ack.CallId, hop.EndPoint);
            _ = SendAndDisposeAsync(forwarded, hop);
        }
        catch (Exception ex) when (ex is SipParseException or ArgumentException or InvalidOperationException)
        {
            Log.AckDropped(_logger, ack.CallId);
        }
    }

    private async Task ForwardAckToUserAsync(SipRequest ack, string addressOfRecord)
    {
        try
        {
            var inbound = ParseProtocol(ack.TopViaTransport);
            foreach (var target in await TargetsAsync(addressOfRecord, CancellationToken.None).ConfigureAwait(false))
            {
                var forwarded = BuildForward(ack, target.RequestUri, inbound, target.NextHop.Protocol, [], recordRoute: false);
                Log.AckForwarded(_logger, ack.CallId, target.NextHop.EndPoint);
                await SendAndDisposeAsync(forwarded, target.NextHop).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is SipParseException or ArgumentException or InvalidOperationException)
        {
            Log.AckDropped(_logger, ack.CallId);
        }
        finally
        {
            ack.Dispose();
        }
    }

    private async Task SendAndDisposeAsync(SipRequest request, SipTransportTarget target)
    {
        try
        {
            await _endpoint.SendWithoutTransactionAsync(request, target).ConfigureAwait(false);
        }
        finally
        {
            request.Dispose();
        }
    }

    internal static SipTransportProtocol ParseProtocol(string viaTransport) => viaTransport.ToUpperInvariant() switch
    {
        "TCP" => SipTransportProtocol.Tcp,
        "TLS" => SipTransportProtocol.Tls,
        _ => SipTransportProtocol.Udp,
    };
}
