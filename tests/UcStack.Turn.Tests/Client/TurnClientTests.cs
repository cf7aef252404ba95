using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using UcStack.Stun;
using UcStack.Turn.Client;
using UcStack.Turn.Protocol;
using static UcStack.Turn.Tests.Client.TurnMessages;

namespace UcStack.Turn.Tests.Client;

[TestFixture]
public sealed class TurnClientTests
{
    private static readonly IPEndPoint Peer = new(IPAddress.Parse("203.0.113.9"), 7000);

    private readonly List<TurnClient> _clients = [];
    private FakeTurnServer _server = null!;
    private StunIntegrityKey _key = null!;

    [SetUp]
    public void CreateServer()
    {
        _server = new FakeTurnServer();
        _key = Key();
    }

    /// <summary>Disposes every client, answering its deallocation, then the server.</summary>
    [TearDown]
    public async Task CloseAll()
    {
        foreach (var client in _clients)
        {
            var allocated = client.IsAllocated;
            var dispose = client.DisposeAsync().AsTask();
            // Bounded: the deallocation is among the next few messages.
            for (var i = 0; allocated && i < 10 && !dispose.IsCompleted; i++)
            {
                var message = await _server.NextUntilAsync(dispose);
                if (message is null)
                {
                    break;
                }

                if (!TurnChannelData.IsChannelData(message) && Parse(message) is { Method: StunMethod.Refresh, Class: StunMessageClass.Request })
                {
                    await _server.SendAsync(Success(message, _key, 0));
                }
            }

            await dispose;
        }

        _clients.Clear();
        await _server.DisposeAsync();
        _key.Dispose();
    }

    private async Task<TurnClient> ConnectAsync(TurnClientOptions options)
    {
        var client = await TurnClient.ConnectAsync(options);
        _clients.Add(client);
        return client;
    }

    /// <summary>
    /// Options on fake time (a fresh clock unless one is given): nothing is retransmitted or refreshed unless
    /// the test advances the clock, so a slow machine cannot slip a retransmission between scripted replies.
    /// </summary>
    private static TurnClientOptions Options(FakeTurnServer server, TimeProvider? time = null) => new()
    {
        Server = server.EndPoint,
        Username = Username,
        Password = Password,
        TimeProvider = time ?? new FakeTimeProvider(),
    };

    /// <summary>Waits (bounded, 10 s) for the client's background refresh run to finish.</summary>
    private static Task MaintenanceDoneAsync(TurnClient client) => client.Maintenance.WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>Counts messages the client has handled, so a test can wait for one without sleeping.</summary>
    private static SemaphoreSlim CountHandled(TurnClient client)
    {
        var handled = new SemaphoreSlim(0);
        client.MessageHandled += () => handled.Release();
        return handled;
    }

    private static async Task HandledAsync(SemaphoreSlim handled)
    {
        Assert.That(await handled.WaitAsync(TimeSpan.FromSeconds(10)), Is.True, "the client did not handle the message within 10 s");
    }

    private static string Text(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);

    [Test]
    public async Task AllocateAsync_Challenge_RetriesWithLongTermCredentials()
    {
        var server = _server;
        var key = _key;
        var client = await ConnectAsync(Options(server));

        var allocation = client.AllocateAsync();
        var first = await server.NextAsync();
        var firstReader = Parse(first);
        var firstHasIntegrity = firstReader.Contains(StunAttributeType.MessageIntegrity);
        firstReader.TryGetRequestedTransport(out var transport);
        await server.SendAsync(Error(first, 401, "Unauthenticated", nonce: "nonce-1", realm: true));
        var second = await server.NextAsync();
        var secondReader = Parse(second);
        secondReader.TryGetUsername(out var username);
        secondReader.TryGetRealm(out var realm);
        secondReader.TryGetNonce(out var nonce);
        var integrity = secondReader.VerifyMessageIntegrity(key);
        var (user, realmText, nonceText) = (Text(username), Text(realm), Text(nonce));
        await server.SendAsync(Success(second, key, 600, allocate: true));
        var relayed = await allocation;

        Assert.Multiple(() =>
        {
            Assert.That(firstHasIntegrity, Is.False);
            Assert.That(transport, Is.EqualTo(TurnConstants.TransportUdp));
            Assert.That(user, Is.EqualTo(Username));
            Assert.That(realmText, Is.EqualTo(Realm));
            Assert.That(nonceText, Is.EqualTo("nonce-1"));
            Assert.That(integrity, Is.EqualTo(StunVerification.Ok));
            Assert.That(relayed, Is.EqualTo(TurnMessages.Relayed));
            Assert.That(client.MappedAddress, Is.EqualTo(TurnMessages.Mapped));
            Assert.That(client.AllocationLifetime, Is.EqualTo(TimeSpan.FromSeconds(600)));
        });
    }

