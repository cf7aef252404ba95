using System.Net;
using UcStack.Stun;
using UcStack.Turn.Server;

namespace UcStack.Turn.Tests.Server;

public sealed partial class TurnServerEngineTests
{
    [Test]
    public void CreatePermission_WithoutAllocation_Returns437()
    {
        using var h = new EngineHarness();
        Assert.That(h.CreatePermission(EngineHarness.Client(), EngineHarness.PeerA)!.ErrorCode, Is.EqualTo(437));
    }

    [Test]
    public void CreatePermission_WithoutPeerAddress_Returns400()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        h.Allocate(link);
        Assert.That(h.Authenticated(link, StunMethod.CreatePermission, null)!.ErrorCode, Is.EqualTo(400));
    }

    [Test]
    public void CreatePermission_LoopbackPeerByDefault_Returns403()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        h.Allocate(link);
        var reply = h.CreatePermission(link, new StunEndPoint(IPAddress.Loopback, 9))!;
        Assert.That(reply.ErrorCode, Is.EqualTo(403));
        Assert.That(reply.Integrity, Is.EqualTo(StunVerification.Ok));
    }

    [Test]
    public void CreatePermission_LoopbackPeerWhenAllowed_Succeeds()
    {
        using var h = new EngineHarness(o => o.AllowLoopbackPeers = true);
        var link = EngineHarness.Client();
        h.Allocate(link);
        Assert.That(h.CreatePermission(link, new StunEndPoint(IPAddress.Loopback, 9))!.Class, Is.EqualTo(StunMessageClass.SuccessResponse));
    }

    [Test]
    public void CreatePermission_PeerInDeniedRange_Returns403()
    {
        using var h = new EngineHarness(o => o.DeniedPeerRanges.Add(IPNetwork.Parse("192.0.2.0/24")));
        var link = EngineHarness.Client();
        h.Allocate(link);
        Assert.That(h.CreatePermission(link, EngineHarness.PeerA)!.ErrorCode, Is.EqualTo(403));
        Assert.That(h.CreatePermission(link, EngineHarness.PeerB)!.Class, Is.EqualTo(StunMessageClass.SuccessResponse));
    }

    [Test]
    public void CreatePermission_IPv6PeerOnIPv4Relay_Returns443()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        h.Allocate(link);
        Assert.That(h.CreatePermission(link, new StunEndPoint(IPAddress.Parse("2001:db8::1"), 9))!.ErrorCode, Is.EqualTo(443));
    }

    [Test]
    public void CreatePermission_BeyondPermissionQuota_Returns508()
    {
        using var h = new EngineHarness(o => o.MaxPermissionsPerAllocation = 1);
        var link = EngineHarness.Client();
        h.Allocate(link);
        Assert.That(h.CreatePermission(link, EngineHarness.PeerA)!.Class, Is.EqualTo(StunMessageClass.SuccessResponse));
        Assert.That(h.CreatePermission(link, EngineHarness.PeerA)!.Class, Is.EqualTo(StunMessageClass.SuccessResponse), "refreshing is not a new permission");
        Assert.That(h.CreatePermission(link, EngineHarness.PeerB)!.ErrorCode, Is.EqualTo(508));
    }

    [TestCase((ushort)0x3FFF)]
    [TestCase((ushort)0x5000)]
    [TestCase((ushort)0x7FFF)]
    public void ChannelBind_NumberOutOfRange_Returns400(ushort channel)
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        h.Allocate(link);
        Assert.That(h.ChannelBind(link, channel, EngineHarness.PeerA)!.ErrorCode, Is.EqualTo(400));
    }

    [Test]
    public void ChannelBind_Rfc5766NumberWhenAllowed_Succeeds()
    {
        using var h = new EngineHarness(o => o.AllowRfc5766ChannelNumbers = true);
        var link = EngineHarness.Client();
        h.Allocate(link);
        Assert.That(h.ChannelBind(link, 0x7FFF, EngineHarness.PeerA)!.Class, Is.EqualTo(StunMessageClass.SuccessResponse));
        Assert.That(h.ChannelBind(link, 0x8000, EngineHarness.PeerB)!.ErrorCode, Is.EqualTo(400));
    }

    [Test]
    public void ChannelBind_WithoutPeer_Returns400()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        h.Allocate(link);
        Assert.That(h.Authenticated(link, StunMethod.ChannelBind, static (ref StunMessageWriter w) => w.AddChannelNumber(0x4000))!.ErrorCode, Is.EqualTo(400));
    }

    [Test]
    public void ChannelBind_ChannelAlreadyBoundToOtherPeer_Returns400()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        h.Allocate(link);
        Assert.That(h.ChannelBind(link, 0x4001, EngineHarness.PeerA)!.Class, Is.EqualTo(StunMessageClass.SuccessResponse));
        Assert.That(h.ChannelBind(link, 0x4001, EngineHarness.PeerB)!.ErrorCode, Is.EqualTo(400));
        Assert.That(h.ChannelBind(link, 0x4002, EngineHarness.PeerA)!.ErrorCode, Is.EqualTo(400));
        Assert.That(h.ChannelBind(link, 0x4001, EngineHarness.PeerA)!.Class, Is.EqualTo(StunMessageClass.SuccessResponse), "refresh of the same binding");
    }

    [Test]
    public void ChannelBind_DeniedPeer_Returns403()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        h.Allocate(link);
        Assert.That(h.ChannelBind(link, 0x4000, new StunEndPoint(IPAddress.Loopback, 9))!.ErrorCode, Is.EqualTo(403));
    }

    [Test]
    public void Permission_NotRefreshed_ExpiresAfter300Seconds()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var relay = h.Allocate(link);
        h.CreatePermission(link, EngineHarness.PeerA);

        h.Time.Advance(TimeSpan.FromSeconds(299));
        relay.FromPeer(EngineHarness.PeerA, [1]);
        var afterFirst = link.Sent.Count;
        h.Time.Advance(TimeSpan.FromSeconds(2));
        relay.FromPeer(EngineHarness.PeerA, [2]);

        Assert.That(EngineHarness.Parse(link.Sent[afterFirst - 1]).Data, Is.EqualTo(new byte[] { 1 }));
        Assert.That(link.Sent, Has.Count.EqualTo(afterFirst), "the second datagram came after the permission expired");
        Assert.That(h.Engine.FindAllocation(link.Tuple)!.Permissions, Is.Empty, "the timer removed it");
    }

    [Test]
    public void Permission_Refreshed_StaysValid()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var relay = h.Allocate(link);
        h.CreatePermission(link, EngineHarness.PeerA);
        h.Time.Advance(TimeSpan.FromSeconds(250));
        h.CreatePermission(link, EngineHarness.PeerA);
        h.Time.Advance(TimeSpan.FromSeconds(250));

        var before = link.Sent.Count;
        relay.FromPeer(EngineHarness.PeerA, [7]);

        Assert.That(link.Sent, Has.Count.EqualTo(before + 1));
    }

    [Test]
    public void Channel_NotRefreshed_ExpiresAfter600Seconds()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        var relay = h.Allocate(link);
        h.ChannelBind(link, 0x4000, EngineHarness.PeerA);
        for (var i = 0; i < 2; i++)
        {
            // Keep the permission (300 s) and the allocation alive; only the channel is left to expire.
            h.Time.Advance(TimeSpan.FromSeconds(290));
            h.CreatePermission(link, EngineHarness.PeerA);
        }

        h.Authenticated(link, StunMethod.Refresh, null);
        h.Time.Advance(TimeSpan.FromSeconds(19));
        relay.FromPeer(EngineHarness.PeerA, [1]);
        Assert.That(link.Sent[^1][0] & 0xC0, Is.EqualTo(0x40), "still ChannelData at 599 s");

        h.Time.Advance(TimeSpan.FromSeconds(2));
        relay.FromPeer(EngineHarness.PeerA, [2]);

        var indication = EngineHarness.Parse(link.Sent[^1]);
        Assert.That(indication.Method, Is.EqualTo(StunMethod.Data), "after expiry the peer's data comes as a Data indication");
        Assert.That(h.Engine.FindAllocation(link.Tuple)!.ChannelsByNumber, Is.Empty);
    }

    [Test]
    public void Channel_AfterExpiry_IsGuardedFromOtherPairingsForFiveMinutes()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        h.Allocate(link);
        h.ChannelBind(link, 0x4000, EngineHarness.PeerA);
        for (var i = 0; i < 3; i++)
        {
            // Keep the allocation alive past the channel's 600 s.
            h.Time.Advance(TimeSpan.FromSeconds(250));
            h.Authenticated(link, StunMethod.Refresh, null);
        }

        Assert.That(h.Engine.FindAllocation(link.Tuple)!.ChannelsByNumber, Is.Empty, "expired at 600 s");
        Assert.That(h.ChannelBind(link, 0x4000, EngineHarness.PeerB)!.ErrorCode, Is.EqualTo(400), "number guarded");
        Assert.That(h.ChannelBind(link, 0x4001, EngineHarness.PeerA)!.ErrorCode, Is.EqualTo(400), "peer guarded");

        h.Time.Advance(TimeSpan.FromSeconds(160));
        h.Authenticated(link, StunMethod.Refresh, null);
        Assert.That(h.ChannelBind(link, 0x4000, EngineHarness.PeerB)!.Class, Is.EqualTo(StunMessageClass.SuccessResponse), "guard over after 5 minutes");
    }

    [Test]
    public void Channel_AfterExpiry_SamePairingMayBeBoundAgain()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        h.Allocate(link);
        h.ChannelBind(link, 0x4000, EngineHarness.PeerA);
        h.Time.Advance(TimeSpan.FromSeconds(500));
        h.Authenticated(link, StunMethod.Refresh, null);
        h.Time.Advance(TimeSpan.FromSeconds(101));

        Assert.That(h.ChannelBind(link, 0x4000, EngineHarness.PeerA)!.Class, Is.EqualTo(StunMessageClass.SuccessResponse));
    }
}
