using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using UcStack.Tls;

namespace UcStack.Sip.Transport;

// TCP and TLS: accepting, connecting on demand, the connection table, idle and message timeouts, keep-alives.
public sealed partial class SipSocketTransportLayer
{
    private readonly ConcurrentDictionary<long, SipStreamConnection> _connections = new();
    private readonly Lock _connectGate = new();
    private readonly Dictionary<(SipTransportProtocol, IPEndPoint), Task<SipStreamConnection>> _byRemote = [];
    private long _nextConnectionId;
    private int _connectionCount;

    private async Task AcceptLoopAsync(SipListenPoint point, Socket listener)
    {
        await Task.Yield();
        var token = _stopping.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                var socket = await listener.AcceptAsync(token).ConfigureAwait(false);
                var remote = (IPEndPoint)socket.RemoteEndPoint!;
                if (!TryAdmit(point, remote))
                {
                    socket.Dispose();
                    continue;
                }

                var connection = new SipStreamConnection(
                    Interlocked.Increment(ref _nextConnectionId), point.Protocol, socket, point.EndPoint, remote, _time, _budget, accepted: true, _options.MaxQueuedPerSource);
                _connections[connection.Id] = connection;
                Track(RunAcceptedAsync(connection, socket, point.Tls ?? _options.TlsServer));
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Disposal.
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException && token.IsCancellationRequested)
        {
            // The listener was closed by disposal.
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Log.ReceiveLoopFailed(_logger, point.Protocol, point.EndPoint, e);
        }
    }

    private async Task RunAcceptedAsync(SipStreamConnection connection, Socket socket, TlsServerOptions? tlsServer)
    {
        var stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            using var stopping = _stopping.Token.UnsafeRegister(static c => ((SipStreamConnection)c!).Close(), connection);
            if (connection.Protocol == SipTransportProtocol.Tls)
            {
                var tls = await _tlsAcceptor.AcceptAsync(stream, tlsServer!, connection.Closing).ConfigureAwait(false);
                connection.Attach(tls.Stream, tls);
            }
            else
            {
                connection.Attach(stream, null);
            }
        }
        catch (Exception e) when (e is TlsHandshakeException or IOException or SocketException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
            Log.TlsHandshakeFailed(_logger, connection.Remote, e);
            if (connection.AbortReason is null) _metrics.Aborted(AbortReasons.HandshakeFailed);
            await stream.DisposeAsync().ConfigureAwait(false);
            await ForgetAsync(connection, "TLS handshake failed").ConfigureAwait(false);
            return;
        }

        Opened(connection);
        await RunConnectionAsync(connection).ConfigureAwait(false);
    }

    /// <summary>The read loop of an established connection, then its clean-up.</summary>
    private async Task RunConnectionAsync(SipStreamConnection connection)
    {
        var reason = "closed by the peer";

        // A connection established while the layer is being disposed is closed by the same signal.
        using var stopping = _stopping.Token.UnsafeRegister(static c => ((SipStreamConnection)c!).Close(), connection);
        try
        {
            await connection.ReadLoopAsync(_framer, OnStreamMessageAsync, OnFramingErrorAsync, OnOverBudget).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            reason = _stopping.IsCancellationRequested ? "transport closed" : "closed locally";
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or SipTransportException or InvalidOperationException)
        {
            reason = "connection failed: " + e.Message;
        }

        await ForgetAsync(connection, connection.AbortReason ?? reason).ConfigureAwait(false);
    }

    private async ValueTask OnStreamMessageAsync(SipStreamConnection connection, SipMessage message)
    {
        var flow = connection.Flow;
        var result = _rules.OnStreamMessage(message, flow);
        if (result.Message is null) Count(result, flow);
        if (result.Reply is { } reply) await connection.SendRawAsync(reply, connection.Closing).ConfigureAwait(false);
        if (result.Message is { } delivered) await PublishFromConnectionAsync(connection, delivered, flow).ConfigureAwait(false);
    }

    private void Opened(SipStreamConnection connection)
    {
        _metrics.ConnectionOpened(connection.Protocol);
        Log.ConnectionOpened(_logger, connection.Protocol, connection.Id, connection.Local, connection.Remote);
    }

    /// <summary>Removes a connection from every table before releasing it, so it can never be picked for reuse.</summary>
    private async ValueTask ForgetAsync(SipStreamConnection connection, string reason)
    {
        connection.Close();
        var wasOpen = _connections.TryRemove(connection.Id, out _);
        lock (_connectGate)
        {
            var key = (connection.Protocol, connection.Remote);
            if (_byRemote.TryGetValue(key, out var pending) && pending.IsCompletedSuccessfully && ReferenceEquals(pending.Result, connection))
            {
                _byRemote.Remove(key);
            }
        }

        if (wasOpen)
        {
            Interlocked.Decrement(ref _connectionCount);
            if (connection.IsAccepted) ReleaseAddress(connection.Remote.Address);
            if (connection.IsAttached)
            {
                _metrics.ConnectionClosed(connection.Protocol);
                Log.ConnectionClosed(_logger, connection.Id, connection.Remote, reason);
            }
        }

        await connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>An open connection to the target, or a new one (one connect per target at a time).</summary>
    private async ValueTask<SipStreamConnection> GetOrConnectAsync(SipTransportProtocol protocol, IPEndPoint remote, string? hostName, CancellationToken cancellationToken)
    {
        Task<SipStreamConnection> task;
        lock (_connectGate)
        {
            var key = (protocol, remote);
            if (_byRemote.TryGetValue(key, out var existing) && !(existing.IsCompleted && (!existing.IsCompletedSuccessfully || !existing.Result.IsOpen)))
            {
                task = existing;
            }
            else
            {
                // Accepted connections from the same address and port serve too (RFC 3261 §18.2.2 keeps them for responses;
                // RFC 5923-style reuse for requests is the caller's decision through the flow).
                task = ConnectAsync(protocol, remote, hostName);
                _byRemote[key] = task;
                Track(task);
            }
        }

        try
        {
            return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (task.IsFaulted || task.IsCanceled)
        {
            lock (_connectGate)
            {
                if (_byRemote.TryGetValue((protocol, remote), out var current) && ReferenceEquals(current, task)) _byRemote.Remove((protocol, remote));
            }

            throw;
        }
    }

    private async Task<SipStreamConnection> ConnectAsync(SipTransportProtocol protocol, IPEndPoint remote, string? hostName)
    {
        await Task.Yield();
        if (Interlocked.Increment(ref _connectionCount) > _options.MaxConnections)
        {
            Interlocked.Decrement(ref _connectionCount);
            throw new SipTransportException($"cannot connect to {remote}: {_options.MaxConnections} connections are open");
        }

        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping.Token);
        SipStreamConnection? connection = null;
        try
        {
            await socket.ConnectAsync(remote, linked.Token).ConfigureAwait(false);
            connection = new SipStreamConnection(
                Interlocked.Increment(ref _nextConnectionId), protocol, socket, (IPEndPoint)socket.LocalEndPoint!, remote, _time, _budget, accepted: false, _options.MaxQueuedPerSource);
            _connections[connection.Id] = connection;
            var stream = new NetworkStream(socket, ownsSocket: false);
            if (protocol == SipTransportProtocol.Tls)
            {
                var target = new SipTransportTarget(protocol, remote, hostName);
                var tlsOptions = _options.TlsClient?.Invoke(target) ?? new TlsClientOptions { TargetHost = hostName! };
                if (!string.Equals(tlsOptions.TargetHost, hostName, StringComparison.OrdinalIgnoreCase))
                {
                    throw new SipTransportException($"the TLS client options name '{tlsOptions.TargetHost}', not the target host '{hostName}'");
                }

                var tls = await _tlsConnector.ConnectAsync(stream, tlsOptions, linked.Token).ConfigureAwait(false);
                connection.Attach(tls.Stream, tls);
            }
            else
            {
                connection.Attach(stream, null);
            }
        }
        catch (Exception e) when (e is not SipTransportException || connection is not null)
        {
            if (connection is not null) await ForgetAsync(connection, "connect failed").ConfigureAwait(false);
            else
            {
                Interlocked.Decrement(ref _connectionCount);
                socket.Dispose();
            }

            if (e is SipTransportException) throw;
            if (e is OperationCanceledException && timeout.IsCancellationRequested)
            {
                throw new SipTransportException($"connecting to {protocol} {remote} timed out after {_options.ConnectTimeout}", e);
            }

            throw new SipTransportException($"connecting to {protocol} {remote} failed: {e.Message}", e);
        }
        catch (SipTransportException)
        {
            Interlocked.Decrement(ref _connectionCount);
            socket.Dispose();
            throw;
        }

        Opened(connection);
        Track(RunConnectionAsync(connection));
        return connection;
    }

    private TimeSpan MaintenancePeriod()
    {
        var shortest = Timeout.InfiniteTimeSpan;
        foreach (var t in new[] { _options.IdleTimeout, _options.KeepAliveInterval, _options.MessageReadTimeout })
        {
            if (t != Timeout.InfiniteTimeSpan && (shortest == Timeout.InfiniteTimeSpan || t < shortest)) shortest = t;
        }

        if (shortest == Timeout.InfiniteTimeSpan) return shortest;

        // Checking four times per interval keeps a timeout within 25 % of its value.
        var period = shortest / 4;
        return period < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : period;
    }

    /// <summary>Timer tick: closes idle connections and those whose message arrives too slowly, and pings quiet
    /// ones (RFC 5626 §3.5.1).</summary>
    private void Maintain()
    {
        foreach (var connection in _connections.Values)
        {
            if (!connection.IsOpen) continue;
            var idle = connection.IdleFor;
            if (_options.IdleTimeout != Timeout.InfiniteTimeSpan && idle >= _options.IdleTimeout)
            {
                Log.IdleTimeout(_logger, connection.Id, idle);
                AbortConnection(connection, AbortReasons.IdleTimeout);
                continue;
            }

            if (MessageTooSlow(connection)) continue;

            if (_options.KeepAliveInterval != Timeout.InfiniteTimeSpan && connection.SilentFor >= _options.KeepAliveInterval)
            {
                Track(PingAsync(connection));
            }
        }
    }

    private static async Task PingAsync(SipStreamConnection connection)
    {
        try
        {
            await connection.SendPingAsync(connection.Closing).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SipTransportException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection closed meanwhile; its read loop reports it.
        }
    }
}
