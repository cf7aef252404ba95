using UcStack.Stun;

namespace UcStack.Turn.Client;

/// <summary>
/// A TCP connection to a peer through the relay (RFC 6062 §4.3/§4.4): after ConnectionBind succeeded the
/// data connection carries the peer's bytes unframed, so it is exposed as a plain duplex <see cref="Stream"/>.
/// </summary>
public sealed class TurnPeerConnection : IAsyncDisposable
{
    internal TurnPeerConnection(StunEndPoint peer, uint connectionId, Stream stream)
    {
        Peer = peer;
        ConnectionId = connectionId;
        Stream = stream;
    }

    /// <summary>The peer at the other end of the relayed TCP connection.</summary>
    public StunEndPoint Peer { get; }

    /// <summary>The CONNECTION-ID the server assigned (RFC 6062 §6.2.1).</summary>
    public uint ConnectionId { get; }

    /// <summary>The data connection: reads give what the peer sent, writes go to the peer.</summary>
    public Stream Stream { get; }

    /// <summary>Closes the data connection; the server then closes its connection to the peer (RFC 6062 §5.5).</summary>
    /// <returns>A task that completes when closed.</returns>
    public ValueTask DisposeAsync() => Stream.DisposeAsync();
}
