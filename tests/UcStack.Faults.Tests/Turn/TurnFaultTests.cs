using System.Net;
using UcStack.Faults.Tests.Simulation;
using UcStack.Stun;
using UcStack.Turn.Client;

namespace UcStack.Faults.Tests.Turn;

/// <summary>TURN (RFC 8656) allocation, permission and channel refreshes through loss, partitions and a server
/// restart. docs/faults.md §TURN.</summary>
[TestFixture]
public sealed class TurnFaultTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(120);
    private TurnFaultHarness _turn = null!;

    [TearDown]
    public async Task TearDown() => await _turn.DisposeAsync();

    private async Task StartAsync(int seed, double loss)
    {
        _turn = await TurnFaultHarness.CreateAsync(seed, DatagramLink.Rough(loss), o => new TurnClientOptions
        {
            Server = o.Server,
            Username = o.Username,
            Password = o.Password,
            TimeProvider = o.TimeProvider,
            RequestedLifetime = Lifetime,
        });
        await _turn.RunAsync(() => _turn.Client.AllocateAsync(), TimeSpan.FromSeconds(60));
        Assert.That(_turn.Engine.HasAllocation(_turn.Tuple), Is.True);
    }

    private List<TurnRefreshFailedEventArgs> Failures()
    {
        lock (_turn.RefreshFailures) return [.. _turn.RefreshFailures];
    }

    [TestCase(51)]
    [TestCase(52)]
    [TestCase(53)]
    public async Task AllocationRefresh_ThirtyPercentLoss_SucceedsWithRetransmissions(int seed)
    {
        await StartAsync(seed, 0.3);

        // 120 s granted, refreshed at half-life (RFC 8656 §8: before it expires): ten minutes is ten refreshes.
        await _turn.RunForAsync(TimeSpan.FromMinutes(10), stepMs: 50);
        Assert.That(Failures(), Is.Empty, "no refresh failed for good");
        Assert.That(_turn.Client.IsAllocated, Is.True);
        Assert.That(_turn.Engine.HasAllocation(_turn.Tuple), Is.True, "the server never let it expire");

        // RFC 8489 §6.2.1: lost requests and responses were covered by retransmission (same transaction id).
        Assert.That(_turn.ClientRequests[StunMethod.Refresh], Is.GreaterThan(10));
        await ShutDownOverAQuietLinkAsync();
    }

    [Test]
    public async Task Partition_PastTheAllocationLifetime_ClientReportsTheAllocationLost()
    {
        await StartAsync(54, 0);
        await _turn.RunForAsync(TimeSpan.FromSeconds(10), stepMs: 50);
        _turn.Cut();

        // The refresh at 60 s times out (39.5 s), is retried every 10 s, and the allocation dies at 120 s.
        await _turn.RunForAsync(Lifetime + TimeSpan.FromSeconds(30), stepMs: 50);
        Assert.That(_turn.Engine.AllocationCount, Is.Zero, "RFC 8656 §6: the server deleted the unrefreshed allocation");

        // The maintenance run that declares the loss continues on the pool: wait for its report, not for time.
        var deadline = Environment.TickCount64 + 10_000;
        while (!Failures().Any(f => f.Exception is TurnException) && Environment.TickCount64 < deadline) await Task.Yield();
        var failures = Failures();
        Assert.That(failures, Is.Not.Empty, "the application was told the refresh failed");
        Assert.That(failures.Select(f => f.What), Has.All.EqualTo("allocation"));
        Assert.That(failures[0].Exception, Is.InstanceOf<TimeoutException>());
        Assert.That(_turn.Client.IsAllocated, Is.False, "past its lifetime the client must not believe it still holds the allocation");
        Assert.That(failures[^1].Exception, Is.InstanceOf<TurnException>().With.Message.Contains("expired"), "the last report says the allocation is lost");

        _turn.Heal();
        await _turn.RunAsync(() => _turn.Client.AllocateAsync(), TimeSpan.FromSeconds(60));
        Assert.That(_turn.Engine.HasAllocation(_turn.Tuple), Is.True, "a new allocation after the heal");
        await ShutDownOverAQuietLinkAsync();
    }

    [Test]
    public async Task ServerRestart_RefreshGets437AndTheClientReportsTheAllocationLost()
    {
        await StartAsync(55, 0.1);
        await _turn.RunForAsync(TimeSpan.FromSeconds(5), stepMs: 50);
        _turn.RestartServer();

        // RFC 8656 §7.2: a Refresh for an allocation the server does not have gets 437 (Allocation Mismatch).
        Assert.That(await _turn.RunUntilAsync(() => Failures().Count > 0, TimeSpan.FromSeconds(90), stepMs: 50), Is.True, "the refresh never failed");
        var failure = Failures()[0];
        Assert.That(failure.What, Is.EqualTo("allocation"));
        Assert.That(failure.Exception, Is.InstanceOf<TurnException>().With.Property(nameof(TurnException.ErrorCode)).EqualTo(437));
        Assert.That(_turn.Client.IsAllocated, Is.False);

        await _turn.RunAsync(() => _turn.Client.AllocateAsync(), TimeSpan.FromSeconds(60));
        Assert.That(_turn.Engine.HasAllocation(_turn.Tuple), Is.True, "the application allocated again on the new server");
        await ShutDownOverAQuietLinkAsync();
    }

    [TestCase(56)]
    [TestCase(57)]
    public async Task PermissionAndChannelRefresh_TwentyPercentLoss_KeepThePeerReachable(int seed)
    {
        await StartAsync(seed, 0.2);
        var peer = TurnFaultHarness.SimPeer;
        await _turn.RunAsync(async () => { await _turn.Client.CreatePermissionAsync(peer.Address); return true; }, TimeSpan.FromSeconds(60));
        var channel = await _turn.RunAsync(() => _turn.Client.BindChannelAsync(peer), TimeSpan.FromSeconds(60));

        // Twelve minutes, longer than both lifetimes (300 s and 600 s), with traffic to keep them "in use".
        for (var minute = 0; minute < 12; minute++)
        {
            await _turn.RunAsync<bool>(async () => { await _turn.Client.SendAsync(peer, new byte[] { 1, 2, 3 }); return true; }, TimeSpan.FromSeconds(5));
            await _turn.RunForAsync(TimeSpan.FromMinutes(1), stepMs: 50);
        }

        Assert.That(Failures(), Is.Empty);
        Assert.That(_turn.ClientRequests[StunMethod.CreatePermission], Is.GreaterThanOrEqualTo(3), "RFC 8656 §9: refreshed every 240 s");
        Assert.That(_turn.ClientRequests[StunMethod.ChannelBind], Is.GreaterThanOrEqualTo(2), "RFC 8656 §12: refreshed every 540 s");
        var allocation = _turn.Engine.FindAllocation(_turn.Tuple)!;
        Assert.That(allocation.ChannelsByPeer.Keys, Does.Contain(StunEndPoint.FromIPEndPoint(peer)));
        Assert.That(allocation.Permissions, Is.Not.Empty);

        // The peer still gets through the relay, on the channel.
        for (var i = 0; i < 5; i++) _turn.Peer.Send(new byte[] { 9, (byte)i }, _turn.Client.RelayedAddress.ToIPEndPoint());
        await _turn.RunForAsync(TimeSpan.FromSeconds(1));
        var buffer = new byte[16];
        var received = await _turn.Client.ReceiveAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(received.ViaChannel, Is.True);
        Assert.That(received.Peer, Is.EqualTo(StunEndPoint.FromIPEndPoint(peer)));
        Assert.That(channel, Is.InRange((ushort)0x4000, (ushort)0x4FFF));
        await ShutDownOverAQuietLinkAsync();
    }

    /// <summary>Deallocation is one best-effort Refresh(0) (RFC 8656 §8), so shutdown runs over a clean link; an
    /// allocation whose deallocation is lost lives out its lifetime on the server (covered by the partition test).</summary>
    private async Task ShutDownOverAQuietLinkAsync()
    {
        _turn.Network.SetLink(TurnFaultHarness.SimClient.Address, TurnFaultHarness.SimServer.Address, DatagramLink.Perfect);
        await _turn.ShutDownAndAssertNoLeaksAsync();
    }
}
