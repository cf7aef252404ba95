using System.Buffers;
using System.Net;

namespace UcStack.Sip.Transport;

// Abuse defences on stream connections: admission (table and per-address caps, eviction of connections that
// never delivered a message), the per-message read deadline (slow loris), the layer-wide budget of buffered
// bytes, and answering oversized or malformed requests before the connection closes.
public sealed partial class SipSocketTransportLayer
{
    /// <summary>Reasons a connection is refused or closed by the layer; also the metric's <c>reason</c> tag.</summary>
    internal static class AbortReasons
    {
        public const string IdleTimeout = "idle-timeout";
        public const string MessageTimeout = "message-timeout";
        public const string BufferBudget = "buffer-budget";
        public const string Evicted = "evicted";
        public const string RefusedTableFull = "refused-table-full";
        public const string RefusedPerAddress = "refused-per-address";
        public const string Oversized = "oversized";
        public const string Malformed = "malformed";
        public const string HandshakeFailed = "handshake-failed";
    }

    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly Lock _addressGate = new();

    /// <summary>Connections closed or refused so far for one of <see cref="AbortReasons"/>.</summary>
    internal long AbortedCount(string reason) => _metrics.AbortedCount(reason);

    /// <summary>The bytes of incomplete messages held by all connections now.</summary>
    internal long BufferedBytes => _budget.Used;

    /// <summary>Decides whether an accepted socket may become a connection; reserves its slots when it may.</summary>
    private bool TryAdmit(SipListenPoint point, IPEndPoint remote)
    {
        if (!TryReserveAddress(remote.Address))
        {
            Refused(point, remote, AbortReasons.RefusedPerAddress, _options.MaxConnectionsPerAddress);
            return false;
        }

        if (Interlocked.Increment(ref _connectionCount) <= _options.MaxConnections) return true;

        // The table is full. A connection that has delivered nothing yet (a handshake in progress, a silent or
        // trickling peer) costs an attacker only a SYN and a few octets; letting such connections keep the table
        // full would lock every legitimate client out, so the oldest of them makes room. The count stays one
        // above the limit until the evicted connection's loop has forgotten it.
        if (EvictOldestUnproven()) return true;

        Interlocked.Decrement(ref _connectionCount);
        ReleaseAddress(remote.Address);
        Refused(point, remote, AbortReasons.RefusedTableFull, _options.MaxConnections);
        return false;
    }

    private void Refused(SipListenPoint point, IPEndPoint remote, string reason, int limit)
    {
        _metrics.Aborted(reason);
        Log.ConnectionLimit(_logger, point.Protocol, remote, reason, limit);
    }

    private bool EvictOldestUnproven()
    {
        SipStreamConnection? oldest = null;
        foreach (var connection in _connections.Values)
        {
            if (connection.IsClosed || connection.HasDeliveredMessage || !connection.IsAccepted) continue;
            if (oldest is null || connection.Id < oldest.Id) oldest = connection;
        }

        if (oldest is null) return false;
        AbortConnection(oldest, AbortReasons.Evicted);
        return true;
    }

    private bool TryReserveAddress(IPAddress address)
    {
        if (_options.MaxConnectionsPerAddress == 0) return true;
        lock (_addressGate)
        {
            _perAddress.TryGetValue(address, out var count);
            if (count >= _options.MaxConnectionsPerAddress) return false;
            _perAddress[address] = count + 1;
            return true;
        }
    }

    private void ReleaseAddress(IPAddress address)
    {
        if (_options.MaxConnectionsPerAddress == 0) return;
        lock (_addressGate)
        {
            if (!_perAddress.TryGetValue(address, out var count)) return;
            if (count <= 1) _perAddress.Remove(address);
            else _perAddress[address] = count - 1;
        }
    }

    /// <summary>Closes a connection for a reason that is logged and counted (once).</summary>
    private void AbortConnection(SipStreamConnection connection, string reason)
    {
        if (connection.IsClosed) return;

        // Counted before the socket closes, so whoever sees the close also sees the count.
        _metrics.Aborted(reason);
        Log.ConnectionAborted(_logger, connection.Id, connection.Remote, reason);
        connection.Abort(reason);
    }

    /// <summary>A read pushed the bytes held by all connections above <see cref="SipSocketTransportOptions.MaxBufferedBytes"/>:
    /// close the connections whose incomplete messages are oldest until the total fits again.</summary>
    private void OnOverBudget(SipStreamConnection trigger)
    {
        while (_budget.IsOver)
        {
            SipStreamConnection? oldest = null;
            foreach (var connection in _connections.Values)
            {
                var started = connection.MessageStartedAt;
                if (connection.IsClosed || started == long.MaxValue) continue;
                if (oldest is null || started < oldest.MessageStartedAt || (started == oldest.MessageStartedAt && connection.Id < oldest.Id)) oldest = connection;
            }

            // The connection that read last is charged even if its clock was cleared meanwhile.
            oldest ??= trigger.IsClosed ? null : trigger;
            if (oldest is null) return;
            AbortConnection(oldest, AbortReasons.BufferBudget);
        }
    }

    /// <summary>RFC 3261 §18.3: the message boundary is lost, so the connection closes; first the request is
    /// answered when it can be addressed (RFC 3261 §21.5.14 513 for a message over the size limits, else 400).</summary>
    private async ValueTask OnFramingErrorAsync(SipStreamConnection connection, SipParseError error, ReadOnlySequence<byte> unconsumed)
    {
        _metrics.ParseFailed(connection.Protocol);
        Log.FramingError(_logger, connection.Id, error);
        var oversized = SipBadRequestResponder.IsSizeError(error.Code);
        var reason = oversized ? AbortReasons.Oversized : AbortReasons.Malformed;

        // Only the header-section limit is examined, so the copy is bounded; this runs once per connection.
        var limit = Math.Max(_options.Limits.MaxHeaderSectionBytes, 1);
        var head = (unconsumed.Length > limit ? unconsumed.Slice(0, limit) : unconsumed).ToArray();
        if (SipBadRequestResponder.TryCreate(head, _options.Limits, oversized ? 513 : 400, out var reply))
        {
            try
            {
                await connection.SendRawAsync(reply, connection.Closing).ConfigureAwait(false);
                Log.StreamRequestRejected(_logger, connection.Id, oversized ? 513 : 400);
            }
            catch (Exception e) when (e is SipTransportException or OperationCanceledException or ObjectDisposedException)
            {
                // The peer is gone already; closing is all that is left.
            }
        }

        AbortConnection(connection, reason);
    }

    /// <summary>The slow-loris check of one connection, from the maintenance tick.</summary>
    private bool MessageTooSlow(SipStreamConnection connection)
    {
        if (_options.MessageReadTimeout == Timeout.InfiniteTimeSpan) return false;
        var pending = connection.PendingMessageFor;
        if (pending < _options.MessageReadTimeout) return false;
        Log.MessageTimeout(_logger, connection.Id, connection.Remote, pending, connection.PendingBytes);
        AbortConnection(connection, AbortReasons.MessageTimeout);
        return true;
    }
}
