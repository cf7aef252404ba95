using System.Net.Sockets;
using System.Security.Cryptography;
using UcStack.Stun;
using UcStack.Turn.Protocol;

namespace UcStack.Turn.Server;

/// <summary>RFC 6062 (TURN TCP relaying): Connect, ConnectionAttempt, ConnectionBind and the data connections.</summary>
internal sealed partial class TurnServerEngine
{
    private readonly Dictionary<uint, TcpPeerConnection> _tcpConnections = [];
    private readonly List<(int Count, TaskCompletionSource Done)> _tcpCountWaiters = [];

    /// <summary>RFC 6062 connections held (connecting, awaiting a bind, or bound), for tests and diagnostics.</summary>
    internal int TcpConnectionCount
    {
        get
        {
            lock (_gate)
            {
                return _tcpConnections.Count;
            }
        }
    }

    /// <summary>
    /// Completes when exactly <paramref name="count"/> RFC 6062 connections are held, checked as connections
    /// start awaiting their bind or go away (for tests and diagnostics).
    /// </summary>
    internal Task WhenTcpConnectionCountAsync(int count, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_tcpConnections.Count == count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _tcpCountWaiters.Add((count, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    private void SignalTcpConnectionCount()
    {
        for (var i = _tcpCountWaiters.Count - 1; i >= 0; i--)
        {
            if (_tcpCountWaiters[i].Count == _tcpConnections.Count)
            {
                // Continuations run asynchronously: nothing runs under the lock.
                _tcpCountWaiters[i].Done.TrySetResult();
                _tcpCountWaiters.RemoveAt(i);
            }
        }
    }

    private TcpRelayListener? ListenTcpRelay(System.Net.IPAddress address, TurnAllocation allocation)
    {
        var min = Math.Clamp(_options.RelayPortMin, 1, 65535);
        var max = Math.Clamp(_options.RelayPortMax, min, 65535);
        var span = max - min + 1;
        var start = RandomNumberGenerator.GetInt32(span);
        var tries = Math.Min(span, 512);
        for (var i = 0; i < tries; i++)
        {
            var listener = _relays.TryListenTcp(address, min + ((start + i) % span), allocation);
            if (listener is not null)
            {
                return listener;
            }
        }

        return null;
    }

    private void HandleConnect(ITurnClientLink link, StunMessageReader request, RequestAuth auth)
    {
        // RFC 6062 §5.2: Connect on a connection without an allocation → 437.
        var allocation = RequireAllocation(link, request, auth);
        if (allocation is null)
        {
            return;
        }

        if (allocation.TcpRelay is null)
        {
            SendError(link, request, auth, 400, "Connect needs a TCP allocation");
            return;
        }

        if (!request.TryGetXorPeerAddress(out var peer))
        {
            // RFC 6062 §5.2: no (valid) XOR-PEER-ADDRESS → 400.
            SendError(link, request, auth, 400, "XOR-PEER-ADDRESS missing");
            return;
        }

        if (!CheckPeer(link, request, auth, allocation, peer))
        {
            return;
        }

        if (!HasPermission(allocation, peer))
        {
            // As for UDP (RFC 8656 §9), the relay talks only to peers the client installed a permission for.
            SendError(link, request, auth, 403, "No permission for the peer");
            return;
        }

        foreach (var existing in allocation.Connections.Values)
        {
            if (existing.Peer == peer)
            {
                // RFC 6062 §5.2: a Connect to the same peer in progress, or whose connections are pending or
                // active → 446.
                SendError(link, request, auth, 446, "Connection Already Exists");
                return;
            }
        }

        if (allocation.Connections.Count >= _options.MaxConnectionsPerAllocation)
        {
            SendError(link, request, auth, 508, "Insufficient Capacity");
            return;
        }

        var connection = AddConnection(allocation, peer);
        connection.Connecting = new CancellationTokenSource(_options.PeerConnectTimeout, _time);
        var answer = new PendingAnswer(link.Retain(), request.TransactionId.ToArray(), auth, request.Contains(StunAttributeType.Fingerprint));
        var token = connection.Connecting.Token;
        // Off the lock: the connect may complete inline.
        _ = Task.Run(() => ConnectToPeerAsync(connection, answer, token), CancellationToken.None);
    }

    private async Task ConnectToPeerAsync(TcpPeerConnection connection, PendingAnswer answer, CancellationToken token)
    {
        Socket? socket = null;
        try
        {
            socket = await connection.Allocation.TcpRelay!.ConnectAsync(connection.Peer, token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Log.PeerConnectFailed(_logger, connection.Peer.ToString(), e.Message);
        }

        lock (_gate)
        {
            connection.Connecting?.Dispose();
            connection.Connecting = null;
            if (_disposed || connection.State == TcpPeerConnection.Phase.Closed || connection.Allocation.IsDeleted)
            {
                socket?.Dispose();
                return;
            }

            if (socket is null)
            {
                // RFC 6062 §5.2: the connection to the peer timed out or failed → 447.
                RemoveConnection(connection);
                var error = BeginResponse(StunMethod.Connect, answer.TransactionId, StunMessageClass.ErrorResponse);
                error.AddErrorCode(447, "Connection Timeout or Failure"u8);
                FinishAndSend(ref error, answer.Link, answer.Auth, answer.Fingerprint);
                return;
            }

            connection.Socket = socket;
            AwaitBind(connection);
            // RFC 6062 §5.2: the success response carries the CONNECTION-ID.
            var writer = BeginResponse(StunMethod.Connect, answer.TransactionId, StunMessageClass.SuccessResponse);
            writer.AddConnectionId(connection.ConnectionId);
            FinishAndSend(ref writer, answer.Link, answer.Auth, answer.Fingerprint);
        }
    }

    /// <summary>A peer connected to a TCP relayed address (RFC 6062 §5.3).</summary>
    internal void HandlePeerConnection(TurnAllocation allocation, Socket socket, StunEndPoint peer)
    {
        lock (_gate)
        {
            // RFC 6062 §5.3: without a permission for the peer's IP address the connection is refused.
            if (_disposed || allocation.IsDeleted || !HasPermission(allocation, peer)
                || allocation.Connections.Count >= _options.MaxConnectionsPerAllocation)
            {
                _metrics.Dropped(allocation.IsDeleted || _disposed ? "no-allocation" : "peer-connection-refused");
                socket.Dispose();
                return;
            }

            var connection = AddConnection(allocation, peer);
            connection.Socket = socket;
            AwaitBind(connection);

            // RFC 6062 §5.3: a ConnectionAttempt indication with XOR-PEER-ADDRESS and CONNECTION-ID on the
            // control connection.
            Span<byte> transactionId = stackalloc byte[12];
            StunMessageWriter.GenerateTransactionId(transactionId);
            var writer = new StunMessageWriter(_sendBuffer, new StunMessageType(StunMessageClass.Indication, StunMethod.ConnectionAttempt), transactionId);
            if (_software is not null)
            {
                writer.AddSoftware(_software);
            }

            writer.AddXorPeerAddress(peer);
            writer.AddConnectionId(connection.ConnectionId);
            writer.AddFingerprint();
            if (!writer.TryComplete(out var length) || !allocation.Link.Send(_sendBuffer.AsSpan(0, length)))
            {
                _metrics.Dropped("client-send");
            }
        }
    }

    private void HandleConnectionBind(ITurnClientLink link, StunMessageReader request, RequestAuth auth)
    {
        // RFC 6062 §5.4: ConnectionBind arrives on a new TCP connection, never on the control connection.
        if (link.Tuple.Transport != TurnTransportKind.Tcp || _allocations.ContainsKey(link.Tuple))
        {
            SendError(link, request, auth, 400, "ConnectionBind needs a new TCP connection");
            return;
        }

        if (!request.TryGetConnectionId(out var id)
            || !_tcpConnections.TryGetValue(id, out var connection)
            || connection.State != TcpPeerConnection.Phase.AwaitingBind)
        {
            // RFC 6062 §5.4: a CONNECTION-ID that matches no pending connection → 400.
            SendError(link, request, auth, 400, "Unknown CONNECTION-ID");
            return;
        }

        if (!string.Equals(connection.Allocation.Username, auth.Username, StringComparison.Ordinal))
        {
            // RFC 8656 §5 applied to the allocation's connections: only its owner binds them.
            SendError(link, request, auth, 441, "Wrong Credentials");
            return;
        }

        if (!link.TryStartDataRelay(connection))
        {
            SendError(link, request, auth, 400, "This connection cannot carry data");
            return;
        }

        connection.State = TcpPeerConnection.Phase.Bound;
        connection.BindTimer?.Dispose();
        connection.BindTimer = null;
        Log.ConnectionBound(_logger, connection.ConnectionId, connection.Peer.ToString());

        // RFC 6062 §5.4: the success response is the last STUN message on this connection; raw data follows.
        var writer = BeginResponse(request, StunMessageClass.SuccessResponse);
        FinishAndSend(ref writer, link, request, auth);
    }

    /// <summary>
    /// The allocation's bandwidth quota on an RFC 6062 data connection. Bytes of a TCP stream cannot be dropped
    /// as the UDP relay drops datagrams, so the relay back-pressures instead: it takes tokens for what it read
    /// before forwarding it, and when the bucket is short it waits (returned here) without reading further, so
    /// TCP flow control slows the sender. Each wait is counted (<see cref="CountTcpThrottled"/>).
    /// </summary>
    /// <returns>Zero when <paramref name="bytes"/> may go now; otherwise how long to wait before asking again.</returns>
    internal TimeSpan TakeTcpBandwidth(TcpPeerConnection connection, int bytes)
    {
        lock (_gate)
        {
            if (connection.Allocation.Bandwidth is not { } bucket || bucket.TryTake(bytes, Now, out var waitTicks))
            {
                return TimeSpan.Zero;
            }

            return TimeSpan.FromSeconds((double)waitTicks / _time.TimestampFrequency);
        }
    }

    /// <summary>Counts one bandwidth wait of a data connection (<c>ucstack.turn.tcp.throttled</c>); the instruments are thread-safe.</summary>
    internal void CountTcpThrottled() => _metrics.Throttled();

    /// <summary>The most bytes one <see cref="TakeTcpBandwidth"/> call can be granted (one second of the rate), or <see cref="int.MaxValue"/> without a quota.</summary>
    internal int MaxTcpBandwidthTake(TcpPeerConnection connection)
    {
        lock (_gate)
        {
            return connection.Allocation.Bandwidth is { } bucket ? (int)Math.Min(bucket.Capacity, int.MaxValue) : int.MaxValue;
        }
    }

    /// <summary>A bound data connection ended (either side closed): the other side closes too (RFC 6062 §5.5).</summary>
    internal void HandleDataRelayEnded(TcpPeerConnection connection)
    {
        lock (_gate)
        {
            if (connection.State != TcpPeerConnection.Phase.Closed)
            {
                RemoveConnection(connection);
            }
        }
    }

    private TcpPeerConnection AddConnection(TurnAllocation allocation, StunEndPoint peer)
    {
        // RFC 6062 §5.2: CONNECTION-ID values are unique among the server's connections; random ones are
        // also hard to guess for a third party trying to bind someone else's connection.
        uint id;
        do
        {
            id = (uint)RandomNumberGenerator.GetInt32(int.MaxValue) ^ ((uint)RandomNumberGenerator.GetInt32(2) << 31);
        }
        while (_tcpConnections.ContainsKey(id));

        var connection = new TcpPeerConnection(allocation, id, peer);
        _tcpConnections.Add(id, connection);
        allocation.Connections.Add(id, connection);
        return connection;
    }

    /// <summary>RFC 6062 §5.2/§5.3: without a ConnectionBind within 30 seconds the peer connection is closed.</summary>
    private void AwaitBind(TcpPeerConnection connection)
    {
        connection.State = TcpPeerConnection.Phase.AwaitingBind;
        connection.BindTimer = _time.CreateTimer(
            static state =>
            {
                var expired = (TcpPeerConnection)state!;
                expired.Allocation.Engine.HandleBindTimeout(expired);
            },
            connection,
            TurnConstants.ConnectionBindTimeout,
            Timeout.InfiniteTimeSpan);

        // Waiters see the connection only once its deadline runs.
        SignalTcpConnectionCount();
    }

    internal void HandleBindTimeout(TcpPeerConnection connection)
    {
        lock (_gate)
        {
            if (connection.State == TcpPeerConnection.Phase.AwaitingBind)
            {
                Log.BindTimedOut(_logger, connection.ConnectionId, connection.Peer.ToString());
                RemoveConnection(connection);
            }
        }
    }

    private void RemoveConnection(TcpPeerConnection connection)
    {
        connection.Close();
        _tcpConnections.Remove(connection.ConnectionId);
        connection.Allocation.Connections.Remove(connection.ConnectionId);
        SignalTcpConnectionCount();
    }

    private void CloseTcpRelay(TurnAllocation allocation)
    {
        foreach (var connection in allocation.Connections.Values.ToArray())
        {
            RemoveConnection(connection);
        }

        allocation.TcpRelay?.Dispose();
    }

    /// <summary>What is needed to answer a request after the lock was released (Connect waits for the peer).</summary>
    private sealed record PendingAnswer(ITurnClientLink Link, byte[] TransactionId, RequestAuth Auth, bool Fingerprint);
}
