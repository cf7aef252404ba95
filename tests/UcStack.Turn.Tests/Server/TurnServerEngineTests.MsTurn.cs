using System.Buffers.Binary;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using UcStack.Stun;
using UcStack.Turn.Protocol;
using UcStack.Turn.Server;

namespace UcStack.Turn.Tests.Server;

/// <summary>MS-TURN in the relay, driven by hand-built MS-TURN messages (our own bytes, shaped as the digest shows).</summary>
public sealed partial class TurnServerEngineTests
{
    private static readonly StunParseOptions MsOptions = new() { AllowMsTurnFormat = true };

    /// <summary>
    /// An MS-TURN message: raw type, 16-byte transaction id, MAGIC-COOKIE first (the writer adds it), then the
    /// attributes, then USERNAME, REALM (unless left out, as Microsoft clients do on Send), NONCE and
    /// MESSAGE-INTEGRITY when a nonce is given.
    /// </summary>
    private static byte[] Ms(EngineHarness h, ushort rawType, AttributeBuilder? attributes = null, string? nonce = null, bool withRealm = true, string user = "alice", bool quoted = false)
    {
        var buffer = new byte[2048];
        var id = new byte[16];
        StunMessageWriter.GenerateTransactionId(id);
        var writer = StunMessageWriter.CreateMsTurn(buffer, rawType, id);
        writer.AddMsVersion(3);
        attributes?.Invoke(ref writer);
        if (nonce is not null)
        {
            writer.AddUsername(quoted ? $"\"{user}\"" : user);
            if (withRealm)
            {
                writer.AddRealm(quoted ? $"\"{EngineHarness.Realm}\"" : EngineHarness.Realm);
            }

            writer.AddNonce(nonce);
            writer.AddMessageIntegrity(h.KeyOf(user));
        }

        return buffer.AsSpan(0, writer.Complete()).ToArray();
    }

    private static StunMessageReader ParseMs(byte[] raw)
    {
        Assert.That(StunMessageReader.TryParse(raw, MsOptions, out var reader, out var error), Is.True, $"server sent bad MS-TURN: {error}");
        Assert.That(reader.IsMsTurnFormat, Is.True);
        return reader;
    }

    private static byte[] Last(FakeLink link) => link.Sent[^1];

    /// <summary>The nonce from an MS-TURN 401 challenge to an unauthenticated Allocate.</summary>
    private static string MsNonce(EngineHarness h, FakeLink link)
    {
        h.Engine.HandleClientMessage(link, Ms(h, MsTurnMessageTypes.AllocateRequest));
        var reader = ParseMs(Last(link));
        Assert.That(reader.TryGetNonce(out var nonce), Is.True);
        return Encoding.UTF8.GetString(nonce);
    }

    /// <summary>Allocates over MS-TURN; returns the relay and the connection id from MS-SEQUENCE-NUMBER.</summary>
    private static (FakeRelay Relay, byte[] ConnectionId, string Nonce) MsAllocate(EngineHarness h, FakeLink link)
    {
        var nonce = MsNonce(h, link);
        h.Engine.HandleClientMessage(link, Ms(h, MsTurnMessageTypes.AllocateRequest, nonce: nonce));
        var reader = ParseMs(Last(link));
        Assert.That(reader.RawType, Is.EqualTo(MsTurnMessageTypes.AllocateResponse));
        Assert.That(reader.TryGetMsSequenceNumber(out var connectionId, out _), Is.True);
        return (h.Relays.Relays[^1], connectionId.ToArray(), nonce);
    }

    [Test]
    public void MsAllocate_WithoutIntegrity_ChallengesWithSwappedRealmAndNonceNumbers()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();

        h.Engine.HandleClientMessage(link, Ms(h, MsTurnMessageTypes.AllocateRequest));
        var raw = Last(link);
        var reader = ParseMs(raw);
        reader.TryGetErrorCode(out var code, out _);
        reader.TryGetRealm(out var realmBytes);
        var realm = Encoding.UTF8.GetString(realmBytes);
        var rawType = reader.RawType;
        var types = AttributeTypes(raw);

