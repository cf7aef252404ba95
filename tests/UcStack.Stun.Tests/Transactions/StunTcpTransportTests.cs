using System.Net;
using System.Net.Sockets;

namespace UcStack.Stun.Tests.Transactions;

[TestFixture]
public sealed class StunTcpTransportTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static async Task<(StunTcpTransport Client, Socket Peer, Socket Listener)> ConnectAsync()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var accepting = listener.AcceptAsync();
        var client = await StunTcpTransport.ConnectAsync((IPEndPoint)listener.LocalEndPoint!, 4096);
        return (client, await accepting.WaitAsync(Wait), listener);
    }

    [Test]
    public async Task ReceiveAsync_StunAndChannelDataInOneSegment_ReturnsEachFrame()
    {
        var (client, peer, listener) = await ConnectAsync();
        await using var _ = client;
        using var __ = peer;
        using var ___ = listener;
        var stun = TestMessages.BindingSuccess(TestMessages.NewTransactionId(), TestMessages.Client);
        byte[] channelData = [0x40, 0x00, 0x00, 0x03, 7, 8, 9, 0];
        await peer.SendAsync(stun.Concat(channelData).Concat(stun).ToArray(), SocketFlags.None);
        var buffer = new byte[4096];

        var first = await client.ReceiveAsync(buffer).AsTask().WaitAsync(Wait);
        Assert.That(buffer[..first.Length], Is.EqualTo(stun));
        var second = await client.ReceiveAsync(buffer).AsTask().WaitAsync(Wait);
        Assert.That(buffer[..second.Length], Is.EqualTo(channelData), "ChannelData keeps its padding over TCP (RFC 8656 §12.5)");
        var third = await client.ReceiveAsync(buffer).AsTask().WaitAsync(Wait);
        Assert.That(third.Length, Is.EqualTo(stun.Length));
        Assert.That(third.RemoteEndPoint, Is.EqualTo(client.RemoteEndPoint));

        peer.Shutdown(SocketShutdown.Send);
        var end = await client.ReceiveAsync(buffer).AsTask().WaitAsync(Wait);
        Assert.That(end.IsEndOfStream, Is.True);
    }

    [Test]
    public async Task ReceiveAsync_ClosedMidFrame_ThrowsIOException()
    {
        var (client, peer, listener) = await ConnectAsync();
        await using var _ = client;
        using var ___ = listener;
        var stun = TestMessages.BindingSuccess(TestMessages.NewTransactionId(), TestMessages.Client);
        await peer.SendAsync(stun.AsMemory(0, 10), SocketFlags.None);
        peer.Dispose();

        Assert.ThrowsAsync<IOException>(async () => await client.ReceiveAsync(new byte[4096]).AsTask().WaitAsync(Wait));
    }

    [Test]
    public async Task ReceiveAsync_ReservedFirstByte_ThrowsIOException()
    {
        var (client, peer, listener) = await ConnectAsync();
        await using var _ = client;
        using var __ = peer;
        using var ___ = listener;
        await peer.SendAsync(new byte[] { 0x80, 0x00, 0x00, 0x00 }, SocketFlags.None);

        Assert.ThrowsAsync<IOException>(async () => await client.ReceiveAsync(new byte[4096]).AsTask().WaitAsync(Wait));
    }

    [Test]
    public async Task SendAsync_OtherDestination_ThrowsIOException()
    {
        var (client, peer, listener) = await ConnectAsync();
        await using var _ = client;
        using var __ = peer;
        using var ___ = listener;

        Assert.ThrowsAsync<IOException>(async () => await client.SendAsync(new byte[20], new IPEndPoint(IPAddress.Loopback, 1)));
    }
}
