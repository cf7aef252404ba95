namespace UcStack.Sip.Transport;

// Sending requests and responses (RFC 3261 §18.1.1, §18.2.2).
public sealed partial class SipSocketTransportLayer
{
    /// <inheritdoc />
    public async ValueTask<SipFlow> SendRequestAsync(SipRequest request, SipTransportTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        SipOutboundRules.CheckTarget(target);
        ThrowIfDisposed();
        if (target.Protocol == SipTransportProtocol.Udp)
        {
            var socket = UdpSocketFor(target.EndPoint, null);
            await SendUdpAsync(request, target.EndPoint, null, cancellationToken).ConfigureAwait(false);
            return new SipFlow(SipTransportProtocol.Udp, LocalOf(socket), target.EndPoint, 0);
        }

        var connection = await GetOrConnectAsync(target.Protocol, target.EndPoint, target.HostName, cancellationToken).ConfigureAwait(false);
        await connection.SendAsync(request, cancellationToken).ConfigureAwait(false);
        _metrics.Sent(connection.Protocol);
        return connection.Flow;
    }

    /// <inheritdoc />
    public async ValueTask SendResponseAsync(SipResponse response, SipFlow requestFlow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        ThrowIfDisposed();

        // RFC 3261 §18.2.2: over a reliable transport "the response MUST be sent using the existing connection to
        // the source of the original request that created the transaction, if that connection is still open."
        if (requestFlow.IsReliable && FindConnection(requestFlow.ConnectionId) is { IsOpen: true } open)
        {
            try
            {
                await open.SendAsync(response, cancellationToken).ConfigureAwait(false);
                _metrics.Sent(open.Protocol);
                return;
            }
            catch (SipTransportException) when (!open.IsOpen)
            {
                // "If that connection is no longer open, the server SHOULD open a connection to the IP address in
                // the received parameter" — fall through to the Via.
            }
        }

        if (!SipResponseRouting.TryResolve(response, requestFlow.Protocol, out var target, out var reason))
        {
            throw new SipTransportException($"cannot route the response: {reason}");
        }

        if (requestFlow.Protocol == SipTransportProtocol.Udp)
        {
            await SendUdpAsync(response, target, requestFlow.Local, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (requestFlow.Protocol == SipTransportProtocol.Tls)
        {
            // A new TLS connection needs a name to check the certificate against; a response has none (the
            // request's Via holds an address). RFC 3261 §18.2.2 leaves this to RFC 3263; we do not guess.
            throw new SipTransportException("the TLS connection of the request is closed and a response cannot open a new one without a host name");
        }

        var connection = await GetOrConnectAsync(requestFlow.Protocol, target, null, cancellationToken).ConfigureAwait(false);
        await connection.SendAsync(response, cancellationToken).ConfigureAwait(false);
        _metrics.Sent(connection.Protocol);
    }

    private static System.Net.IPEndPoint LocalOf(System.Net.Sockets.Socket socket) => (System.Net.IPEndPoint)socket.LocalEndPoint!;
}
