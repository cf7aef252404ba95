using System.Net.Sockets;

namespace UcStack.Stun;

/// <summary>The TCP side: accept loop and one loop per connection (RFC 8489 §6.2.2, §7.3.1.2: answers go back on the same connection).</summary>
public sealed partial class StunBindingServer
{
    private async Task RunAcceptAsync()
    {
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptAsync(stop).ConfigureAwait(false);
            }
            catch (Exception e) when (stop.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            catch (SocketException e)
            {
                StunBindingServerLog.TcpError(_logger, e);
                continue;
            }

            StunTcpTransport connection;
            try
            {
                socket.NoDelay = true;
                connection = StunTcpTransport.FromConnectedSocket(socket, _options.MaxTcpMessageLength);
            }
            catch (Exception e) when (e is SocketException or ArgumentException or ObjectDisposedException)
            {
                // The peer went away between accept and here.
                socket.Dispose();
                continue;
            }

            lock (_connectionsGate)
            {
                if (_connections.Count >= _options.MaxTcpConnections || stop.IsCancellationRequested)
                {
                    StunBindingServerLog.TcpConnectionRefused(_logger, connection.RemoteEndPoint, _options.MaxTcpConnections);
                    socket.Dispose();
                    continue;
                }

                _connections.Add(connection);
                _loops.RemoveAll(static t => t.IsCompleted);
                _loops.Add(Task.Run(() => RunConnectionAsync(connection)));
            }
        }
    }

    private async Task RunConnectionAsync(StunTcpTransport connection)
    {
        var request = new byte[_options.MaxTcpMessageLength];
        var response = new byte[StunBindingResponder.MaxResponseLength];

        // One idle timer per connection, re-armed after every message (no per-message allocation).
        using var idle = new CancellationTokenSource(_options.TcpIdleTimeout, _time);
        using var stopRegistration = _stop.Token.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), idle);
        try
        {
            while (true)
            {
                var packet = await connection.ReceiveAsync(request, idle.Token).ConfigureAwait(false);
                if (packet.IsEndOfStream)
                {
                    return;
                }

                idle.CancelAfter(_options.TcpIdleTimeout);
                var length = Answer(request.AsSpan(0, packet.Length), packet.RemoteEndPoint, response, "tcp");
                if (length > 0)
                {
                    await connection.SendAsync(response.AsMemory(0, length), connection.RemoteEndPoint, idle.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Idle timeout, shutdown, a peer that reset, or a stream that broke framing or the size limit
            // (RFC 8489 §6.2.2 gives no way to resynchronize): close this connection only.
            StunBindingServerLog.TcpConnectionClosed(_logger, connection.RemoteEndPoint, e.Message);
        }
        finally
        {
            lock (_connectionsGate)
            {
                _connections.Remove(connection);
            }

            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
