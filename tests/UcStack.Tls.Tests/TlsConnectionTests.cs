using System.Security.Cryptography.X509Certificates;
using UcStack.Tls.Tests.Support;

namespace UcStack.Tls.Tests;

[TestFixture]
public sealed class TlsConnectionTests
{
    private X509Certificate2 _certificate = null!;

    [OneTimeSetUp]
    public void CreateCertificate() => _certificate = TlsCertificates.CreateDevelopmentCertificate(["conn.example"]);

    [OneTimeTearDown]
    public void DisposeCertificate() => _certificate.Dispose();

    private async Task<(TlsConnection Client, TlsConnection Server)> ConnectAsync(LoopbackPair pair, bool clientLeavesInnerOpen = false)
    {
        var (client, server) = await Handshake.RunAsync(
            pair,
            new TlsClientOptions { TargetHost = "conn.example", PinnedCertificates = [_certificate], LeaveInnerStreamOpen = clientLeavesInnerOpen },
            new TlsServerOptions { ServerCertificate = _certificate });
        return (await client, await server);
    }

    [Test]
    public async Task Stream_CarriesDataBothWaysConcurrently()
    {
        await using var pair = await LoopbackPair.CreateAsync();
        var (client, server) = await ConnectAsync(pair);
        await using var _ = client;
        await using var __ = server;

        var fromClient = new byte[64 * 1024];
        var fromServer = new byte[48 * 1024];
        Random.Shared.NextBytes(fromClient);
        Random.Shared.NextBytes(fromServer);
        var receivedByServer = new byte[fromClient.Length];
        var receivedByClient = new byte[fromServer.Length];

        await Task.WhenAll(
            client.Stream.WriteAsync(fromClient).AsTask(),
            server.Stream.WriteAsync(fromServer).AsTask(),
            server.Stream.ReadExactlyAsync(receivedByServer).AsTask(),
            client.Stream.ReadExactlyAsync(receivedByClient).AsTask()).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.That(receivedByServer, Is.EqualTo(fromClient));
        Assert.That(receivedByClient, Is.EqualTo(fromServer));
    }

    [Test]
    public async Task ShutdownAsync_PeerReadsEndOfStream()
    {
        await using var pair = await LoopbackPair.CreateAsync();
        var (client, server) = await ConnectAsync(pair);
        await using var _ = client;
        await using var __ = server;

        await server.ShutdownAsync();
        var read = await client.Stream.ReadAsync(new byte[16]).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.That(read, Is.Zero);
    }

    [Test]
    public async Task DisposeAsync_ClosesInnerStreamUnlessLeftOpen()
    {
        await using var pair = await LoopbackPair.CreateAsync();
        var (client, server) = await ConnectAsync(pair);
        await client.DisposeAsync();
        await server.DisposeAsync();
        Assert.That(() => pair.ClientStream.Write([1]), Throws.InstanceOf<ObjectDisposedException>());

        await using var secondPair = await LoopbackPair.CreateAsync();
        var (openClient, openServer) = await ConnectAsync(secondPair, clientLeavesInnerOpen: true);
        await openClient.DisposeAsync();
        Assert.That(() => secondPair.ClientStream.Write([1]), Throws.Nothing);
        await openServer.DisposeAsync();
    }
}