        Assert.Multiple(() =>
        {
            Assert.That(rawType, Is.EqualTo(MsTurnMessageTypes.AllocateErrorResponse));
            Assert.That(code, Is.EqualTo(401));
            Assert.That(realm, Is.EqualTo(EngineHarness.Realm));
            Assert.That(types[0], Is.EqualTo(0x000F), "MAGIC-COOKIE first");
            // MS-TURN numbering: REALM 0x0015 carries the realm, NONCE 0x0014 the nonce.
            Assert.That(ValueOf(raw, 0x0015), Is.EqualTo(Encoding.UTF8.GetBytes(EngineHarness.Realm)));
            Assert.That(types, Does.Contain((ushort)0x0014));
        });
    }

    [Test]
    public void MsAllocate_WithCredentials_RelayedInMappedAddressReflexiveInMsXorMapped()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client(40001);
        var nonce = MsNonce(h, link);

        h.Engine.HandleClientMessage(link, Ms(h, MsTurnMessageTypes.AllocateRequest, static (ref StunMessageWriter w) => w.AddLifetime(1200), nonce: nonce));
        var raw = Last(link);
        var reader = ParseMs(raw);
        reader.TryGetMappedAddress(out var relayed);
        reader.TryGetXorMappedAddress(out var reflexive);
        reader.TryGetLifetime(out var lifetime);
        reader.TryGetMsVersion(out var version);
        reader.TryGetMsSequenceNumber(out var connectionId, out _);
        var connectionIdLength = connectionId.Length;
        var integrity = reader.VerifyMessageIntegrity(h.KeyOf("alice"));
        var rawType = reader.RawType;

        Assert.Multiple(() =>
        {
            Assert.That(rawType, Is.EqualTo(MsTurnMessageTypes.AllocateResponse));
            Assert.That(relayed, Is.EqualTo(h.Relays.Relays[^1].LocalEndPoint));
            Assert.That(reflexive, Is.EqualTo(link.Tuple.Client));
            Assert.That(AttributeTypes(raw), Does.Contain((ushort)0x8020), "XOR-MAPPED-ADDRESS under its MS number");
            Assert.That(lifetime, Is.EqualTo(1200));
            Assert.That(version, Is.EqualTo(3));
            Assert.That(connectionIdLength, Is.EqualTo(20));
            Assert.That(integrity, Is.EqualTo(StunVerification.Ok), "HMAC over the input padded to 64 bytes");
            Assert.That(h.Engine.AllocationCount, Is.EqualTo(1));
        });
    }

    [Test]
    public void MsAllocate_QuotedUsernameAndRealm_AreTrimmed()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var nonce = MsNonce(h, link);

        h.Engine.HandleClientMessage(link, Ms(h, MsTurnMessageTypes.AllocateRequest, nonce: nonce, quoted: true));

        Assert.That(ParseMs(Last(link)).RawType, Is.EqualTo(MsTurnMessageTypes.AllocateResponse));
    }

    [Test]
    public void MsAllocate_WrongPassword_Gets401()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var nonce = MsNonce(h, link);
        var request = Ms(h, MsTurnMessageTypes.AllocateRequest, nonce: nonce);
        request[^1] ^= 0x01;

        h.Engine.HandleClientMessage(link, request);
        ParseMs(Last(link)).TryGetErrorCode(out var code, out _);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(401));
            Assert.That(h.Engine.AllocationCount, Is.Zero);
        });
    }

    [Test]
    public void MsAllocate_Again_RefreshesAndLifetimeZeroDeletes()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var (relay, _, nonce) = MsAllocate(h, link);

        h.Time.Advance(TimeSpan.FromSeconds(500));
        h.Engine.HandleClientMessage(link, Ms(h, MsTurnMessageTypes.AllocateRequest, nonce: nonce));
        ParseMs(Last(link)).TryGetLifetime(out var refreshed);
        h.Time.Advance(TimeSpan.FromSeconds(500));
        var aliveAfterOldExpiry = h.Engine.AllocationCount;
        // The first nonce has aged past its 10 minutes: a fresh one from the challenge.
        nonce = MsNonce(h, link);
        h.Engine.HandleClientMessage(link, Ms(h, MsTurnMessageTypes.AllocateRequest, static (ref StunMessageWriter w) => w.AddLifetime(0), nonce: nonce));
        var deletion = ParseMs(Last(link));
        var deletionType = deletion.RawType;
        var hasLifetime = deletion.TryGetLifetime(out var deleted);

        Assert.Multiple(() =>
        {
            Assert.That(refreshed, Is.EqualTo(600));
            Assert.That(aliveAfterOldExpiry, Is.EqualTo(1));
            Assert.That(deletionType, Is.EqualTo(MsTurnMessageTypes.AllocateResponse));
            Assert.That(hasLifetime, Is.True);
            Assert.That(deleted, Is.Zero);
            Assert.That(h.Engine.AllocationCount, Is.Zero);
            Assert.That(relay.Disposed, Is.True);
        });
    }

    [Test]
    public void MsSend_WithoutRealm_RelaysAndPeerReplyComesAsMsDataIndication()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var (relay, _, nonce) = MsAllocate(h, link);
        var peer = EngineHarness.PeerA;

        // Microsoft clients leave REALM out of Send yet compute the integrity with the realm's key.
        var sentBefore = link.Sent.Count;
        h.Engine.HandleClientMessage(link, Ms(h, MsTurnMessageTypes.SendRequest, (ref StunMessageWriter w) =>
        {
            w.AddMsDestinationAddress(peer);
            w.AddData([1, 2, 3]);
        }, nonce: nonce, withRealm: false));
        var responses = link.Sent.Count - sentBefore;
        relay.FromPeer(peer, [7, 8]);
        var indication = ParseMs(Last(link));
        indication.TryGetXorPeerAddress(out var remote);
        indication.TryGetData(out var data);
        var dataBytes = data.ToArray();
        var indicationType = indication.RawType;

        Assert.Multiple(() =>
        {
            Assert.That(relay.Sent, Has.Count.EqualTo(1));
            Assert.That(relay.Sent[0].Peer, Is.EqualTo(peer));
            Assert.That(relay.Sent[0].Data, Is.EqualTo(new byte[] { 1, 2, 3 }));
            Assert.That(responses, Is.Zero, "Send requests get no response");
            Assert.That(indicationType, Is.EqualTo(MsTurnMessageTypes.DataIndication));
            Assert.That(remote, Is.EqualTo(peer), "REMOTE-ADDRESS, not XORed");
            Assert.That(dataBytes, Is.EqualTo(new byte[] { 7, 8 }));
        });
    }

    [Test]
    public void MsSend_BadIntegrity_IsDroppedSilently()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var (relay, _, nonce) = MsAllocate(h, link);
        var request = Ms(h, MsTurnMessageTypes.SendRequest, static (ref StunMessageWriter w) =>
        {
            w.AddMsDestinationAddress(EngineHarness.PeerA);
            w.AddData([1]);
        }, nonce: nonce, user: "bob");
        var sentBefore = link.Sent.Count;

        h.Engine.HandleClientMessage(link, request);

        Assert.Multiple(() =>
        {
            Assert.That(relay.Sent, Is.Empty, "bob does not own alice's allocation");
            Assert.That(link.Sent, Has.Count.EqualTo(sentBefore));
        });
    }

    [Test]
    public void MsSetActiveDestination_ThenUnframedRelayingBothWays()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var (relay, connectionId, nonce) = MsAllocate(h, link);
        var peer = EngineHarness.PeerB;

        h.Engine.HandleClientMessage(link, Ms(h, MsTurnMessageTypes.SetActiveDestinationRequest, (ref StunMessageWriter w) =>
        {
            w.AddMsDestinationAddress(peer);
            w.AddMsSequenceNumber(connectionId, 1);
        }, nonce: nonce, withRealm: false));
        var response = ParseMs(Last(link));
        var responseType = response.RawType;
        var integrity = response.VerifyMessageIntegrity(h.KeyOf("alice"));

        // RTP-looking bytes and an RFC-format STUN check both go to the destination as they are.
        byte[] rtp = [0x80, 0x00, 0x00, 0x01, 9, 9, 9, 9];
        var check = h.Request(StunMethod.Binding);
        h.Engine.HandleClientMessage(link, rtp);
        h.Engine.HandleClientMessage(link, check);
        relay.FromPeer(peer, [0x80, 0x01, 0x02]);
        var fromPeer = Last(link);

        Assert.Multiple(() =>
        {
            Assert.That(responseType, Is.EqualTo(MsTurnMessageTypes.SetActiveDestinationResponse));
            Assert.That(integrity, Is.EqualTo(StunVerification.Ok));
            Assert.That(relay.Sent.Select(s => s.Peer), Is.EqualTo(new[] { peer, peer }));
            Assert.That(relay.Sent[0].Data, Is.EqualTo(rtp));
            Assert.That(relay.Sent[1].Data, Is.EqualTo(check));
            Assert.That(fromPeer, Is.EqualTo(new byte[] { 0x80, 0x01, 0x02 }), "unframed from the active destination");
        });
    }

    [Test]
    public void MsSetActiveDestination_OverTcp_Returns400()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client(transport: TurnTransportKind.Tcp);
        var (_, _, nonce) = MsAllocate(h, link);

        h.Engine.HandleClientMessage(link, Ms(h, MsTurnMessageTypes.SetActiveDestinationRequest, static (ref StunMessageWriter w) =>
            w.AddMsDestinationAddress(EngineHarness.PeerB), nonce: nonce));
        var reader = ParseMs(Last(link));
        reader.TryGetErrorCode(out var code, out _);
        var rawType = reader.RawType;

        Assert.Multiple(() =>
        {
            Assert.That(rawType, Is.EqualTo(MsTurnMessageTypes.SetActiveDestinationErrorResponse));
            Assert.That(code, Is.EqualTo(400));
        });
    }

    [Test]
    public void MsSequenceNumber_OverTcp_RepeatedOrForeignNumbersAreDropped()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client(transport: TurnTransportKind.Tcp);
        var (relay, connectionId, nonce) = MsAllocate(h, link);
        byte[] Send(byte[] id, uint number, byte marker) => Ms(h, MsTurnMessageTypes.SendRequest, (ref StunMessageWriter w) =>
        {
            w.AddMsDestinationAddress(EngineHarness.PeerA);
            w.AddData([marker]);
            w.AddMsSequenceNumber(id, number);
        }, nonce: nonce, withRealm: false);

        h.Engine.HandleClientMessage(link, Send(connectionId, 5, 1));
        h.Engine.HandleClientMessage(link, Send(connectionId, 5, 2));
        h.Engine.HandleClientMessage(link, Send(connectionId, 4, 3));
        h.Engine.HandleClientMessage(link, Send(new byte[20], 9, 4));
        h.Engine.HandleClientMessage(link, Send(connectionId, 6, 5));

        Assert.That(relay.Sent.Select(s => s.Data[0]), Is.EqualTo(new byte[] { 1, 5 }));
    }

    [Test]
    public void RfcRefresh_OnMsAllocation_Returns437()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        MsAllocate(h, link);

        var reply = h.Authenticated(link, StunMethod.Refresh, null)!;

        Assert.That(reply.ErrorCode, Is.EqualTo(437));
    }

    [Test]
    public void MsMessages_MutatedBytes_NeverEscapeTheEngine()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var (_, connectionId, nonce) = MsAllocate(h, link);
        byte[][] seeds =
        [
            Ms(h, MsTurnMessageTypes.AllocateRequest, nonce: nonce),
            Ms(h, MsTurnMessageTypes.SendRequest, static (ref StunMessageWriter w) => { w.AddMsDestinationAddress(EngineHarness.PeerA); w.AddData([1, 2]); }, nonce: nonce, withRealm: false),
            Ms(h, MsTurnMessageTypes.SetActiveDestinationRequest, (ref StunMessageWriter w) => { w.AddMsDestinationAddress(EngineHarness.PeerB); w.AddMsSequenceNumber(connectionId, 2); }, nonce: nonce),
        ];
        var mutations = Gen.Choose(0, seeds.Length - 1)
            .SelectMany(seed => Gen.Choose(0, 2047).ArrayOf().Select(points => (seed, points)));

        Prop.ForAll(mutations.ToArbitrary(), input =>
        {
            var bytes = seeds[input.seed].ToArray();
            foreach (var point in input.points)
            {
                bytes[point % bytes.Length] ^= (byte)(1 + (point >> 3));
            }

            h.Engine.HandleClientMessage(link, bytes);
            link.Sent.Clear();
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    private static List<ushort> AttributeTypes(byte[] message)
    {
        var types = new List<ushort>();
        for (var offset = 20; offset + 4 <= message.Length;)
        {
            types.Add(BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(offset)));
            offset += 4 + ((BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(offset + 2)) + 3) & ~3);
        }

        return types;
    }

    private static byte[]? ValueOf(byte[] message, ushort type)
    {
        for (var offset = 20; offset + 4 <= message.Length;)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(offset + 2));
            if (BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(offset)) == type)
            {
                return message.AsSpan(offset + 4, length).ToArray();
            }

            offset += 4 + ((length + 3) & ~3);
        }

        return null;
    }
}
