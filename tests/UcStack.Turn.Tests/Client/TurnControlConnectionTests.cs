using System.Net;
using System.Net.Sockets;
using UcStack.Stun;
using UcStack.Turn.Client;
using UcStack.Turn.Protocol;

namespace UcStack.Turn.Tests.Client;

[TestFixture]
public sealed class TurnControlConnectionTests
{
    private static byte[] Indication(int dataLength)
    {
        var buffer = new byte[100 + dataLength];
        var writer = new StunMessageWriter(buffer, TurnMessageTypes.DataIndication, new byte[12]);
        writer.AddXorPeerAddress(new StunEndPoint(IPAddress.Loopback, 9));
        writer.AddData(new byte[dataLength]);
        return buffer.AsSpan(0, writer.Complete()).ToArray();
    }

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(7)]
    [TestCase(1000)]
    public async Task Tcp_FramesSplitAnywhere_AreDeliveredWhole(int chunk)
    {
        // STUN messages and padded ChannelData of awkward lengths, written in chunks of `chunk` bytes.
        var frames = new List<byte[]>
        {
            Indication(5),
            TurnChannelData.Encode(0x4000, [1, 2, 3], padToFour: true),
            TurnChannelData.Encode(0x4ABC, new byte[1501], padToFour: true),
            Indication(0),
            TurnChannelData.Encode(0x4001, [], padToFour: true),
        };
        var stream = frames.SelectMany(f => f).ToArray();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accept = listener.AcceptSocketAsync();
        await using var connection = await TurnControlConnection.ConnectAsync((IPEndPoint)listener.LocalEndpoint, TurnTransport.Tcp, CancellationToken.None);
        using var server = await accept;
        var received = new List<byte[]>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Start(
            (message, _) =>
            {
                received.Add(message.ToArray());
                if (received.Count == frames.Count)
                {
                    all.TrySetResult();
                }
            },
            failure => all.TrySetException(failure ?? new IOException("closed")));

        for (var offset = 0; offset < stream.Length; offset += chunk)
        {
            await server.SendAsync(stream.AsMemory(offset, Math.Min(chunk, stream.Length - offset)), SocketFlags.None);
        }

        await all.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(received, Is.EqualTo(frames));
    }

    [Test]
    public async Task Tcp_ByteThatStartsNeitherStunNorChannelData_ClosesWithError()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accept = listener.AcceptSocketAsync();
        await using var connection = await TurnControlConnection.ConnectAsync((IPEndPoint)listener.LocalEndpoint, TurnTransport.Tcp, CancellationToken.None);
        using var server = await accept;
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Start((_, _) => { }, failure => closed.TrySetResult(failure));

        await server.SendAsync(new byte[] { 0x80, 0, 0, 0 }, SocketFlags.None);

        var failure = await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(failure, Is.TypeOf<IOException>());
    }
}
