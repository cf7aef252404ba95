using System.Net;
using System.Net.Sockets;
using UcStack.Stun;
using UcStack.Turn.Server;

namespace UcStack.Turn.Tests.Server;

/// <summary><see cref="TurnServerOptions.UdpSocketBufferSize"/> reaches the listener and the relay sockets.</summary>
public sealed partial class TurnServerTests
{
    // Above Linux's usual 208 KiB default once doubled by the kernel, below any rmem_max: the granted size differs
    // from an untouched socket's, so a size that is never applied shows.
    private const int RequestedBuffer = 100_000;

    [Test]
    public async Task UdpSocketBufferSize_ReachesTheListener()
    {
        var (server, store) = await StartAsync(o => o.UdpSocketBufferSize = RequestedBuffer);
        try
        {
            Assert.That(server.UdpReceiveBufferSize, Is.GreaterThanOrEqualTo(RequestedBuffer));
            Assert.That(server.UdpReceiveBufferSize, Is.EqualTo(GrantedFor(RequestedBuffer)));
        }
        finally
        {
            await server.DisposeAsync();
            store.Dispose();
        }
    }

    [Test]
    public void UdpSocketBufferSize_ReachesTheRelaySockets()
    {
        var factory = new UdpRelaySocketFactory(RequestedBuffer);
        using var relay = (UdpRelaySocket?)factory.TryBind(IPAddress.Loopback, 0, new IgnoringReceiver());
        Assert.That(relay, Is.Not.Null);
        Assert.That(relay!.ReceiveBufferSize, Is.GreaterThanOrEqualTo(RequestedBuffer));
        Assert.That(relay.ReceiveBufferSize, Is.EqualTo(GrantedFor(RequestedBuffer)));
    }

    [Test]
    public void UdpSocketBufferSize_Negative_IsRejected()
    {
        using var store = new StaticTurnCredentialStore();
        Assert.ThrowsAsync<ArgumentException>(async () => await TurnServer.StartAsync(new TurnServerOptions
        {
            ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            CredentialStore = store,
            UdpSocketBufferSize = -1,
        }));
    }

    /// <summary>What this OS grants a plain UDP socket for the same request (it may round or double it).</summary>
    private static int GrantedFor(int size)
    {
        using var control = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        control.ReceiveBufferSize = size;
        return control.ReceiveBufferSize;
    }

    private sealed class IgnoringReceiver : IRelayReceiver
    {
        public void OnPeerDatagram(StunEndPoint peer, ReadOnlySpan<byte> datagram)
        {
        }
    }
}
