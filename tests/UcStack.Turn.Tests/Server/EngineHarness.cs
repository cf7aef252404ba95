using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using UcStack.Stun;
using UcStack.Turn.Server;

namespace UcStack.Turn.Tests.Server;

/// <summary>A client link that records every frame the server sends.</summary>
internal sealed class FakeLink(FiveTuple tuple) : ITurnClientLink
{
    public FiveTuple Tuple { get; } = tuple;

    public List<byte[]> Sent { get; } = [];

    public bool Send(ReadOnlySpan<byte> frame)
    {
        Sent.Add(frame.ToArray());
        return true;
    }

    public ITurnClientLink Retain() => this;

    public bool TryStartDataRelay(TcpPeerConnection connection) => false;

    /// <summary>Set by tests to act as an MS-framed TCP link; UDP links carry unframed data anyway.</summary>
    public bool MsFramed { get; init; }

    public bool CarriesUnframedData => MsFramed || Tuple.Transport == TurnTransportKind.Udp;

    public List<byte[]> SentUnframed { get; } = [];

    public bool SendUnframed(ReadOnlySpan<byte> data)
    {
        SentUnframed.Add(data.ToArray());
        Sent.Add(data.ToArray());
        return true;
    }
}

/// <summary>An in-memory relay socket: records datagrams sent to peers; tests inject peer datagrams.</summary>
internal sealed class FakeRelay(StunEndPoint local, IRelayReceiver receiver) : IRelaySocket
{
    public StunEndPoint LocalEndPoint { get; } = local;

    public IRelayReceiver Receiver { get; } = receiver;

    public List<(StunEndPoint Peer, byte[] Data)> Sent { get; } = [];

    public bool Disposed { get; private set; }

    public bool SendTo(ReadOnlySpan<byte> datagram, StunEndPoint peer)
    {
        Sent.Add((peer, datagram.ToArray()));
        return true;
    }

    public void FromPeer(StunEndPoint peer, byte[] data) => Receiver.OnPeerDatagram(peer, data);

    public void Dispose() => Disposed = true;
}

internal sealed class FakeRelayFactory : IRelaySocketFactory
{
    public List<FakeRelay> Relays { get; } = [];

    public bool RefuseAll { get; set; }

    public IRelaySocket? TryBind(IPAddress address, int port, IRelayReceiver receiver)
    {
        if (RefuseAll || Relays.Exists(r => r.LocalEndPoint.Port == port && !r.Disposed))
        {
            return null;
        }

        var relay = new FakeRelay(new StunEndPoint(address, (ushort)port), receiver);
        Relays.Add(relay);
        return relay;
    }
}

/// <summary>A parsed copy of a server response or indication.</summary>
internal sealed record Reply(
    StunMessageClass Class,
    StunMethod Method,
    int ErrorCode,
    string? Realm,
    string? Nonce,
    StunEndPoint? Relayed,
    StunEndPoint? Mapped,
    StunEndPoint? Peer,
    uint? Lifetime,
    byte[]? Data,
    StunVerification Integrity,
    ushort[] Unknown,
    byte[] Raw);

internal delegate void AttributeBuilder(ref StunMessageWriter writer);

/// <summary>An engine over fake transports and a fake clock, with a small client to drive it.</summary>
internal sealed class EngineHarness : IDisposable
{
    public const string Realm = "example.org";
    public static readonly StunEndPoint PeerA = new(IPAddress.Parse("192.0.2.10"), 6000);
    public static readonly StunEndPoint PeerB = new(IPAddress.Parse("198.51.100.7"), 7000);

    private readonly StaticTurnCredentialStore _store = new();
    private readonly StunIntegrityKey _aliceKey = StunIntegrityKey.ForLongTerm("alice", Realm, "alicepass");
    private readonly StunIntegrityKey _bobKey = StunIntegrityKey.ForLongTerm("bob", Realm, "bobpass");
    private TurnServerEngine? _engine;

    public EngineHarness(Action<TurnServerOptions>? configure = null)
    {
        _store.AddUser("alice", "alicepass");
        _store.AddUser("bob", "bobpass");
        Options = new TurnServerOptions
        {
            ListenEndPoint = new IPEndPoint(IPAddress.Parse("203.0.113.1"), 3478),
            Realm = Realm,
            CredentialStore = _store,
            TimeProvider = Time,
            RelayPortMin = 50000,
            RelayPortMax = 50999,
        };
        configure?.Invoke(Options);
    }

    public FakeTimeProvider Time { get; } = new();

    public TurnServerOptions Options { get; }

    public FakeRelayFactory Relays { get; } = new();

    public TurnServerEngine Engine => _engine ??= new TurnServerEngine(Options, Relays, NullLogger.Instance, new TurnServerMetrics(null));

    public static FakeLink Client(int port = 40000, TurnTransportKind transport = TurnTransportKind.Udp) =>
        new(new FiveTuple(transport, new StunEndPoint(IPAddress.Parse("198.18.0.1"), (ushort)port), new StunEndPoint(IPAddress.Parse("203.0.113.1"), 3478)));

