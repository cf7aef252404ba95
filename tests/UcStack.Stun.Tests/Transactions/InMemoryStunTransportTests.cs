using System.Net;

namespace UcStack.Stun.Tests.Transactions;

[TestFixture]
public sealed class InMemoryStunTransportTests
{
    private static readonly IPEndPoint A = new(IPAddress.Loopback, 1);
    private static readonly IPEndPoint B = new(IPAddress.Loopback, 2);

    [Test]
    public async Task SendAsync_ToPeer_IsReceivedFromSender()
    {
        var (a, b) = InMemoryStunTransport.CreatePair(A, B);
        await a.SendAsync(new byte[] { 1, 2, 3 }, B);
        var buffer = new byte[16];

        var packet = await b.ReceiveAsync(buffer);

        Assert.That(packet.Length, Is.EqualTo(3));
        Assert.That(packet.RemoteEndPoint, Is.EqualTo(A));
        Assert.That(buffer[..3], Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    [Test]
    public async Task SendAsync_WrongDestinationOrFiltered_IsDropped()
    {
        var (a, b) = InMemoryStunTransport.CreatePair(A, B);
        a.DropFilter = p => p.Span[0] == 9;
        await a.SendAsync(new byte[] { 1 }, A);
        await a.SendAsync(new byte[] { 9 }, B);

        Assert.That(a.DroppedCount, Is.EqualTo(2));
        await b.DisposeAsync();
        var packet = await b.ReceiveAsync(new byte[4]);
        Assert.That(packet.IsEndOfStream, Is.True);
    }

    [Test]
    public async Task TransactionManager_OverInMemoryPair_CompletesWithServerReply()
    {
        var (client, server) = InMemoryStunTransport.CreatePair(A, B);
        using var manager = new StunTransactionManager(client);
        var id = TestMessages.NewTransactionId();
        var pending = manager.SendRequestAsync(TestMessages.BindingRequest(id), B).AsTask();

        var buffer = new byte[2048];
        var received = await server.ReceiveAsync(buffer);
        await server.SendAsync(TestMessages.BindingSuccess(buffer.AsSpan(8, 12), received.RemoteEndPoint), received.RemoteEndPoint);
        var reply = await client.ReceiveAsync(buffer);
        Assert.That(manager.TryHandleResponse(buffer.AsSpan(0, reply.Length), reply.RemoteEndPoint), Is.True);

        var response = await pending.WaitAsync(TimeSpan.FromSeconds(10));
        response.GetReader().TryGetXorMappedAddress(out var mapped);
        Assert.That(mapped.ToIPEndPoint(), Is.EqualTo(A));
    }
}
