using System.Net;
using Microsoft.Extensions.Time.Testing;
using UcStack.Stun;

namespace UcStack.Ice.Tests.Simulation;

/// <summary>
/// A deterministic network on a <see cref="FakeTimeProvider"/>: hosts on private networks behind NATs or on the
/// public network, STUN servers, and TURN relays at the allocation level (a relayed address per client, permissions
/// by peer IP; the client-to-relay leg is delayed but not NATed, since every RFC 4787 NAT passes a client-initiated
/// flow). Delivery is by timers, so everything happens inside <see cref="FakeTimeProvider.Advance"/> in a fixed order;
/// loss and jitter come from a seeded <see cref="Random"/>.
/// </summary>
internal sealed partial class SimulatedNetwork
{
    private readonly Dictionary<IPEndPoint, SimulatedSocket> _publicSockets = [];
    private readonly Dictionary<IPEndPoint, SimulatedSocket> _privateSockets = [];
    private readonly Dictionary<IPEndPoint, SimulatedRelay> _relays = [];
    private readonly HashSet<IPEndPoint> _stunServers = [];
    private readonly List<SimulatedNat> _nats = [];
    private readonly Dictionary<IPEndPoint, IPAddress> _turnServers = [];
    private readonly Random _random;
    private int _nextRelayPort = 50000;

    public SimulatedNetwork(FakeTimeProvider time, int seed = 1)
    {
        Time = time;
        _random = new Random(seed);
    }

    public FakeTimeProvider Time { get; }

    public double LossRate { get; set; }

    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(20);

    public TimeSpan Jitter { get; set; }

    public long Sent { get; private set; }

    public long Lost { get; private set; }

    public long Unroutable { get; private set; }

    /// <summary>When set, every datagram put on the wire is copied here.</summary>
    public List<byte[]>? Captured { get; set; }

    public long Filtered { get; private set; }

    /// <summary>A firewall on every host drops all UDP (the case ICE-TCP exists for).</summary>
    public bool BlockUdp { get; set; }

    public SimulatedHost AddHost(IPAddress address, SimulatedNat? nat = null) => new(this, address, nat);

    public SimulatedNat AddNat(IPAddress publicAddress, NatBehavior behavior)
    {
        var nat = new SimulatedNat(publicAddress, behavior);
        _nats.Add(nat);
        return nat;
    }

    public void AddStunServer(IPEndPoint endPoint) => _stunServers.Add(endPoint);

    public void AddTurnServer(IPEndPoint endPoint, IPAddress relayAddress) => _turnServers[endPoint] = relayAddress;

    internal SimulatedSocket Bind(SimulatedHost host, IPAddress address)
    {
        var socket = new SimulatedSocket(this, host, new IPEndPoint(address, 10000 + (host.NextPort++)));
        (host.Nat is null ? _publicSockets : _privateSockets)[socket.LocalEndPoint] = socket;
        host.Sockets.Add(socket);
        return socket;
    }

    internal SimulatedRelay Allocate(SimulatedHost host, IceTurnServer server)
    {
        if (!_turnServers.TryGetValue(server.EndPoint, out var relayAddress))
        {
            throw new IceRelayException($"No TURN server at {server.EndPoint}.");
        }

        var relayed = new IPEndPoint(relayAddress, _nextRelayPort++);
        var mapped = new IPEndPoint(host.Nat?.PublicAddress ?? host.Address, 30000 + host.NextPort++);
        var relay = new SimulatedRelay(this, relayed, mapped);
        _relays[relayed] = relay;
        return relay;
    }

    /// <summary>A host socket sends: LAN delivery, or out through the host's NAT to the public network.</summary>
    internal void SendFromHost(SimulatedSocket socket, ReadOnlySpan<byte> datagram, IPEndPoint destination)
    {
        if (BlockUdp)
        {
            Sent++;
            Filtered++;
            return;
        }

        var nat = socket.Host.Nat;
        if (nat is not null && _privateSockets.TryGetValue(destination, out var sameLan) && sameLan.Host.Nat == nat)
        {
            Schedule(datagram, socket.LocalEndPoint, (data, source) => sameLan.Receive?.Invoke(data, source));
            return;
        }

        var from = nat is null ? socket.LocalEndPoint : nat.Translate(socket.LocalEndPoint, destination);
        SendPublic(datagram, from, destination);
    }

    /// <summary>A relay sends from its relayed address (and learns the permission for the peer's IP).</summary>
    internal void SendFromRelay(SimulatedRelay relay, ReadOnlySpan<byte> datagram, IPEndPoint destination)
    {
        relay.Permitted.Add(destination.Address);
        SendPublic(datagram, relay.LocalEndPoint, destination);
    }

    private void SendPublic(ReadOnlySpan<byte> datagram, IPEndPoint from, IPEndPoint destination)
    {
        if (_stunServers.Contains(destination))
        {
            Schedule(datagram, from, (data, source) =>
            {
                var response = BindingResponse(data, source);
                if (response is not null)
                {
                    SendPublic(response, destination, source);
                }
            });
            return;
        }

        if (_relays.TryGetValue(destination, out var relay))
        {
            // RFC 8656 §9: the relay forwards only from peers whose IP has a permission, checked on arrival.
            Schedule(datagram, from, (data, source) =>
            {
                if (relay.Permitted.Contains(source.Address))
                {
                    relay.Receive?.Invoke(data, source);
                }
            });
            return;
        }

        if (_publicSockets.TryGetValue(destination, out var publicSocket))
        {
            Schedule(datagram, from, (data, source) => publicSocket.Receive?.Invoke(data, source));
            return;
        }

        var nat = _nats.FirstOrDefault(n => n.PublicAddress.Equals(destination.Address));
        if (nat is not null)
        {
            // The filter is evaluated when the packet reaches the NAT, as a real one would.
            Schedule(datagram, from, (data, source) => DeliverThroughNat(nat, data, source, destination));
            return;
        }

        // Unroutable (e.g. a private address of another site): lost.
        Sent++;
        Unroutable++;
    }

    private void DeliverThroughNat(SimulatedNat nat, byte[] datagram, IPEndPoint source, IPEndPoint publicDestination)
    {
        var inside = nat.Admit(publicDestination, source);
        if (inside is null)
        {
            Filtered++;
            return;
        }

        if (_privateSockets.TryGetValue(inside, out var socket))
        {
            socket.Receive?.Invoke(datagram, source);
        }
    }

    private void Schedule(ReadOnlySpan<byte> datagram, IPEndPoint source, Action<byte[], IPEndPoint> deliver)
    {
        Sent++;
        Captured?.Add(datagram.ToArray());
        if (LossRate > 0 && _random.NextDouble() < LossRate)
        {
            Lost++;
            return;
        }

        var copy = datagram.ToArray();
        var delay = Delay + (Jitter * _random.NextDouble());
        ITimer? timer = null;
        timer = Time.CreateTimer(
            _ =>
            {
                timer?.Dispose();
                deliver(copy, source);
            },
            null,
            delay,
            Timeout.InfiniteTimeSpan);
    }

    private static byte[]? BindingResponse(ReadOnlySpan<byte> request, IPEndPoint source)
    {
        if (!StunMessageReader.TryParse(request, out var reader, out _) || reader.Type != StunMessageType.BindingRequest)
        {
            return null;
        }

        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, reader.TransactionId);
        writer.AddXorMappedAddress(StunEndPoint.FromIPEndPoint(source));
        writer.AddFingerprint();
        return buffer[..writer.Complete()];
    }
}
