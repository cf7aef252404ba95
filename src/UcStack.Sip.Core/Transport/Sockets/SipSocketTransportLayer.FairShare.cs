using System.Net;

namespace UcStack.Sip.Transport;

// Fair share of the receive queue: one source (a stream connection, or the IP address of datagrams) may hold at most
// MaxQueuedPerSource messages in it, so a flooding source cannot push a legitimate one's messages behind a full queue.
public sealed partial class SipSocketTransportLayer
{
    /// <summary>Reason tag of datagrams dropped because their source already holds its share of the queue.</summary>
    internal const string SourceShareDrop = "source-share";

    private readonly Dictionary<IPAddress, int> _queuedByAddress = [];
    private readonly Lock _queuedGate = new();

    /// <summary>Takes a queue slot for a datagram from <paramref name="address"/>; <see langword="false"/> when that
    /// address already holds its share (the datagram is then dropped: UDP senders retransmit, RFC 3261 §17.1.2.2).</summary>
    /// <remarks>Entries exist only while their count is positive, so the table never holds more addresses than the
    /// queue holds messages.</remarks>
    private bool TryTakeDatagramSlot(IPAddress address)
    {
        lock (_queuedGate)
        {
            _queuedByAddress.TryGetValue(address, out var count);
            if (count >= _options.MaxQueuedPerSource) return false;
            _queuedByAddress[address] = count + 1;
            return true;
        }
    }

    private void ReleaseDatagramSlot(IPAddress address)
    {
        lock (_queuedGate)
        {
            if (!_queuedByAddress.TryGetValue(address, out var count)) return;
            if (count <= 1) _queuedByAddress.Remove(address);
            else _queuedByAddress[address] = count - 1;
        }
    }

    /// <summary>A message left the queue: its source gets the slot back.</summary>
    private void OnDequeued(SipReceivedMessage item)
    {
        if (!item.Flow.IsReliable) ReleaseDatagramSlot(item.Flow.Remote.Address);
        else FindConnection(item.Flow.ConnectionId)?.ReleaseQueueSlot();
    }

    /// <summary>Hands a stream message to the queue once its connection has a free slot; while it has none the
    /// connection is not read (TCP flow control slows that peer only).</summary>
    private async ValueTask PublishFromConnectionAsync(SipStreamConnection connection, SipMessage message, SipFlow flow)
    {
        try
        {
            await connection.WaitQueueSlotAsync(connection.Closing).ConfigureAwait(false);
        }
        catch
        {
            message.Dispose();
            throw;
        }

        try
        {
            await PublishAsync(message, flow, connection.Closing).ConfigureAwait(false);
        }
        catch
        {
            connection.ReleaseQueueSlot();
            throw;
        }
    }
}
