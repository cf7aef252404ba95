using System.Net;
using UcStack.Stun;
using UcStack.Turn.Server;

namespace UcStack.Turn.Tests.Server;

[TestFixture]
public sealed partial class TurnServerEngineTests
{
    private static readonly AttributeBuilder Udp = static (ref StunMessageWriter w) => w.AddRequestedTransport(17);

    [Test]
    public void Allocate_WithoutCredentials_Returns401WithRealmAndNonce()
    {
        using var h = new EngineHarness();
        var reply = h.Exchange(EngineHarness.Client(), h.Request(StunMethod.Allocate, Udp))!;

        Assert.That(reply.Class, Is.EqualTo(StunMessageClass.ErrorResponse));
        Assert.That(reply.ErrorCode, Is.EqualTo(401));
        Assert.That(reply.Realm, Is.EqualTo(EngineHarness.Realm));
        Assert.That(reply.Nonce, Is.Not.Empty);
        Assert.That(h.Engine.AllocationCount, Is.Zero);
    }

    [Test]
    public void Allocate_WithCredentials_ReturnsRelayedMappedLifetimeAndIntegrity()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var nonce = h.Nonce(link);
        var reply = h.Exchange(link, h.Request(StunMethod.Allocate, Udp, nonce, fingerprint: true))!;

