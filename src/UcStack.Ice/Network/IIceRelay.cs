using System.Net;

namespace UcStack.Ice;

/// <summary>A TURN allocation used as a relayed candidate; <see cref="IIceSocket.LocalEndPoint"/> is the relayed address.</summary>
public interface IIceRelay : IIceSocket
{
    /// <summary>The client's address as the TURN server saw it (the related address of the relayed candidate).</summary>
    IPEndPoint MappedEndPoint { get; }

    /// <summary>
    /// Installs a permission for <paramref name="peer"/> (RFC 8656 §9) so its checks get through before this side
    /// has sent it anything; best effort, returns at once.
    /// </summary>
    /// <param name="peer">The peer's IP address.</param>
    void PermitPeer(IPAddress peer);
}
