using System.Net;

namespace UcStack.Ice;

/// <summary>
/// A local transport address the agent sends from and receives on: a UDP socket on an interface, or a TURN
/// allocation. STUN checks and media share it (RFC 8445 §12; RFC 7983 demultiplexing).
/// </summary>
/// <remarks><see cref="Send"/> may be called from several threads; the handler given to <see cref="Start"/> is called by one receive loop at a time.</remarks>
public interface IIceSocket : IAsyncDisposable
{
    /// <summary>The address peers see: the bound address of a socket, the relayed address of an allocation.</summary>
    IPEndPoint LocalEndPoint { get; }

    /// <summary>Sends one datagram, best effort (UDP semantics: a lost or refused datagram is not an error).</summary>
    /// <param name="datagram">The bytes; not retained after the call.</param>
    /// <param name="remoteEndPoint">The destination.</param>
    void Send(ReadOnlySpan<byte> datagram, IPEndPoint remoteEndPoint);

    /// <summary>Starts delivering received datagrams to <paramref name="handler"/>; called once.</summary>
    /// <param name="handler">The receiver.</param>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    void Start(IceDatagramHandler handler);
}