        Assert.That(reply.Class, Is.EqualTo(StunMessageClass.SuccessResponse));
        Assert.That(reply.Integrity, Is.EqualTo(StunVerification.Ok));
        Assert.That(reply.Lifetime, Is.EqualTo(600));
        Assert.That(reply.Mapped, Is.EqualTo(link.Tuple.Client));
        Assert.That(reply.Relayed!.Value.ToIPAddress(), Is.EqualTo(IPAddress.Parse("203.0.113.1")));
        Assert.That(reply.Relayed!.Value.Port, Is.InRange(50000, 50999));
        Assert.That(StunMessageReader.TryParse(reply.Raw, out var raw, out _) && raw.VerifyFingerprint() == StunVerification.Ok, Is.True);
        Assert.That(h.Engine.AllocationCount, Is.EqualTo(1));
    }

    [Test]
    public void Allocate_WrongPassword_Returns401()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var nonce = h.Nonce(link);
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, new StunMessageType(StunMessageClass.Request, StunMethod.Allocate), EngineHarness.NewTransactionId());
        writer.AddRequestedTransport(17);
        writer.AddUsername("alice");
        writer.AddRealm(EngineHarness.Realm);
        writer.AddNonce(nonce);
        using var wrong = StunIntegrityKey.ForLongTerm("alice", EngineHarness.Realm, "not-the-password");
        writer.AddMessageIntegrity(wrong);

        var reply = h.Exchange(link, buffer[..writer.Complete()])!;

        Assert.That(reply.ErrorCode, Is.EqualTo(401));
        Assert.That(reply.Nonce, Is.Not.Null);
        Assert.That(h.Engine.AllocationCount, Is.Zero);
    }

    [Test]
    public void Allocate_UnknownUser_Returns401()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var reply = h.Exchange(link, h.Request(StunMethod.Allocate, Udp, h.Nonce(link), user: "mallory"))!;
        Assert.That(reply.ErrorCode, Is.EqualTo(401));
    }

    [Test]
    public void Allocate_IntegrityWithoutNonce_Returns400()
    {
        using var h = new EngineHarness();
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, new StunMessageType(StunMessageClass.Request, StunMethod.Allocate), EngineHarness.NewTransactionId());
        writer.AddRequestedTransport(17);
        writer.AddUsername("alice");
        writer.AddRealm(EngineHarness.Realm);
        writer.AddMessageIntegrity(h.KeyOf("alice"));

        var reply = h.Exchange(EngineHarness.Client(), buffer[..writer.Complete()])!;

        Assert.That(reply.ErrorCode, Is.EqualTo(400));
        Assert.That(reply.Integrity, Is.EqualTo(StunVerification.Absent));
    }

    [Test]
    public void Allocate_ExpiredNonce_Returns438WithFreshNonce()
    {
        using var h = new EngineHarness(o => o.NonceLifetime = TimeSpan.FromSeconds(30));
        var link = EngineHarness.Client();
        var nonce = h.Nonce(link);
        h.Time.Advance(TimeSpan.FromSeconds(31));

        var stale = h.Exchange(link, h.Request(StunMethod.Allocate, Udp, nonce))!;
        Assert.That(stale.ErrorCode, Is.EqualTo(438));
        Assert.That(stale.Realm, Is.EqualTo(EngineHarness.Realm));
        Assert.That(stale.Nonce, Is.Not.EqualTo(nonce));

        var retried = h.Exchange(link, h.Request(StunMethod.Allocate, Udp, stale.Nonce))!;
        Assert.That(retried.Class, Is.EqualTo(StunMessageClass.SuccessResponse));
    }

    [Test]
    public void Allocate_ForgedNonce_Returns438()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var nonce = h.Nonce(link);
        var forged = (nonce[0] == '0' ? "1" : "0") + nonce[1..];
        Assert.That(h.Exchange(link, h.Request(StunMethod.Allocate, Udp, forged))!.ErrorCode, Is.EqualTo(438));
        Assert.That(h.Exchange(link, h.Request(StunMethod.Allocate, Udp, "short"))!.ErrorCode, Is.EqualTo(438));
    }

    [Test]
    public void Allocate_Retransmission_ReturnsSameRelayedAddress()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var request = h.Request(StunMethod.Allocate, Udp, h.Nonce(link));

        var first = h.Exchange(link, request)!;
        var again = h.Exchange(link, request)!;

        Assert.That(again.Class, Is.EqualTo(StunMessageClass.SuccessResponse));
        Assert.That(again.Relayed, Is.EqualTo(first.Relayed));
        Assert.That(h.Relays.Relays, Has.Count.EqualTo(1));
    }

    [Test]
    public void Allocate_SecondAllocateOnSameFiveTuple_Returns437()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        h.Allocate(link);
        var reply = h.Exchange(link, h.Request(StunMethod.Allocate, Udp, h.Nonce(link)))!;
        Assert.That(reply.ErrorCode, Is.EqualTo(437));
        Assert.That(reply.Integrity, Is.EqualTo(StunVerification.Ok));
    }

    [Test]
    public void Allocate_WithoutRequestedTransport_Returns400()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        Assert.That(h.Exchange(link, h.Request(StunMethod.Allocate, null, h.Nonce(link)))!.ErrorCode, Is.EqualTo(400));
    }

    [Test]
    public void Allocate_TcpTransportOverUdp_Returns400()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var reply = h.Exchange(link, h.Request(StunMethod.Allocate, static (ref StunMessageWriter w) => w.AddRequestedTransport(6), h.Nonce(link)))!;
        Assert.That(reply.ErrorCode, Is.EqualTo(400));
    }

    [Test]
    public void Allocate_UnknownTransport_Returns442()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var reply = h.Exchange(link, h.Request(StunMethod.Allocate, static (ref StunMessageWriter w) => w.AddRequestedTransport(132), h.Nonce(link)))!;
        Assert.That(reply.ErrorCode, Is.EqualTo(442));
    }

    [Test]
    public void Allocate_TcpTransportWithEvenPort_Returns400()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client(transport: TurnTransportKind.Tcp);
        var reply = h.Exchange(link, h.Request(StunMethod.Allocate, static (ref StunMessageWriter w) =>
        {
            w.AddRequestedTransport(6);
            w.AddEvenPort(false);
        }, h.Nonce(link)))!;
        Assert.That(reply.ErrorCode, Is.EqualTo(400));
    }

    [Test]
    public void Allocate_DontFragment_Returns420ListingIt()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var reply = h.Exchange(link, h.Request(StunMethod.Allocate, static (ref StunMessageWriter w) =>
        {
            w.AddRequestedTransport(17);
            w.AddDontFragment();
        }, h.Nonce(link)))!;
        Assert.That(reply.ErrorCode, Is.EqualTo(420));
        Assert.That(reply.Unknown, Is.EqualTo(new[] { (ushort)StunAttributeType.DontFragment }));
    }

    [Test]
    public void Allocate_ReservationToken_Returns508()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var reply = h.Exchange(link, h.Request(StunMethod.Allocate, static (ref StunMessageWriter w) =>
        {
            w.AddRequestedTransport(17);
            w.AddReservationToken(42);
        }, h.Nonce(link)))!;
        Assert.That(reply.ErrorCode, Is.EqualTo(508));
    }

    [Test]
    public void Allocate_EvenPortWithReserve_ReturnsTokenForNextPort()
    {
        using var h = new EngineHarness();
        var first = EngineHarness.Client(1);
        var reply = h.Exchange(first, h.Request(StunMethod.Allocate, static (ref StunMessageWriter w) =>
        {
            w.AddRequestedTransport(17);
            w.AddEvenPort(true);
        }, h.Nonce(first)))!;
        Assert.That(reply.Relayed!.Value.Port % 2, Is.Zero);
        var token = TokenOf(reply);

        var second = EngineHarness.Client(2);
        var taken = h.Exchange(second, h.Request(StunMethod.Allocate, (ref StunMessageWriter w) =>
        {
            w.AddRequestedTransport(17);
            w.AddReservationToken(token);
        }, h.Nonce(second)))!;
        Assert.That(taken.Relayed!.Value.Port, Is.EqualTo(reply.Relayed!.Value.Port + 1));

        // The reserved socket now delivers to the second allocation.
        h.CreatePermission(second, EngineHarness.PeerA);
        var relay = h.Relays.Relays.Single(r => r.LocalEndPoint == taken.Relayed);
        relay.FromPeer(EngineHarness.PeerA, [42]);
        Assert.That(EngineHarness.Parse(second.Sent[^1]).Data, Is.EqualTo(new byte[] { 42 }));

        var third = EngineHarness.Client(3);
        Assert.That(h.Exchange(third, h.Request(StunMethod.Allocate, (ref StunMessageWriter w) =>
        {
            w.AddRequestedTransport(17);
            w.AddReservationToken(token);
        }, h.Nonce(third)))!.ErrorCode, Is.EqualTo(508), "a token is used once");
    }

    private static ulong TokenOf(Reply reply)
    {
        Assert.That(StunMessageReader.TryParse(reply.Raw, out var raw, out _), Is.True);
        Assert.That(raw.TryGetReservationToken(out var token), Is.True, "RESERVATION-TOKEN expected");
        return token;
    }

    [Test]
    public void Reservation_NotTaken_ExpiresAndFreesThePort()
    {
        using var h = new EngineHarness();
        var first = EngineHarness.Client(1);
        var reply = h.Exchange(first, h.Request(StunMethod.Allocate, static (ref StunMessageWriter w) =>
        {
            w.AddRequestedTransport(17);
            w.AddEvenPort(true);
        }, h.Nonce(first)))!;
        var token = TokenOf(reply);
        var reserved = h.Relays.Relays.Single(r => r.LocalEndPoint.Port == reply.Relayed!.Value.Port + 1);

        h.Time.Advance(TimeSpan.FromSeconds(31));

        Assert.That(reserved.Disposed, Is.True);
        var second = EngineHarness.Client(2);
        Assert.That(h.Exchange(second, h.Request(StunMethod.Allocate, (ref StunMessageWriter w) =>
        {
            w.AddRequestedTransport(17);
            w.AddReservationToken(token);
        }, h.Nonce(second)))!.ErrorCode, Is.EqualTo(508));
    }

    [Test]
    public void Allocate_EvenPort_GetsEvenRelayPort()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var reply = h.Exchange(link, h.Request(StunMethod.Allocate, static (ref StunMessageWriter w) =>
        {
            w.AddRequestedTransport(17);
            w.AddEvenPort(false);
        }, h.Nonce(link)))!;
        Assert.That(reply.Relayed!.Value.Port % 2, Is.Zero);
    }

    [Test]
    public void Allocate_RequestedIPv6OnIPv4Relay_Returns440()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var reply = h.Exchange(link, h.Request(StunMethod.Allocate, static (ref StunMessageWriter w) =>
        {
            w.AddRequestedTransport(17);
            w.AddRequestedAddressFamily(StunAddressFamily.IPv6);
        }, h.Nonce(link)))!;
        Assert.That(reply.ErrorCode, Is.EqualTo(440));
    }

    [Test]
    public void Allocate_PerUserQuota_Returns486()
    {
        using var h = new EngineHarness(o => o.MaxAllocationsPerUser = 2);
        h.Allocate(EngineHarness.Client(1));
        h.Allocate(EngineHarness.Client(2));
        var third = EngineHarness.Client(3);
        Assert.That(h.Exchange(third, h.Request(StunMethod.Allocate, Udp, h.Nonce(third)))!.ErrorCode, Is.EqualTo(486));
        h.Allocate(EngineHarness.Client(4), "bob");
    }

    [Test]
    public void Allocate_TotalQuota_Returns486()
    {
        using var h = new EngineHarness(o => o.MaxAllocations = 1);
        h.Allocate(EngineHarness.Client(1));
        var second = EngineHarness.Client(2);
        Assert.That(h.Exchange(second, h.Request(StunMethod.Allocate, Udp, h.Nonce(second), "bob"), "bob")!.ErrorCode, Is.EqualTo(486));
    }

    [Test]
    public void Allocate_NoRelayPort_Returns508()
    {
        using var h = new EngineHarness();
        h.Relays.RefuseAll = true;
        var link = EngineHarness.Client();
        Assert.That(h.Exchange(link, h.Request(StunMethod.Allocate, Udp, h.Nonce(link)))!.ErrorCode, Is.EqualTo(508));
        Assert.That(h.Engine.AllocationCount, Is.Zero);
    }

    [TestCase(10u, 600u)]
    [TestCase(1200u, 1200u)]
    [TestCase(100000u, 3600u)]
    public void Allocate_RequestedLifetime_IsClampedToDefaultAndMaximum(uint requested, uint granted)
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var reply = h.Exchange(link, h.Request(StunMethod.Allocate, (ref StunMessageWriter w) =>
        {
            w.AddRequestedTransport(17);
            w.AddLifetime(requested);
        }, h.Nonce(link)))!;
        Assert.That(reply.Lifetime, Is.EqualTo(granted));
    }

    [Test]
    public void Refresh_WithoutAllocation_Returns437()
    {
        using var h = new EngineHarness();
        Assert.That(h.Authenticated(EngineHarness.Client(), StunMethod.Refresh, null)!.ErrorCode, Is.EqualTo(437));
    }

    [Test]
    public void Refresh_ByAnotherUserOnSameFiveTuple_Returns441()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        h.Allocate(link);
        Assert.That(h.Authenticated(link, StunMethod.Refresh, null, "bob")!.ErrorCode, Is.EqualTo(441));
    }

    [Test]
    public void Refresh_LifetimeZero_DeletesAllocationAndClosesRelay()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var relay = h.Allocate(link);

        var reply = h.Authenticated(link, StunMethod.Refresh, static (ref StunMessageWriter w) => w.AddLifetime(0))!;

        Assert.That(reply.Class, Is.EqualTo(StunMessageClass.SuccessResponse));
        Assert.That(reply.Lifetime, Is.Zero);
        Assert.That(relay.Disposed, Is.True);
        Assert.That(h.Engine.AllocationCount, Is.Zero);
        Assert.That(h.Authenticated(link, StunMethod.Refresh, null)!.ErrorCode, Is.EqualTo(437));
    }

    [Test]
    public void Allocation_NotRefreshed_ExpiresAfterItsLifetime()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var relay = h.Allocate(link);

        h.Time.Advance(TimeSpan.FromSeconds(599));
        Assert.That(h.Engine.AllocationCount, Is.EqualTo(1));
        h.Time.Advance(TimeSpan.FromSeconds(2));

        Assert.That(h.Engine.AllocationCount, Is.Zero);
        Assert.That(relay.Disposed, Is.True);
    }

    [Test]
    public void Allocation_Refreshed_OutlivesItsFirstLifetime()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        h.Allocate(link);

        h.Time.Advance(TimeSpan.FromSeconds(500));
        var reply = h.Authenticated(link, StunMethod.Refresh, static (ref StunMessageWriter w) => w.AddLifetime(600))!;
        Assert.That(reply.Lifetime, Is.EqualTo(600));
        h.Time.Advance(TimeSpan.FromSeconds(500));

        Assert.That(h.Engine.AllocationCount, Is.EqualTo(1));
        h.Time.Advance(TimeSpan.FromSeconds(101));
        Assert.That(h.Engine.AllocationCount, Is.Zero);
    }

    [Test]
    public void ClientClosed_DeletesItsAllocationOnly()
    {
        using var h = new EngineHarness();
        var first = EngineHarness.Client(1, TurnTransportKind.Tcp);
        var second = EngineHarness.Client(2, TurnTransportKind.Tcp);
        var firstRelay = h.Allocate(first);
        h.Allocate(second);

        h.Engine.HandleClientClosed(first.Tuple);

        Assert.That(firstRelay.Disposed, Is.True);
        Assert.That(h.Engine.AllocationCount, Is.EqualTo(1));
    }
}
