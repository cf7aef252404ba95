using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace UcStack.Sip.Transport;

// UDP: one socket per listen point, one receive loop each.
public sealed partial class SipSocketTransportLayer
{
    /// <summary>The largest UDP payload (RFC 768 over IPv4); a larger message cannot arrive in one datagram.</summary>
    private const int MaxDatagram = 65_535;

    private async Task UdpReceiveLoopAsync(SipListenPoint point, Socket socket)
    {
        await Task.Yield();
        var token = _stopping.Token;
        var buffer = ArrayPool<byte>.Shared.Rent(MaxDatagram);
        EndPoint any = point.EndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        try
        {
            while (!token.IsCancellationRequested)
            {
                SocketReceiveFromResult received;
                try
                {
                    received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, token).ConfigureAwait(false);
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
                {
                    // An ICMP error for an earlier send, or an oversize datagram (truncated): neither stops the loop.
                    continue;
                }

                var remote = (IPEndPoint)received.RemoteEndPoint;
                var flow = new SipFlow(SipTransportProtocol.Udp, point.EndPoint, remote, 0);
                var result = _rules.OnDatagram(buffer.AsSpan(0, received.ReceivedBytes), flow);
                if (result.Message is null) Count(result, flow);
                if (result.Reply is { } reply)
                {
                    await SendDatagramAsync(socket, reply, remote, token).ConfigureAwait(false);
                    Log.BadRequestAnswered(_logger, remote);
                }

                if (result.Message is not { } message) continue;
                if (!TryTakeDatagramSlot(remote.Address))
                {
                    message.Dispose();
                    _metrics.Dropped(SourceShareDrop);
                    continue;
                }

                try
                {
                    await PublishAsync(message, flow, token).ConfigureAwait(false);
                }
                catch
                {
                    ReleaseDatagramSlot(remote.Address);
                    throw;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Disposal.
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException && token.IsCancellationRequested)
        {
            // The socket was closed by disposal.
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Log.ReceiveLoopFailed(_logger, SipTransportProtocol.Udp, point.EndPoint, e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Sends one datagram; failures of a best-effort send (a 400) are logged, not thrown.</summary>
    private async ValueTask SendDatagramAsync(Socket socket, ReadOnlyMemory<byte> bytes, IPEndPoint remote, CancellationToken token)
    {
        try
        {
            await socket.SendToAsync(bytes, SocketFlags.None, remote, token).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            Log.UdpSendFailed(_logger, remote, e);
        }
    }

    /// <summary>The UDP socket to send from: the flow's local listen point when given, else the first of the
    /// target's address family.</summary>
    private Socket UdpSocketFor(IPEndPoint target, IPEndPoint? local)
    {
        Socket? sameFamily = null;
        foreach (var (point, socket) in _udpSockets)
        {
            if (local is not null && point.EndPoint.Equals(local)) return socket;
            if (sameFamily is null && point.EndPoint.AddressFamily == target.AddressFamily) sameFamily = socket;
        }

        return sameFamily ?? throw new SipTransportException($"no UDP listen point of the address family of {target}");
    }

    private async ValueTask SendUdpAsync(SipMessage message, IPEndPoint target, IPEndPoint? local, CancellationToken cancellationToken)
    {
        var length = message.GetEncodedLength();
        SipOutboundRules.CheckUdpSize(message, length);
        var socket = UdpSocketFor(target, local);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            message.TryWriteTo(buffer, out var written);
            await socket.SendToAsync(buffer.AsMemory(0, written), SocketFlags.None, target, cancellationToken).ConfigureAwait(false);
            _metrics.Sent(SipTransportProtocol.Udp);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            throw new SipTransportException($"sending to UDP {target} failed", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
