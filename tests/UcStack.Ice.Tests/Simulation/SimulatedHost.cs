using System.Net;

namespace UcStack.Ice.Tests.Simulation;

/// <summary>A machine with one address, maybe behind a NAT; the agent's <see cref="IIceNetwork"/>.</summary>
internal sealed class SimulatedHost(SimulatedNetwork network, IPAddress address, SimulatedNat? nat) : IIceNetwork, IIceTcpNetwork
{
    /// <summary>A stateful firewall: inbound SYNs are dropped unless this host sent a SYN the other way (simultaneous open).</summary>
    public bool BlockInboundTcp { get; set; }

    public bool SupportsSimultaneousOpen => true;

    public List<SimulatedTcpEndpoint> TcpEndpoints { get; } = [];

    public IIceTcpEndpoint OpenTcp(IPAddress address, IceTcpType tcpType) => network.OpenTcp(this, address, tcpType);

    public IPAddress Address { get; } = address;

    public SimulatedNat? Nat { get; } = nat;

    public int NextPort { get; set; }

    public List<SimulatedSocket> Sockets { get; } = [];

    public IReadOnlyList<IPAddress> GetLocalAddresses() => [Address];

    public IIceSocket BindUdp(IPAddress address) => network.Bind(this, address);

    public Task<IIceRelay> AllocateRelayAsync(IceTurnServer server, CancellationToken cancellationToken = default) =>
        Task.FromResult<IIceRelay>(network.Allocate(this, server));
}

/// <summary>A bound UDP socket of a simulated host.</summary>
internal sealed class SimulatedSocket(SimulatedNetwork network, SimulatedHost host, IPEndPoint localEndPoint) : IIceSocket
{
    private IceDatagramHandler? _handler;

    public SimulatedHost Host { get; } = host;

    public IPEndPoint LocalEndPoint { get; } = localEndPoint;

    public IceDatagramHandler? Receive => _handler;

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint remoteEndPoint) => network.SendFromHost(this, datagram, remoteEndPoint);

    public void Start(IceDatagramHandler handler) => _handler = handler;

    public ValueTask DisposeAsync()
    {
        _handler = null;
        return ValueTask.CompletedTask;
    }
}

/// <summary>A TURN allocation: sends from the relayed address, admits peers whose IP has a permission (RFC 8656 §9).</summary>
internal sealed class SimulatedRelay(SimulatedNetwork network, IPEndPoint relayed, IPEndPoint mapped) : IIceRelay
{
    private IceDatagramHandler? _handler;

    public IPEndPoint LocalEndPoint { get; } = relayed;

    public IPEndPoint MappedEndPoint { get; } = mapped;

    public HashSet<IPAddress> Permitted { get; } = [];

    public IceDatagramHandler? Receive => _handler;

    public void PermitPeer(IPAddress peer) => Permitted.Add(peer);

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint remoteEndPoint) => network.SendFromRelay(this, datagram, remoteEndPoint);

    public void Start(IceDatagramHandler handler) => _handler = handler;

    public ValueTask DisposeAsync()
    {
        _handler = null;
        return ValueTask.CompletedTask;
    }
}