    [Test]
    public async Task RequestAsync_StaleNonce_RetriesWithTheNewNonce()
    {
        var server = _server;
        var key = _key;
        var client = await ConnectAsync(Options(server));
        var allocation = client.AllocateAsync();
        await CompleteAllocationAsync(server, key);
        await allocation;

        var permission = client.CreatePermissionAsync(Peer.Address);
        var stale = await server.NextAsync();
        await server.SendAsync(Error(stale, 438, "Stale Nonce", nonce: "nonce-2", realm: true));
        var retried = await server.NextAsync();
        var reader = Parse(retried);
        reader.TryGetNonce(out var nonce);
        var nonceText = Text(nonce);
        var method = reader.Method;
        var integrity = reader.VerifyMessageIntegrity(key);
        await server.SendAsync(Success(retried, key));
        await permission;

        Assert.Multiple(() =>
        {
            Assert.That(method, Is.EqualTo(StunMethod.CreatePermission));
            Assert.That(nonceText, Is.EqualTo("nonce-2"));
            Assert.That(integrity, Is.EqualTo(StunVerification.Ok));
        });
    }

    [Test]
    public async Task AllocateAsync_ErrorResponse_ThrowsWithCodeAndReason()
    {
        var server = _server;
        var key = _key;
        var client = await ConnectAsync(Options(server));

        var allocation = client.AllocateAsync();
        var first = await server.NextAsync();
        await server.SendAsync(Error(first, 401, "Unauthenticated", nonce: "n", realm: true));
        var second = await server.NextAsync();
        await server.SendAsync(Error(second, 486, "Allocation Quota Reached", key: key));

        var failure = Assert.ThrowsAsync<TurnException>(async () => await allocation);
        Assert.Multiple(() =>
        {
            Assert.That(failure!.ErrorCode, Is.EqualTo(486));
            Assert.That(failure.Reason, Is.EqualTo("Allocation Quota Reached"));
            Assert.That(client.IsAllocated, Is.False);
        });
    }

    [Test]
    public async Task AllocateAsync_SecondChallengeAfterCredentials_FailsAs401()
    {
        var server = _server;
        var client = await ConnectAsync(Options(server));

        var allocation = client.AllocateAsync();
        var first = await server.NextAsync();
        await server.SendAsync(Error(first, 401, "Unauthenticated", nonce: "n", realm: true));
        var second = await server.NextAsync();
        await server.SendAsync(Error(second, 401, "Unauthenticated", nonce: "n", realm: true));

        var failure = Assert.ThrowsAsync<TurnException>(async () => await allocation);
        Assert.That(failure!.ErrorCode, Is.EqualTo(401));
    }