    public StunIntegrityKey KeyOf(string user) => user == "bob" ? _bobKey : _aliceKey;

    /// <summary>Builds a request; with a nonce it carries USERNAME, REALM, NONCE and MESSAGE-INTEGRITY.</summary>
    public byte[] Request(StunMethod method, AttributeBuilder? attributes = null, string? nonce = null, string user = "alice", byte[]? transactionId = null, StunMessageClass messageClass = StunMessageClass.Request, bool fingerprint = false)
    {
        var buffer = new byte[2048];
        transactionId ??= NewTransactionId();
        var writer = new StunMessageWriter(buffer, new StunMessageType(messageClass, method), transactionId);
        attributes?.Invoke(ref writer);
        if (nonce is not null)
        {
            writer.AddUsername(user);
            writer.AddRealm(Realm);
            writer.AddNonce(nonce);
            writer.AddMessageIntegrity(KeyOf(user));
        }

        if (fingerprint)
        {
            writer.AddFingerprint();
        }

        return buffer.AsSpan(0, writer.Complete()).ToArray();
    }

    public static byte[] NewTransactionId()
    {
        var id = new byte[12];
        StunMessageWriter.GenerateTransactionId(id);
        return id;
    }

    /// <summary>Sends <paramref name="message"/> and returns the one reply it produced (null when none).</summary>
    public Reply? Exchange(FakeLink link, byte[] message, string user = "alice")
    {
        var before = link.Sent.Count;
        Engine.HandleClientMessage(link, message);
        Assert.That(link.Sent, Has.Count.LessThanOrEqualTo(before + 1), "one message in, at most one reply out");
        return link.Sent.Count == before ? null : Parse(link.Sent[^1], KeyOf(user));
    }

    public static Reply Parse(byte[] raw, StunIntegrityKey? key = null)
    {
        Assert.That(StunMessageReader.TryParse(raw, out var reader, out var error), Is.True, $"server sent bad STUN: {error}");
        var code = reader.TryGetErrorCode(out var c, out _) ? c : 0;
        string? realm = reader.TryGetRealm(out var r) ? Encoding.UTF8.GetString(r) : null;
        string? nonce = reader.TryGetNonce(out var n) ? Encoding.UTF8.GetString(n) : null;
        StunEndPoint? relayed = reader.TryGetXorRelayedAddress(out var rel) ? rel : null;
        StunEndPoint? mapped = reader.TryGetXorMappedAddress(out var map) ? map : null;
        StunEndPoint? peer = reader.TryGetXorPeerAddress(out var p) ? p : null;
        uint? lifetime = reader.TryGetLifetime(out var l) ? l : null;
        byte[]? data = reader.TryGetData(out var d) ? d.ToArray() : null;
        var integrity = key is null ? StunVerification.Absent : reader.VerifyMessageIntegrity(key);
        var unknown = Array.Empty<ushort>();
        if (reader.TryGetUnknownAttributes(out var list))
        {
            unknown = new ushort[list.Count];
            for (var i = 0; i < list.Count; i++)
            {
                unknown[i] = list[i];
            }
        }

        return new Reply(reader.Class, reader.Method, code, realm, nonce, relayed, mapped, peer, lifetime, data, integrity, unknown, raw);
    }

    /// <summary>Gets a nonce the way a client does: an unauthenticated request answered by 401.</summary>
    public string Nonce(FakeLink link)
    {
        var reply = Exchange(link, Request(StunMethod.Allocate, static (ref StunMessageWriter w) => w.AddRequestedTransport(17)));
        Assert.That(reply!.ErrorCode, Is.EqualTo(401));
        return reply.Nonce!;
    }

    /// <summary>Allocates for <paramref name="link"/> and returns the relay it got.</summary>
    public FakeRelay Allocate(FakeLink link, string user = "alice")
    {
        var nonce = Nonce(link);
        var reply = Exchange(link, Request(StunMethod.Allocate, static (ref StunMessageWriter w) => w.AddRequestedTransport(17), nonce, user), user);
        Assert.That(reply!.Class, Is.EqualTo(StunMessageClass.SuccessResponse), $"allocate failed with {reply.ErrorCode}");
        return Relays.Relays.Single(r => r.LocalEndPoint == reply.Relayed);
    }

    public Reply? Authenticated(FakeLink link, StunMethod method, AttributeBuilder? attributes, string user = "alice")
    {
        var nonce = Nonce(link);
        return Exchange(link, Request(method, attributes, nonce, user), user);
    }

    public Reply? CreatePermission(FakeLink link, StunEndPoint peer) =>
        Authenticated(link, StunMethod.CreatePermission, (ref StunMessageWriter w) => w.AddXorPeerAddress(peer));

    public Reply? ChannelBind(FakeLink link, ushort channel, StunEndPoint peer) =>
        Authenticated(link, StunMethod.ChannelBind, (ref StunMessageWriter w) =>
        {
            w.AddChannelNumber(channel);
            w.AddXorPeerAddress(peer);
        });

    public void Dispose()
    {
        _engine?.Dispose();
        _store.Dispose();
        _aliceKey.Dispose();
        _bobKey.Dispose();
    }
}
