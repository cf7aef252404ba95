using System.Net;
using Microsoft.Extensions.Time.Testing;
using static UcStack.Stun.Tests.Transactions.TestMessages;

namespace UcStack.Stun.Tests.Transactions;

[TestFixture]
public sealed class StunTransactionManagerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static (FakeTimeProvider Time, RecordingTransport Transport, StunTransactionManager Manager) Create(bool reliable = false, StunTransactionOptions? options = null)
    {
        var time = new FakeTimeProvider();
        var transport = new RecordingTransport(time, reliable);
        return (time, transport, new StunTransactionManager(transport, options, time));
    }

    /// <summary>Advances in 1 ms steps so every timer fires at its own instant, stopping once the transaction ends.</summary>
    private static void AdvanceUntil(FakeTimeProvider time, StunTransactionManager manager, int milliseconds)
    {
        for (var i = 0; i < milliseconds && manager.PendingCount > 0; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
        }
    }

    [Test]
    public async Task SendRequest_Udp_RetransmitsAtRfcScheduleAndTimesOutAt39500()
    {
        var (time, transport, manager) = Create();
        using var _ = manager;
        var task = manager.SendRequestAsync(BindingRequest(NewTransactionId()), Server).AsTask();

        AdvanceUntil(time, manager, 39499);
        Assert.That(manager.PendingCount, Is.EqualTo(1), "still pending one millisecond before Rm × RTO after the last request");
        Assert.That(transport.SendTimes, Is.EqualTo(new double[] { 0, 500, 1500, 3500, 7500, 15500, 31500 }));

        time.Advance(TimeSpan.FromMilliseconds(1));
        var failure = Assert.ThrowsAsync<StunTransactionException>(async () => await task.WaitAsync(Wait));
        Assert.That(failure!.Failure, Is.EqualTo(StunTransactionFailure.Timeout));
        Assert.That(transport.Sent, Has.Count.EqualTo(7));
        Assert.That(transport.Sent.Select(s => s.Packet), Has.All.EqualTo(transport.Sent[0].Packet), "retransmissions are byte-identical");
        Assert.That(manager.PendingCount, Is.Zero);
    }

    private sealed class DiscardTransport : IStunTransport
    {
        public int Sends;

        public bool IsReliable => false;

        public IPEndPoint LocalEndPoint => Client;

        public ValueTask SendAsync(ReadOnlyMemory<byte> packet, IPEndPoint remoteEndPoint, CancellationToken cancellationToken = default)
        {
            Sends++;
            return ValueTask.CompletedTask;
        }

        public ValueTask<StunReceivedPacket> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<StunReceivedPacket>(new NotSupportedException());

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>A clock whose one timer fires only when told to and allocates nothing when re-armed.</summary>
    private sealed class ManualTimeProvider : TimeProvider
    {
        public ManualTimer? Timer { get; private set; }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            Timer = new ManualTimer(callback, state, dueTime);
    }

    private sealed class ManualTimer(TimerCallback callback, object? state, TimeSpan dueTime) : ITimer
    {
        public TimeSpan DueTime { get; private set; } = dueTime;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            DueTime = dueTime;
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    [Test]
    public void Retransmission_AllocatesNothing()
    {
        var time = new ManualTimeProvider();
        var transport = new DiscardTransport();
        using var manager = new StunTransactionManager(transport, timeProvider: time);
        _ = manager.SendRequestAsync(BindingRequest(NewTransactionId()), Server).AsTask();
        var timer = time.Timer!;
        timer.Fire();

        var before = GC.GetAllocatedBytesForCurrentThread();
        timer.Fire();
        timer.Fire();
        timer.Fire();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(transport.Sends, Is.EqualTo(5));
        Assert.That(timer.DueTime, Is.EqualTo(TimeSpan.FromMilliseconds(8000)));
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void SendRequest_UdpCustomTiming_FollowsRtoRcRm()
    {
        var (time, transport, manager) = Create(options: new StunTransactionOptions { InitialRto = TimeSpan.FromMilliseconds(100), MaxRequestCount = 3, FinalWaitMultiplier = 4 });
        using var _ = manager;
        var task = manager.SendRequestAsync(BindingRequest(NewTransactionId()), Server).AsTask();

        AdvanceUntil(time, manager, 699);
        Assert.That(manager.PendingCount, Is.EqualTo(1));
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.That(transport.SendTimes, Is.EqualTo(new double[] { 0, 100, 300 }));
        Assert.That(manager.PendingCount, Is.Zero, "timeout at 300 + 4 × 100");
        Assert.ThrowsAsync<StunTransactionException>(async () => await task.WaitAsync(Wait));
    }

    [Test]
    public void SendRequest_Reliable_SendsOnceAndTimesOutAtTi()
    {
        var (time, transport, manager) = Create(reliable: true);
        using var _ = manager;
        var task = manager.SendRequestAsync(BindingRequest(NewTransactionId()), Server).AsTask();

        time.Advance(TimeSpan.FromMilliseconds(39499));
        Assert.That(manager.PendingCount, Is.EqualTo(1));
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.That(transport.SendTimes, Is.EqualTo(new double[] { 0 }));
        var failure = Assert.ThrowsAsync<StunTransactionException>(async () => await task.WaitAsync(Wait));
        Assert.That(failure!.Failure, Is.EqualTo(StunTransactionFailure.Timeout));
    }

    [Test]
    public async Task TryHandleResponse_MatchingId_CompletesAndStopsRetransmitting()
    {
        var (time, transport, manager) = Create();
        using var _ = manager;
        var id = NewTransactionId();
        var task = manager.SendRequestAsync(BindingRequest(id), Server).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(600));

        var mapped = new IPEndPoint(IPAddress.Parse("203.0.113.5"), 50000);
        Assert.That(manager.TryHandleResponse(BindingSuccess(id, mapped), Server), Is.True);
        var response = await task.WaitAsync(Wait);

        Assert.That(response.IsSuccess, Is.True);
        Assert.That(response.RemoteEndPoint, Is.EqualTo(Server));
        Assert.That(response.GetReader().TryGetXorMappedAddress(out var endPoint), Is.True);
        Assert.That(endPoint.ToIPEndPoint(), Is.EqualTo(mapped));
        time.Advance(TimeSpan.FromSeconds(60));
        Assert.That(transport.Sent, Has.Count.EqualTo(2), "nothing is sent after the response");
    }

    [Test]
    public void TryHandleResponse_WrongId_IsIgnored()
    {
        var (_, _, manager) = Create();
        using var __ = manager;
        _ = manager.SendRequestAsync(BindingRequest(NewTransactionId()), Server).AsTask();

        Assert.That(manager.TryHandleResponse(BindingSuccess(NewTransactionId(), Client), Server), Is.False);
        Assert.That(manager.PendingCount, Is.EqualTo(1));
    }

    [Test]
    public async Task TryHandleResponse_Duplicate_OnlyFirstCounts()
    {
        var (_, _, manager) = Create();
        using var __ = manager;
        var id = NewTransactionId();
        var task = manager.SendRequestAsync(BindingRequest(id), Server).AsTask();
        var first = new IPEndPoint(IPAddress.Parse("203.0.113.5"), 1);

        Assert.That(manager.TryHandleResponse(BindingSuccess(id, first), Server), Is.True);
        Assert.That(manager.TryHandleResponse(BindingSuccess(id, Client), Server), Is.False);
        var response = await task.WaitAsync(Wait);
        response.GetReader().TryGetXorMappedAddress(out var mapped);
        Assert.That(mapped.ToIPEndPoint(), Is.EqualTo(first));
    }

    [Test]
    public void TryHandleResponse_RequestOrGarbage_IsNotConsumed()
    {
        var (_, _, manager) = Create();
        using var __ = manager;
        var id = NewTransactionId();
        _ = manager.SendRequestAsync(BindingRequest(id), Server).AsTask();

        Assert.That(manager.TryHandleResponse(BindingRequest(id), Server), Is.False);
        Assert.That(manager.TryHandleResponse([0xde, 0xad, 0xbe, 0xef], Server), Is.False);
        Assert.That(manager.PendingCount, Is.EqualTo(1));
    }

    [Test]
    public async Task TryHandleResponse_ErrorResponse_IsReturnedWithCodeAndReason()
    {
        var (_, _, manager) = Create();
        using var __ = manager;
        var id = NewTransactionId();
        var task = manager.SendRequestAsync(BindingRequest(id), Server).AsTask();

        Assert.That(manager.TryHandleResponse(BindingError(id, 420, "Unknown Attribute"), Server), Is.True);
        var response = await task.WaitAsync(Wait);

        Assert.That(response.IsSuccess, Is.False);
        Assert.That(response.ErrorCode, Is.EqualTo(420));
        Assert.That(response.ErrorReason, Is.EqualTo("Unknown Attribute"));
        var failure = Assert.Throws<StunTransactionException>(() => response.EnsureSuccess());
        Assert.That(failure!.Failure, Is.EqualTo(StunTransactionFailure.ErrorResponse));
        Assert.That(failure.ErrorCode, Is.EqualTo(420));
    }

    [Test]
    public async Task TryHandleResponse_ReasonWithControlCharacters_IsMadePrintable()
    {
        var (_, _, manager) = Create();
        using var __ = manager;
        var id = NewTransactionId();
        var task = manager.SendRequestAsync(BindingRequest(id), Server).AsTask();

        manager.TryHandleResponse(BindingError(id, 400, "Bad\u001b[2JRequest\n"), Server);
        var response = await task.WaitAsync(Wait);

        Assert.That(response.ErrorReason, Is.EqualTo("Bad?[2JRequest?"));
    }

    [Test]
    public void TryHandleResponse_BadFingerprint_IsDiscarded()
    {
        var (_, _, manager) = Create();
        using var __ = manager;
        var id = NewTransactionId();
        _ = manager.SendRequestAsync(BindingRequest(id), Server).AsTask();
        var response = BindingSuccess(id, Client);
        response[^1] ^= 1;

        Assert.That(manager.TryHandleResponse(response, Server), Is.False);
        Assert.That(manager.PendingCount, Is.EqualTo(1));
    }

    [Test]
    public void TryHandleResponse_UnknownComprehensionRequired_FailsTransaction()
    {
        var (_, _, manager) = Create();
        using var __ = manager;
        var id = NewTransactionId();
        var task = manager.SendRequestAsync(BindingRequest(id), Server).AsTask();

        Assert.That(manager.TryHandleResponse(BindingSuccess(id, Client, extraAttribute: 0x7F01), Server), Is.True);
        var failure = Assert.ThrowsAsync<StunTransactionException>(async () => await task.WaitAsync(Wait));
        Assert.That(failure!.Failure, Is.EqualTo(StunTransactionFailure.InvalidResponse));
        Assert.That(failure.Message, Does.Contain("0x7F01"));
    }

    [Test]
    public async Task TryHandleResponse_WithKeyOverUdp_IgnoresUnauthenticatedAndAcceptsAuthenticated()
    {
        var (_, _, manager) = Create();
        using var __ = manager;
        using var key = StunIntegrityKey.ForShortTerm("secret");
        using var otherKey = StunIntegrityKey.ForShortTerm("guess");
        var id = NewTransactionId();
        var task = manager.SendRequestAsync(BindingRequest(id, key), Server, key).AsTask();

        Assert.That(manager.TryHandleResponse(BindingSuccess(id, Client), Server), Is.False, "no integrity");
        Assert.That(manager.TryHandleResponse(BindingSuccess(id, Client, otherKey), Server), Is.False, "wrong key");
        Assert.That(manager.TryHandleResponse(BindingSuccess(id, Client, key), Server), Is.True);
        var response = await task.WaitAsync(Wait);
        Assert.That(response.IsAuthenticated, Is.True);
    }

    [Test]
    public void TryHandleResponse_WithKeyOverTcp_UnauthenticatedFailsTransaction()
    {
        var (_, _, manager) = Create(reliable: true);
        using var __ = manager;
        using var key = StunIntegrityKey.ForShortTerm("secret");
        var id = NewTransactionId();
        var task = manager.SendRequestAsync(BindingRequest(id, key), Server, key).AsTask();

        Assert.That(manager.TryHandleResponse(BindingSuccess(id, Client), Server), Is.True);
        var failure = Assert.ThrowsAsync<StunTransactionException>(async () => await task.WaitAsync(Wait));
        Assert.That(failure!.Failure, Is.EqualTo(StunTransactionFailure.InvalidResponse));
    }

    [Test]
    public async Task TryHandleResponse_WithKey_Unauthenticated401IsDelivered()
    {
        var (_, _, manager) = Create();
        using var __ = manager;
        using var key = StunIntegrityKey.ForShortTerm("secret");
        var id = NewTransactionId();
        var task = manager.SendRequestAsync(BindingRequest(id, key), Server, key).AsTask();

        Assert.That(manager.TryHandleResponse(BindingError(id, 401, "Unauthenticated"), Server), Is.True);
        var response = await task.WaitAsync(Wait);
        Assert.That(response.ErrorCode, Is.EqualTo(401));
        Assert.That(response.IsAuthenticated, Is.False);
    }

    [Test]
    public void SendRequest_Cancelled_StopsRetransmitting()
    {
        var (time, transport, manager) = Create();
        using var __ = manager;
        using var cancel = new CancellationTokenSource();
        var task = manager.SendRequestAsync(BindingRequest(NewTransactionId()), Server, cancellationToken: cancel.Token).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(500));

        cancel.Cancel();
        time.Advance(TimeSpan.FromSeconds(60));

        Assert.That(task.WaitAsync(Wait).ContinueWith(t => t.IsCanceled, TaskScheduler.Default).Result, Is.True);
        Assert.That(transport.Sent, Has.Count.EqualTo(2));
        Assert.That(manager.PendingCount, Is.Zero);
    }

    [Test]
    public void Dispose_FailsPendingWithObjectDisposed()
    {
        var (time, transport, manager) = Create();
        var task = manager.SendRequestAsync(BindingRequest(NewTransactionId()), Server).AsTask();

        manager.Dispose();
        time.Advance(TimeSpan.FromSeconds(60));

        Assert.ThrowsAsync<ObjectDisposedException>(async () => await task.WaitAsync(Wait));
        Assert.That(transport.Sent, Has.Count.EqualTo(1), "no timer survives the manager");
        Assert.That(manager.PendingCount, Is.Zero);
        Assert.ThrowsAsync<ObjectDisposedException>(async () => await manager.SendRequestAsync(BindingRequest(NewTransactionId()), Server));
    }

    [Test]
    public void SendRequest_TransportThrows_FailsWithTransportError()
    {
        var (_, transport, manager) = Create();
        using var __ = manager;
        transport.FailSendsWith = new IOException("network is down");

        var failure = Assert.ThrowsAsync<StunTransactionException>(async () => await manager.SendRequestAsync(BindingRequest(NewTransactionId()), Server));

        Assert.That(failure!.Failure, Is.EqualTo(StunTransactionFailure.TransportError));
        Assert.That(failure.InnerException, Is.TypeOf<IOException>());
        Assert.That(manager.PendingCount, Is.Zero);
    }

    [Test]
    public void AbortPendingTransactions_FailsWithTransportError()
    {
        var (_, _, manager) = Create(reliable: true);
        using var __ = manager;
        var task = manager.SendRequestAsync(BindingRequest(NewTransactionId()), Server).AsTask();

        manager.AbortPendingTransactions(new IOException("closed"));

        var failure = Assert.ThrowsAsync<StunTransactionException>(async () => await task.WaitAsync(Wait));
        Assert.That(failure!.Failure, Is.EqualTo(StunTransactionFailure.TransportError));
    }

    [Test]
    public void SendRequest_DuplicateId_IsRefused()
    {
        var (_, _, manager) = Create();
        using var __ = manager;
        var id = NewTransactionId();
        _ = manager.SendRequestAsync(BindingRequest(id), Server).AsTask();

        Assert.ThrowsAsync<InvalidOperationException>(async () => await manager.SendRequestAsync(BindingRequest(id), Server));
    }

    [Test]
    public void SendRequest_NotARequest_IsRefused()
    {
        var (_, _, manager) = Create();
        using var __ = manager;

        Assert.ThrowsAsync<ArgumentException>(async () => await manager.SendRequestAsync(BindingSuccess(NewTransactionId(), Client), Server));
        Assert.ThrowsAsync<ArgumentException>(async () => await manager.SendRequestAsync(new byte[] { 1, 2, 3 }, Server));
    }

    [Test]
    public void SendRequest_OverPendingLimit_IsRefused()
    {
        var (_, _, manager) = Create(options: new StunTransactionOptions { MaxPendingTransactions = 2 });
        using var __ = manager;
        _ = manager.SendRequestAsync(BindingRequest(NewTransactionId()), Server).AsTask();
        _ = manager.SendRequestAsync(BindingRequest(NewTransactionId()), Server).AsTask();

        Assert.ThrowsAsync<InvalidOperationException>(async () => await manager.SendRequestAsync(BindingRequest(NewTransactionId()), Server));
    }

    /// <summary>An MS-TURN message (cookie-less, 16-byte id, MAGIC-COOKIE first) of raw type <paramref name="rawType"/>.</summary>
    private static byte[] MsMessage(ushort rawType, ReadOnlySpan<byte> id, StunIntegrityKey? key = null)
    {
        var buffer = new byte[256];
        var writer = StunMessageWriter.CreateMsTurn(buffer, rawType, id);
        writer.AddLifetime(600);
        if (key is not null)
        {
            writer.AddMessageIntegrity(key);
        }

        return buffer.AsSpan(0, writer.Complete()).ToArray();
    }

    [Test]
    public async Task SendRequest_MsTurnFormat_MatchesTheWhole16ByteIdAndVerifiesPaddedIntegrity()
    {
        var options = new StunTransactionOptions { ParseOptions = new StunParseOptions { AllowMsTurnFormat = true } };
        var (_, _, manager) = Create(options: options);
        using var _ = manager;
        using var key = new StunIntegrityKey("key"u8);
        var id = new byte[16];
        StunMessageWriter.GenerateTransactionId(id);
        var task = manager.SendRequestAsync(MsMessage(0x0003, id), Server, key).AsTask();

        // Same first 12 bytes, different last 4: a different MS-TURN transaction.
        var otherId = (byte[])id.Clone();
        otherId[15] ^= 0xFF;
        Assert.That(manager.TryHandleResponse(MsMessage(0x0103, otherId, key), Server), Is.False);
        Assert.That(manager.TryHandleResponse(MsMessage(0x0103, id, key), Server), Is.True);
        var response = await task.WaitAsync(Wait);

        Assert.Multiple(() =>
        {
            Assert.That(response.IsSuccess, Is.True);
            Assert.That(response.IsAuthenticated, Is.True);
            Assert.That(response.GetReader().IsMsTurnFormat, Is.True);
        });
    }

    [Test]
    public void SendRequest_MsTurnFormatWithDefaultOptions_IsRefused()
    {
        var (_, _, manager) = Create();
        using var _ = manager;
        var id = new byte[16];
        Assert.ThrowsAsync<ArgumentException>(async () => await manager.SendRequestAsync(MsMessage(0x0003, id), Server));
    }
}