    [Test]
    public async Task Response_WithBadIntegrity_IsIgnoredUntilTimeout()
    {
        var server = _server;
        var key = _key;
        using var wrongKey = StunIntegrityKey.ForLongTerm(Username, Realm, "other");
        var time = new FakeTimeProvider();
        var client = await ConnectAsync(Options(server, time));
        using var handled = CountHandled(client);

        var allocation = client.AllocateAsync();
        var first = await server.NextAsync();
        await server.SendAsync(Error(first, 401, "Unauthenticated", nonce: "n", realm: true));
        await HandledAsync(handled);
        var second = await server.NextAsync();
        await server.SendAsync(Success(second, wrongKey, 600, allocate: true));
        await HandledAsync(handled);
        var pendingAfterForgery = client.PendingRequests;

        // RFC 8489 §6.2.1 defaults: the last of 7 requests at 31.5 s, failure at 39.5 s. Fake time moves in
        // 100 ms steps because a timer re-armed inside Advance counts from the end of that Advance.
        for (var step = 0; step < 394; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        var pendingBeforeTimeout = client.PendingRequests;
        time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.ThrowsAsync<TimeoutException>(async () => await allocation.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Multiple(() =>
        {
            Assert.That(pendingAfterForgery, Is.EqualTo(1), "the forged response completed the transaction");
            Assert.That(pendingBeforeTimeout, Is.EqualTo(1));
            Assert.That(client.IsAllocated, Is.False);
        });
    }

    [Test]
    public async Task Refresh_IsSentOneMinuteBeforeExpiry()
    {
        var time = new FakeTimeProvider();
        var server = _server;
        var key = _key;
        var client = await ConnectAsync(Options(server, time));
        var allocation = client.AllocateAsync();
        await CompleteAllocationAsync(server, key, lifetime: 600);
        await allocation;

        // The timer callback runs inside Advance and registers its transaction before returning.
        time.Advance(TimeSpan.FromSeconds(539));
        var early = client.PendingRequests;
        time.Advance(TimeSpan.FromSeconds(1));
        var due = client.PendingRequests;
        var refresh = await server.NextAsync();
        var reader = Parse(refresh);
        var method = reader.Method;
        var integrity = reader.VerifyMessageIntegrity(key);
        await server.SendAsync(Success(refresh, key, 600));
        await MaintenanceDoneAsync(client);

        Assert.Multiple(() =>
        {
            Assert.That(early, Is.Zero, "refreshed before lifetime minus margin");
            Assert.That(due, Is.EqualTo(1));
            Assert.That(server.HasQueued, Is.False);
            Assert.That(method, Is.EqualTo(StunMethod.Refresh));
            Assert.That(integrity, Is.EqualTo(StunVerification.Ok));
        });
    }

    [Test]
    public async Task Permission_RefreshedWhileUsed_DroppedWhenIdle()
    {
        var time = new FakeTimeProvider();
        var server = _server;
        var key = _key;
        var client = await ConnectAsync(Options(server, time));
        var allocation = client.AllocateAsync();
        await CompleteAllocationAsync(server, key, lifetime: 3600);
        await allocation;
        var permission = client.CreatePermissionAsync(Peer.Address);
        await server.SendAsync(Success(await server.NextAsync(), key));
        await permission;

        // Used (sent to) at t=100 s: the refresh at 240 s goes out.
        time.Advance(TimeSpan.FromSeconds(100));
        await client.SendAsync(Peer, new byte[] { 1, 2, 3 });
        var send = Parse(await server.NextAsync()).Type;
        time.Advance(TimeSpan.FromSeconds(140));
        var refresh = await server.NextAsync();
        var refreshMethod = Parse(refresh).Method;
        await server.SendAsync(Success(refresh, key));
        await MaintenanceDoneAsync(client);

        // Idle from 100 s on: at 480 s the last use is 380 s old, so no refresh and no more sends.
        time.Advance(TimeSpan.FromSeconds(240));
        var refreshedIdle = client.PendingRequests != 0 || server.HasQueued;

        Assert.Multiple(() =>
        {
            Assert.That(send, Is.EqualTo(TurnMessageTypes.SendIndication));
            Assert.That(refreshMethod, Is.EqualTo(StunMethod.CreatePermission));
            Assert.That(refreshedIdle, Is.False);
            Assert.That(async () => await client.SendAsync(Peer, new byte[] { 1 }), Throws.InvalidOperationException);
        });
    }

    [Test]
    public async Task Channel_SendsChannelDataAndRefreshesBinding()
    {
        var time = new FakeTimeProvider();
        var server = _server;
        var key = _key;
        var client = await ConnectAsync(Options(server, time));
        var allocation = client.AllocateAsync();
        await CompleteAllocationAsync(server, key, lifetime: 3600);
        await allocation;

        var bind = client.BindChannelAsync(Peer);
        var bindRequest = await server.NextAsync();
        Parse(bindRequest).TryGetChannelNumber(out var requested);
        await server.SendAsync(Success(bindRequest, key));
        var channel = await bind;
        await client.SendAsync(Peer, new byte[] { 9, 9 });
        var frame = await server.NextAsync();

        Assert.Multiple(() =>
        {
            Assert.That(channel, Is.EqualTo(requested));
            Assert.That(channel, Is.EqualTo(TurnConstants.MinChannelNumber));
            Assert.That(frame, Is.EqualTo(new byte[] { 0x40, 0x00, 0x00, 0x02, 9, 9 }), "unpadded over UDP");
        });

        // Keep using it; at 240 s the permission refresh and at 540 s the channel refresh go out.
        var methods = new List<StunMethod>();
        for (var second = 60; second <= 540; second += 60)
        {
            // Refreshes start inside Advance, so the count of requests to expect is known before reading.
            time.Advance(TimeSpan.FromSeconds(60));
            var expectedRequests = client.PendingRequests;
            await client.SendAsync(Peer, new byte[] { 1 });
            var (channelData, requests) = (0, 0);
            while (channelData < 1 || requests < expectedRequests)
            {
                var message = await server.NextAsync();
                if (TurnChannelData.IsChannelData(message))
                {
                    channelData++;
                    continue;
                }

                requests++;
                methods.Add(Parse(message).Method);
                await server.SendAsync(Success(message, key));
            }

            await MaintenanceDoneAsync(client);
            Assert.That(client.PendingRequests, Is.Zero, $"a refresh is unanswered at {second} s");
        }

        Assert.That(methods, Is.EqualTo(new[] { StunMethod.CreatePermission, StunMethod.CreatePermission, StunMethod.ChannelBind }));
    }

    [Test]
    public async Task Receive_DataIndicationAndChannelData_ReportPeer()
    {
        var server = _server;
        var key = _key;
        var client = await ConnectAsync(Options(server));
        var allocation = client.AllocateAsync();
        await CompleteAllocationAsync(server, key);
        await allocation;
        var bind = client.BindChannelAsync(Peer);
        await server.SendAsync(Success(await server.NextAsync(), key));
        var channel = await bind;
        var buffer = new byte[16];

        await server.SendAsync(DataIndication(StunEndPoint.FromIPEndPoint(Peer), [5, 6, 7]));
        var indication = await client.ReceiveAsync(buffer);
        var indicationData = buffer[..indication.BytesReceived];
        await server.SendAsync(TurnChannelData.Encode(channel, [8, 9], padToFour: false));
        var channelData = await client.ReceiveAsync(buffer);

        Assert.Multiple(() =>
        {
            Assert.That(indication.Peer, Is.EqualTo(StunEndPoint.FromIPEndPoint(Peer)));
            Assert.That(indication.ViaChannel, Is.False);
            Assert.That(indicationData, Is.EqualTo(new byte[] { 5, 6, 7 }));
            Assert.That(channelData.Peer, Is.EqualTo(StunEndPoint.FromIPEndPoint(Peer)));
            Assert.That(channelData.ViaChannel, Is.True);
            Assert.That(buffer[..channelData.BytesReceived], Is.EqualTo(new byte[] { 8, 9 }));
        });
    }

    [Test]
    public async Task Receive_UnboundChannelAndUnpermittedPeer_AreDroppedAndCounted()
    {
        var server = _server;
        var key = _key;
        var client = await ConnectAsync(Options(server));
        var allocation = client.AllocateAsync();
        await CompleteAllocationAsync(server, key);
        await allocation;

        var permitted = new IPEndPoint(IPAddress.Parse("203.0.113.10"), 7000);
        var permission = client.CreatePermissionAsync(permitted.Address);
        await server.SendAsync(Success(await server.NextAsync(), key));
        await permission;

        await server.SendAsync(TurnChannelData.Encode(0x4123, [1], padToFour: false));
        await server.SendAsync(DataIndication(StunEndPoint.FromIPEndPoint(Peer), [2]));
        // One receive loop in order: once this one arrives, the two before it were handled.
        await server.SendAsync(DataIndication(StunEndPoint.FromIPEndPoint(permitted), [3]));
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[4];
        var received = await client.ReceiveAsync(buffer, wait.Token);

        Assert.Multiple(() =>
        {
            Assert.That(received.Peer, Is.EqualTo(StunEndPoint.FromIPEndPoint(permitted)));
            Assert.That(buffer[..received.BytesReceived], Is.EqualTo(new byte[] { 3 }));
            Assert.That(client.DroppedPackets, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Receive_SmallBuffer_ReportsTruncation()
    {
        var server = _server;
        var key = _key;
        var client = await ConnectAsync(Options(server));
        var allocation = client.AllocateAsync();
        await CompleteAllocationAsync(server, key);
        await allocation;
        var permission = client.CreatePermissionAsync(Peer.Address);
        await server.SendAsync(Success(await server.NextAsync(), key));
        await permission;

        await server.SendAsync(DataIndication(StunEndPoint.FromIPEndPoint(Peer), [1, 2, 3, 4, 5]));
        var result = await client.ReceiveAsync(new byte[2]);

        Assert.Multiple(() =>
        {
            Assert.That(result.BytesReceived, Is.EqualTo(2));
            Assert.That(result.Truncated, Is.True);
        });
    }

    [Test]
    public async Task DisposeAsync_Allocated_SendsRefreshWithLifetimeZero()
    {
        var server = _server;
        var key = _key;
        var client = await ConnectAsync(Options(server));
        var allocation = client.AllocateAsync();
        await CompleteAllocationAsync(server, key);
        await allocation;

        var dispose = client.DisposeAsync().AsTask();
        var refresh = await server.NextAsync();
        var reader = Parse(refresh);
        var method = reader.Method;
        reader.TryGetLifetime(out var lifetime);
        var integrity = reader.VerifyMessageIntegrity(key);
        await server.SendAsync(Success(refresh, key, 0));
        await dispose;

        Assert.Multiple(() =>
        {
            Assert.That(method, Is.EqualTo(StunMethod.Refresh));
            Assert.That(lifetime, Is.Zero);
            Assert.That(integrity, Is.EqualTo(StunVerification.Ok));
            Assert.That(client.IsAllocated, Is.False);
            Assert.That(async () => await client.AllocateAsync(), Throws.TypeOf<ObjectDisposedException>());
        });
    }

    [Test]
    public async Task SendAsync_BeforeAllocation_Throws()
    {
        var server = _server;
        var client = await ConnectAsync(Options(server));

        Assert.That(async () => await client.SendAsync(Peer, new byte[] { 1 }), Throws.InvalidOperationException);
        Assert.That(async () => await client.ConnectPeerAsync(Peer), Throws.InvalidOperationException);
    }

    [Test]
    public void ConnectAsync_TcpRelayOverUdp_IsRejected()
    {
        var options = new TurnClientOptions
        {
            Server = new IPEndPoint(IPAddress.Loopback, 3478),
            Username = Username,
            Password = Password,
            RelayTransport = TurnTransport.Tcp,
        };

        Assert.That(async () => await TurnClient.ConnectAsync(options), Throws.ArgumentException);
    }

    [TestCase(0)]
    [TestCase(300)]
    public void ConnectAsync_PermissionRefreshNotBelowLifetime_IsRejected(int seconds)
    {
        var options = new TurnClientOptions
        {
            Server = new IPEndPoint(IPAddress.Loopback, 3478),
            Username = Username,
            Password = Password,
            PermissionRefreshInterval = TimeSpan.FromSeconds(seconds),
        };

        Assert.That(async () => await TurnClient.ConnectAsync(options), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
