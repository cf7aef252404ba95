using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using UcStack.Stun.Tests.Transactions;

namespace UcStack.Stun.Tests.Binding;

[TestFixture]
public sealed class StunBindingClientTests
{
    private static readonly IPEndPoint Local = new(IPAddress.Parse("10.0.0.2"), 5000);
    private static readonly IPEndPoint ServerEndPoint = new(IPAddress.Parse("10.0.0.1"), 3478);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    /// <summary>Answers one request on the in-memory server side with <paramref name="answer"/>(transaction id).</summary>
    private static async Task ServeOnceAsync(InMemoryStunTransport server, Func<byte[], byte[]> answer)
    {
        var buffer = new byte[2048];
        var packet = await server.ReceiveAsync(buffer);
        await server.SendAsync(answer(buffer[8..20]), packet.RemoteEndPoint);
    }

    [Test]
    public async Task GetMappedAddress_XorMappedAddress_IsReturned()
    {
        var (client, server) = InMemoryStunTransport.CreatePair(Local, ServerEndPoint);
        var mapped = new IPEndPoint(IPAddress.Parse("203.0.113.9"), 1234);
        var serving = ServeOnceAsync(server, id => TestMessages.BindingSuccess(id, mapped));

        var result = await new StunBindingClient().GetMappedAddressAsync(client, ServerEndPoint).WaitAsync(Wait);

        Assert.That(result, Is.EqualTo(mapped));
        await serving;
    }

    [Test]
    public async Task GetMappedAddress_OnlyMappedAddress_FallsBack()
    {
        var (client, server) = InMemoryStunTransport.CreatePair(Local, ServerEndPoint);
        var mapped = new IPEndPoint(IPAddress.Parse("203.0.113.9"), 1234);
        var serving = ServeOnceAsync(server, id =>
        {
            var buffer = new byte[128];
            var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, id);
            writer.AddMappedAddress(StunEndPoint.FromIPEndPoint(mapped));
            return buffer[..writer.Complete()];
        });

        var result = await new StunBindingClient().GetMappedAddressAsync(client, ServerEndPoint).WaitAsync(Wait);

        Assert.That(result, Is.EqualTo(mapped));
        await serving;
    }

    [Test]
    public async Task GetMappedAddress_NoAddress_InvalidResponse()
    {
        var (client, server) = InMemoryStunTransport.CreatePair(Local, ServerEndPoint);
        var serving = ServeOnceAsync(server, id =>
        {
            var buffer = new byte[128];
            return buffer[..new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, id).Complete()];
        });

        var failure = Assert.ThrowsAsync<StunTransactionException>(async () => await new StunBindingClient().GetMappedAddressAsync(client, ServerEndPoint).WaitAsync(Wait));

        Assert.That(failure!.Failure, Is.EqualTo(StunTransactionFailure.InvalidResponse));
        await serving;
    }

    [Test]
    public async Task GetMappedAddress_ErrorResponse_ThrowsWithCode()
    {
        var (client, server) = InMemoryStunTransport.CreatePair(Local, ServerEndPoint);
        var serving = ServeOnceAsync(server, id => TestMessages.BindingError(id, 500, "Server Error"));

        var failure = Assert.ThrowsAsync<StunTransactionException>(async () => await new StunBindingClient().GetMappedAddressAsync(client, ServerEndPoint).WaitAsync(Wait));

        Assert.That(failure!.Failure, Is.EqualTo(StunTransactionFailure.ErrorResponse));
        Assert.That(failure.ErrorCode, Is.EqualTo(500));
        Assert.That(failure.ErrorReason, Is.EqualTo("Server Error"));
        await serving;
    }

    [Test]
    public async Task GetMappedAddress_LostRequests_RetransmitsThenSucceeds()
    {
        var time = new FakeTimeProvider();
        var (client, server) = InMemoryStunTransport.CreatePair(Local, ServerEndPoint);
        var sent = 0;
        client.DropFilter = _ => Interlocked.Increment(ref sent) <= 2;
        var mapped = new IPEndPoint(IPAddress.Parse("203.0.113.9"), 1234);
        var serving = ServeOnceAsync(server, id => TestMessages.BindingSuccess(id, mapped));

        var pending = new StunBindingClient(timeProvider: time).GetMappedAddressAsync(client, ServerEndPoint);
        time.Advance(TimeSpan.FromMilliseconds(500));
        time.Advance(TimeSpan.FromMilliseconds(1000));

        Assert.That(await pending.WaitAsync(Wait), Is.EqualTo(mapped));
        Assert.That(sent, Is.EqualTo(3), "third request, sent at 1500 ms, got through");
        await serving;
    }

    [Test]
    public void GetMappedAddress_SilentServer_TimesOut()
    {
        var time = new FakeTimeProvider();
        var (client, _) = InMemoryStunTransport.CreatePair(Local, ServerEndPoint);
        var pending = new StunBindingClient(timeProvider: time).GetMappedAddressAsync(client, ServerEndPoint);

        // FakeTimeProvider fires a re-armed timer once per Advance, so step through the schedule.
        for (var i = 0; i < 39500; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        var failure = Assert.ThrowsAsync<StunTransactionException>(async () => await pending.WaitAsync(Wait));
        Assert.That(failure!.Failure, Is.EqualTo(StunTransactionFailure.Timeout));
    }

    [Test]
    public void GetMappedAddress_RealUdpNobodyListening_TimesOutQuickly()
    {
        using var placeholder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        placeholder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var options = new StunTransactionOptions { InitialRto = TimeSpan.FromMilliseconds(20), MaxRequestCount = 2, FinalWaitMultiplier = 2 };

        var failure = Assert.ThrowsAsync<StunTransactionException>(async () =>
            await new StunBindingClient(options).GetMappedAddressAsync((IPEndPoint)placeholder.LocalEndPoint!).WaitAsync(Wait));

        Assert.That(failure!.Failure, Is.EqualTo(StunTransactionFailure.Timeout));
    }

    [Test]
    public void GetMappedAddress_Cancelled_Throws()
    {
        var (client, _) = InMemoryStunTransport.CreatePair(Local, ServerEndPoint);
        using var cancel = new CancellationTokenSource();
        var pending = new StunBindingClient(timeProvider: new FakeTimeProvider()).GetMappedAddressAsync(client, ServerEndPoint, cancellationToken: cancel.Token);

        cancel.Cancel();

        Assert.That(async () => await pending.WaitAsync(Wait), Throws.InstanceOf<OperationCanceledException>());
    }
}
