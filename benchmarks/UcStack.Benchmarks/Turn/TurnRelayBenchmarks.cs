using System.Buffers.Binary;
using System.Net;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using UcStack.Stun;
using UcStack.Turn.Server;

namespace UcStack.Benchmarks.Turn;

/// <summary>
/// Server-side relay cost per packet without the operating system: a 160-byte (20 ms G.711) ChannelData
/// frame from the client to the peer, and a peer datagram turned into ChannelData for the client. The
/// transports are no-ops, so this is the engine's share (lock, 5-tuple and channel lookups, permission
/// check, framing). Target: allocation-free, well under 1 µs.
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet calls GlobalCleanup, which disposes them.")]
public class TurnRelayBenchmarks
{
    private static readonly StunEndPoint Peer = new(IPAddress.Parse("192.0.2.10"), 6000);
    private const ushort Channel = 0x4000;

    private readonly byte[] _channelData = new byte[4 + 160];
    private readonly byte[] _payload = new byte[160];
    private StaticTurnCredentialStore _store = null!;
    private TurnServerEngine _engine = null!;
    private CapturingLink _link = null!;
    private NullRelayFactory _relays = null!;

    [GlobalSetup]
    public void Setup()
    {
        _store = new StaticTurnCredentialStore();
        _store.AddUser("alice", "alicepass");
        var options = new TurnServerOptions
        {
            ListenEndPoint = new IPEndPoint(IPAddress.Parse("203.0.113.1"), 3478),
            Realm = "example.org",
            CredentialStore = _store,
        };
        _relays = new NullRelayFactory();
        _engine = new TurnServerEngine(options, _relays, NullLogger.Instance, new TurnServerMetrics(null));
        _link = new CapturingLink(new FiveTuple(TurnTransportKind.Udp, new StunEndPoint(IPAddress.Parse("198.18.0.1"), 40000), new StunEndPoint(IPAddress.Parse("203.0.113.1"), 3478)));
        using var key = StunIntegrityKey.ForLongTerm("alice", "example.org", "alicepass");

        _engine.HandleClientMessage(_link, Build(StunMethod.Allocate, null, key));
        var nonce = NonceOf(_link.Last);
        foreach (var method in new[] { StunMethod.Allocate, StunMethod.ChannelBind })
        {
            _engine.HandleClientMessage(_link, Build(method, nonce, key));
            if (!StunMessageReader.TryParse(_link.Last, out var reply, out _) || reply.Class != StunMessageClass.SuccessResponse)
            {
                throw new InvalidOperationException($"{method} failed in setup");
            }
        }

        BinaryPrimitives.WriteUInt16BigEndian(_channelData, Channel);
        BinaryPrimitives.WriteUInt16BigEndian(_channelData.AsSpan(2), 160);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        _store.Dispose();
    }

    [Benchmark]
    public void ClientChannelDataToPeer() => _engine.HandleClientMessage(_link, _channelData);

    [Benchmark]
    public void PeerDatagramToClientChannelData() => _relays.Relay!.Receiver.OnPeerDatagram(Peer, _payload);

    private static byte[] Build(StunMethod method, string? nonce, StunIntegrityKey key)
    {
        var buffer = new byte[512];
        var id = new byte[12];
        StunMessageWriter.GenerateTransactionId(id);
        var writer = new StunMessageWriter(buffer, new StunMessageType(StunMessageClass.Request, method), id);
        if (method == StunMethod.Allocate)
        {
            writer.AddRequestedTransport(17);
        }
        else
        {
            writer.AddChannelNumber(Channel);
            writer.AddXorPeerAddress(Peer);
        }

        if (nonce is not null)
        {
            writer.AddUsername("alice");
            writer.AddRealm("example.org");
            writer.AddNonce(nonce);
            writer.AddMessageIntegrity(key);
        }

        return buffer[..writer.Complete()];
    }

    private static string NonceOf(byte[] response)
    {
        if (!StunMessageReader.TryParse(response, out var reader, out _) || !reader.TryGetNonce(out var nonce))
        {
            throw new InvalidOperationException("no nonce in setup");
        }

        return System.Text.Encoding.UTF8.GetString(nonce);
    }

    private sealed class CapturingLink(FiveTuple tuple) : ITurnClientLink
    {
        public FiveTuple Tuple { get; } = tuple;

        public byte[] Last { get; private set; } = [];

        public bool Send(ReadOnlySpan<byte> frame)
        {
            // Keep control responses for the setup; data frames are dropped on the floor.
            if ((frame[0] & 0xC0) == 0)
            {
                Last = frame.ToArray();
            }

            return true;
        }

        public bool CarriesUnframedData => true;

        public bool SendUnframed(ReadOnlySpan<byte> data) => true;

        public ITurnClientLink Retain() => this;

        public bool TryStartDataRelay(TcpPeerConnection connection) => false;
    }

    private sealed class NullRelay(StunEndPoint local, IRelayReceiver receiver) : IRelaySocket
    {
        public StunEndPoint LocalEndPoint { get; } = local;

        public IRelayReceiver Receiver { get; } = receiver;

        public bool SendTo(ReadOnlySpan<byte> datagram, StunEndPoint peer) => true;

        public void Dispose()
        {
        }
    }

    private sealed class NullRelayFactory : IRelaySocketFactory
    {
        public NullRelay? Relay { get; private set; }

        public IRelaySocket? TryBind(IPAddress address, int port, IRelayReceiver receiver) =>
            Relay = new NullRelay(new StunEndPoint(address, (ushort)port), receiver);
    }
}
