using System.Net;
using System.Text;

namespace UcStack.Sip.Transport;

// Scheduling: one priority queue ordered by (due time, send order) and one timer armed for the earliest entry.
public sealed partial class SipInMemoryNetwork
{
    private readonly PriorityQueue<Delivery, (TimeSpan Due, long Sequence)> _queue = new();
    private long _sequence;
    private ITimer? _timer;
    private bool _pumping;

    /// <summary>How many deliveries are scheduled and not yet made.</summary>
    public int PendingDeliveries
    {
        get { lock (_gate) return _queue.Count; }
    }

    /// <summary>Sends a datagram: loss, duplication and jitter of the link apply. Called under the lock.</summary>
    internal void SendDatagram(IPEndPoint from, IPEndPoint to, byte[] bytes)
    {
        var detail = FirstLine(bytes);
        Record(SipInMemoryTraceKind.Sent, SipTransportProtocol.Udp, from, to, 0, detail);

        // Every datagram draws the same three numbers, so a change of one probability does not shift the others.
        var link = LinkBetween(from.Address, to.Address);
        var lossDraw = _random.NextDouble();
        var duplicateDraw = _random.NextDouble();
        var jitterDraw = _random.NextDouble();
        if (IsCut(from.Address, to.Address))
        {
            Record(SipInMemoryTraceKind.Lost, SipTransportProtocol.Udp, from, to, 0, "link cut");
            return;
        }

        if (lossDraw < link.LossRate)
        {
            Record(SipInMemoryTraceKind.Lost, SipTransportProtocol.Udp, from, to, 0, detail);
            return;
        }

        var target = FindNode(to.Address);
        var now = Now;
        Enqueue(new Delivery(target, SipTransportProtocol.Udp, from, to, bytes, null, detail), now + link.Latency + link.Jitter * jitterDraw);
        if (duplicateDraw < link.DuplicateRate)
        {
            Record(SipInMemoryTraceKind.Duplicated, SipTransportProtocol.Udp, from, to, 0, detail);
            Enqueue(new Delivery(target, SipTransportProtocol.Udp, from, to, bytes, null, detail), now + link.Latency + link.Jitter * _random.NextDouble());
        }

        Pump();
    }

    /// <summary>Sends bytes on a connection, in order after everything sent before. Called under the lock.</summary>
    internal void SendStream(InMemoryConnection connection, SipInMemoryTransportLayer sender, byte[] bytes)
    {
        var detail = FirstLine(bytes);
        var from = connection.LocalOf(sender);
        var to = connection.RemoteOf(sender);
        Record(SipInMemoryTraceKind.Sent, connection.Protocol, from, to, connection.Id, detail);
        var due = Now + LinkBetween(from.Address, to.Address).Latency;
        if (connection.IsClient(sender))
        {
            if (due < connection.LastDueToServer) due = connection.LastDueToServer;
            connection.LastDueToServer = due;
        }
        else
        {
            if (due < connection.LastDueToClient) due = connection.LastDueToClient;
            connection.LastDueToClient = due;
        }

        Enqueue(new Delivery(connection.Peer(sender), connection.Protocol, from, to, bytes, connection, detail), due);
        Pump();
    }

    /// <summary>Opens a connection from <paramref name="client"/> to a listening node. Called under the lock.</summary>
    internal InMemoryConnection Connect(SipInMemoryTransportLayer client, SipTransportProtocol protocol, IPEndPoint remote)
    {
        var server = FindNode(remote.Address);
        if (server is null || !server.IsListening(protocol, remote.Port))
        {
            throw new SipTransportException($"connection to {protocol} {remote} refused: nothing listens there");
        }

        if (IsCut(client.Address, server.Address)) throw new SipTransportException($"no route to {remote}: the link is cut");
        var connection = new InMemoryConnection(
            NextConnectionId(), protocol, client, new IPEndPoint(client.Address, client.NextEphemeralPort()), server,
            new IPEndPoint(server.Address, remote.Port), client.Options.Limits, server.Options.Limits);
        client.Attach(connection);
        server.Attach(connection);
        Record(SipInMemoryTraceKind.ConnectionOpened, protocol, connection.ClientEndPoint, connection.ServerEndPoint, connection.Id, string.Empty);
        return connection;
    }

    /// <summary>Closes a connection at both ends. Called under the lock.</summary>
    internal void Close(InMemoryConnection connection, string reason)
    {
        if (!connection.IsOpen) return;
        connection.IsOpen = false;
        connection.Client.Detach(connection);
        connection.Server.Detach(connection);
        Record(SipInMemoryTraceKind.ConnectionClosed, connection.Protocol, connection.ClientEndPoint, connection.ServerEndPoint, connection.Id, reason);
    }

    private void Enqueue(Delivery delivery, TimeSpan due) => _queue.Enqueue(delivery, (due, ++_sequence));

    /// <summary>Makes every delivery that is due, then arms the timer for the next one.</summary>
    private void Pump()
    {
        lock (_gate)
        {
            // Deliveries send replies, which schedule more deliveries: the outer loop picks those up.
            if (_pumping || _disposed) return;
            _pumping = true;
            try
            {
                while (_queue.TryPeek(out var delivery, out var priority) && priority.Due <= Now)
                {
                    _queue.Dequeue();
                    Deliver(delivery);
                }

                if (_queue.TryPeek(out _, out var next))
                {
                    _timer ??= TimeProvider.CreateTimer(static state => ((SipInMemoryNetwork)state!).Pump(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                    _timer.Change(next.Due - Now, Timeout.InfiniteTimeSpan);
                }
            }
            finally
            {
                _pumping = false;
            }
        }
    }

    private void Deliver(Delivery d)
    {
        if (d.Connection is { } connection)
        {
            if (!connection.IsOpen || !d.Target!.IsAlive)
            {
                Record(SipInMemoryTraceKind.Dropped, d.Protocol, d.From, d.To, connection.Id, "connection closed");
                return;
            }

            Record(SipInMemoryTraceKind.Delivered, d.Protocol, d.From, d.To, connection.Id, d.Detail);
            d.Target.ReceiveStream(connection, d.Bytes);
            return;
        }

        // The node is looked up at send time: a restart in between loses the datagram, as a crash would.
        if (d.Target is null || !d.Target.IsAlive || !d.Target.IsListening(SipTransportProtocol.Udp, d.To.Port))
        {
            Record(SipInMemoryTraceKind.Dropped, d.Protocol, d.From, d.To, 0, "nothing listens there");
            return;
        }

        Record(SipInMemoryTraceKind.Delivered, d.Protocol, d.From, d.To, 0, d.Detail);
        d.Target.ReceiveDatagram(d.From, d.To, d.Bytes);
    }

    private static string FirstLine(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf("\r\n"u8);
        if (end < 0) end = bytes.Length;
        if (end > 120) end = 120;
        return Encoding.ASCII.GetString(bytes[..end]);
    }

    private sealed record Delivery(
        SipInMemoryTransportLayer? Target, SipTransportProtocol Protocol, IPEndPoint From, IPEndPoint To, byte[] Bytes, InMemoryConnection? Connection, string Detail);
}
