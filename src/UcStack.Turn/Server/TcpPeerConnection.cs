using System.Net.Sockets;
using UcStack.Stun;

namespace UcStack.Turn.Server;

/// <summary>
/// One RFC 6062 connection of a TCP allocation: the peer data connection, its CONNECTION-ID and where it
/// stands. Written under the engine's lock; the socket is read only once the client data connection is bound
/// (until then the kernel buffers what the peer sends, and TCP flow control bounds it).
/// </summary>
internal sealed class TcpPeerConnection
{
    public TcpPeerConnection(TurnAllocation allocation, uint connectionId, StunEndPoint peer)
    {
        Allocation = allocation;
        ConnectionId = connectionId;
        Peer = peer;
    }

    public enum Phase
    {
        /// <summary>Connect received; the server is connecting to the peer (RFC 6062 §5.2).</summary>
        Connecting,

        /// <summary>The peer connection exists; waiting up to 30 s for ConnectionBind (§5.2, §5.3).</summary>
        AwaitingBind,

        /// <summary>Bound to a client data connection; bytes flow both ways (§5.4).</summary>
        Bound,

        /// <summary>Closed; removed from the engine.</summary>
        Closed,
    }

    public TurnAllocation Allocation { get; }

    public uint ConnectionId { get; }

    public StunEndPoint Peer { get; }

    public Phase State { get; set; }

    public Socket? Socket { get; set; }

    /// <summary>Cancels the outgoing connect when the allocation goes away first.</summary>
    public CancellationTokenSource? Connecting { get; set; }

    /// <summary>The 30-second ConnectionBind deadline.</summary>
    public ITimer? BindTimer { get; set; }

    /// <summary>Closes the peer side; a bound client data connection ends with it.</summary>
    public void Close()
    {
        State = Phase.Closed;
        BindTimer?.Dispose();
        BindTimer = null;
        try
        {
            Connecting?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connect finished and released it.
        }

        if (Socket is { } socket)
        {
            try
            {
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Already closed.
            }

            socket.Dispose();
        }
    }
}
