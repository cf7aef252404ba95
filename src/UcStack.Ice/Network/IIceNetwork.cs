using System.Net;

namespace UcStack.Ice;

/// <summary>
/// Where an agent gets its sockets: the interfaces to gather host candidates on, UDP sockets bound to them, and
/// TURN allocations. <see cref="IceUdpNetwork"/> uses the machine's interfaces; tests plug in a simulated network.
/// </summary>
public interface IIceNetwork
{
    /// <summary>The local addresses to gather host candidates on, in order of preference.</summary>
    /// <returns>The addresses.</returns>
    IReadOnlyList<IPAddress> GetLocalAddresses();

    /// <summary>Binds a UDP socket to <paramref name="address"/> on a free port.</summary>
    /// <param name="address">A local address.</param>
    /// <returns>The socket (not started).</returns>
    /// <exception cref="System.Net.Sockets.SocketException">The bind failed.</exception>
    IIceSocket BindUdp(IPAddress address);

    /// <summary>Allocates a relayed address on a TURN server (RFC 8656).</summary>
    /// <param name="server">The server and credentials.</param>
    /// <param name="cancellationToken">Cancels the allocation.</param>
    /// <returns>The allocation (not started).</returns>
    /// <exception cref="IceRelayException">The allocation failed.</exception>
    Task<IIceRelay> AllocateRelayAsync(IceTurnServer server, CancellationToken cancellationToken = default);
}
