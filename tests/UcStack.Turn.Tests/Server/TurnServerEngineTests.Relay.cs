using System.Buffers.Binary;
using UcStack.Stun;
using UcStack.Turn.Server;

namespace UcStack.Turn.Tests.Server;

public sealed partial class TurnServerEngineTests
{
    private static byte[] SendIndication(EngineHarness h, StunEndPoint peer, byte[] data) =>
        h.Request(StunMethod.Send, (ref StunMessageWriter w) =>
        {
            w.AddXorPeerAddress(peer);
            w.AddData(data);
        }, messageClass: StunMessageClass.Indication);

    private static byte[] ChannelData(ushort channel, byte[] data, int padding = 0)
    {
        var frame = new byte[4 + data.Length + padding];
        BinaryPrimitives.WriteUInt16BigEndian(frame, channel);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)data.Length);
        data.CopyTo(frame, 4);
        return frame;
    }

    [Test]
    public void SendIndication_WithPermission_RelaysDataToPeer()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var relay = h.Allocate(link);
        h.CreatePermission(link, EngineHarness.PeerA);

        Assert.That(h.Exchange(link, SendIndication(h, EngineHarness.PeerA, [1, 2, 3])), Is.Null, "indications get no response");

        Assert.That(relay.Sent, Has.Count.EqualTo(1));
        Assert.That(relay.Sent[0].Peer, Is.EqualTo(EngineHarness.PeerA));
        Assert.That(relay.Sent[0].Data, Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    [Test]
    public void SendIndication_WithoutPermission_IsDiscarded()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var relay = h.Allocate(link);
        h.CreatePermission(link, EngineHarness.PeerA);

        h.Exchange(link, SendIndication(h, EngineHarness.PeerB, [1]));

        Assert.That(relay.Sent, Is.Empty);
    }

    [Test]
    public void PeerDatagram_WithPermission_ArrivesAsDataIndication()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var relay = h.Allocate(link);
        h.CreatePermission(link, EngineHarness.PeerA);
        var otherPort = new StunEndPoint(EngineHarness.PeerA.ToIPAddress(), 6001);

        relay.FromPeer(otherPort, [9, 8, 7]);

        var indication = EngineHarness.Parse(link.Sent[^1]);
        Assert.That(indication.Class, Is.EqualTo(StunMessageClass.Indication));
        Assert.That(indication.Method, Is.EqualTo(StunMethod.Data));
        Assert.That(indication.Peer, Is.EqualTo(otherPort), "permissions ignore the port (RFC 8656 §9)");
        Assert.That(indication.Data, Is.EqualTo(new byte[] { 9, 8, 7 }));
    }

    [Test]
    public void PeerDatagram_WithoutPermission_IsDiscarded()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var relay = h.Allocate(link);
        var before = link.Sent.Count;

        relay.FromPeer(EngineHarness.PeerB, [1]);

        Assert.That(link.Sent, Has.Count.EqualTo(before));
    }

    [Test]
    public void ChannelData_BoundChannel_RelaysBothWays()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var relay = h.Allocate(link);
        Assert.That(h.ChannelBind(link, 0x4ABC, EngineHarness.PeerA)!.Class, Is.EqualTo(StunMessageClass.SuccessResponse));

        // UDP: a datagram may carry padding after the declared length.
        h.Engine.HandleClientMessage(link, ChannelData(0x4ABC, [5, 6, 7], padding: 1));
        relay.FromPeer(EngineHarness.PeerA, [1, 2, 3, 4, 5]);

        Assert.That(relay.Sent.Single().Data, Is.EqualTo(new byte[] { 5, 6, 7 }));
        Assert.That(link.Sent[^1], Is.EqualTo(ChannelData(0x4ABC, [1, 2, 3, 4, 5])), "UDP ChannelData is not padded");
    }

    [Test]
    public void ChannelData_OverTcp_IsPaddedToFour()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client(transport: TurnTransportKind.Tcp);
        var relay = h.Allocate(link);
        h.ChannelBind(link, 0x4000, EngineHarness.PeerA);

        relay.FromPeer(EngineHarness.PeerA, [1, 2, 3, 4, 5]);

        Assert.That(link.Sent[^1], Is.EqualTo(ChannelData(0x4000, [1, 2, 3, 4, 5], padding: 3)));
    }

    [Test]
    public void ChannelData_UnboundChannelOrBadLength_IsDiscarded()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var relay = h.Allocate(link);
        h.ChannelBind(link, 0x4000, EngineHarness.PeerA);
        var tooLong = ChannelData(0x4000, [1, 2, 3]);
        BinaryPrimitives.WriteUInt16BigEndian(tooLong.AsSpan(2), 4);

        h.Engine.HandleClientMessage(link, ChannelData(0x4001, [1]));
        h.Engine.HandleClientMessage(link, tooLong);
        h.Engine.HandleClientMessage(link, [0x40, 0x00, 0x00]);

        Assert.That(relay.Sent, Is.Empty);
    }

    [Test]
    public void Bandwidth_OverLimit_DropsUntilTheBucketRefills()
    {
        using var h = new EngineHarness(o => o.BandwidthBytesPerSecond = 1000);
        var link = EngineHarness.Client();
        var relay = h.Allocate(link);
        h.ChannelBind(link, 0x4000, EngineHarness.PeerA);
        var payload = new byte[600];

        h.Engine.HandleClientMessage(link, ChannelData(0x4000, payload));
        h.Engine.HandleClientMessage(link, ChannelData(0x4000, payload));
        Assert.That(relay.Sent, Has.Count.EqualTo(1));

        h.Time.Advance(TimeSpan.FromSeconds(1));
        h.Engine.HandleClientMessage(link, ChannelData(0x4000, payload));
        Assert.That(relay.Sent, Has.Count.EqualTo(2));
    }

    [Test]
    public void Binding_Request_ReturnsXorMappedAddressWithoutAuthentication()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client(4242);
        var reply = h.Exchange(link, h.Request(StunMethod.Binding))!;
        Assert.That(reply.Class, Is.EqualTo(StunMessageClass.SuccessResponse));
        Assert.That(reply.Mapped, Is.EqualTo(link.Tuple.Client));
    }

    [Test]
    public void Connect_WithoutAllocation_Returns437()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client(transport: TurnTransportKind.Tcp);
        var reply = h.Authenticated(link, StunMethod.Connect, static (ref StunMessageWriter w) => w.AddXorPeerAddress(EngineHarness.PeerA))!;
        Assert.That(reply.ErrorCode, Is.EqualTo(437));
    }

    [Test]
    public void Connect_OnUdpAllocation_Returns400()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        h.Allocate(link);
        h.CreatePermission(link, EngineHarness.PeerA);
        var reply = h.Authenticated(link, StunMethod.Connect, static (ref StunMessageWriter w) => w.AddXorPeerAddress(EngineHarness.PeerA))!;
        Assert.That(reply.ErrorCode, Is.EqualTo(400));
    }

    [Test]
    public void ConnectionBind_UnknownConnectionId_Returns400()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client(transport: TurnTransportKind.Tcp);
        var reply = h.Authenticated(link, StunMethod.ConnectionBind, static (ref StunMessageWriter w) => w.AddConnectionId(0x1234))!;
        Assert.That(reply.ErrorCode, Is.EqualTo(400));
    }

    [Test]
    public void ConnectionBind_OverUdp_Returns400()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var reply = h.Authenticated(link, StunMethod.ConnectionBind, static (ref StunMessageWriter w) => w.AddConnectionId(0x1234))!;
        Assert.That(reply.ErrorCode, Is.EqualTo(400));
    }

    [Test]
    public void ConnectionBind_Unauthenticated_Returns401()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client(transport: TurnTransportKind.Tcp);
        var reply = h.Exchange(link, h.Request(StunMethod.ConnectionBind, static (ref StunMessageWriter w) => w.AddConnectionId(1)))!;
        Assert.That(reply.ErrorCode, Is.EqualTo(401));
    }

    [Test]
    public void Request_UnknownComprehensionRequiredAttribute_Returns420AfterAuthentication()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var reply = h.Authenticated(link, StunMethod.Allocate, static (ref StunMessageWriter w) =>
        {
            w.AddRequestedTransport(17);
            w.AddAttribute(0x7F01, [1, 2, 3, 4]);
        })!;
        Assert.That(reply.ErrorCode, Is.EqualTo(420));
        Assert.That(reply.Unknown, Is.EqualTo(new ushort[] { 0x7F01 }));
        Assert.That(reply.Integrity, Is.EqualTo(StunVerification.Ok));
    }

    [Test]
    public void Responses_AreIgnored()
    {
        using var h = new EngineHarness();
        Assert.That(h.Exchange(EngineHarness.Client(), h.Request(StunMethod.Allocate, messageClass: StunMessageClass.SuccessResponse)), Is.Null);
    }

    [Test]
    public void Dispose_DeletesEveryAllocation()
    {
        var h = new EngineHarness();
        var relay = h.Allocate(EngineHarness.Client());
        h.Engine.Dispose();
        Assert.That(relay.Disposed, Is.True);
        Assert.That(h.Engine.AllocationCount, Is.Zero);
        h.Dispose();
    }
}
