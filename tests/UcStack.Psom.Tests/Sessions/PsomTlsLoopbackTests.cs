using System.Net;
using System.Net.Sockets;
using UcStack.Tls;

namespace UcStack.Psom.Tests.Sessions;

[TestFixture]
public sealed class PsomTlsLoopbackTests
{
    [Test]
    public async Task Tls_DevCertificate_SessionWorksEndToEnd()
    {
        using var certificate = TlsCertificates.CreateDevelopmentCertificate(["localhost"]);
        using var key = PsomAdmissionKey.CreateRandom();
        await using var server = new PsomServer(new PsomServerOptions { AdmissionKey = key });
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource(PsomHarness.Guard);
        var serving = server.ServeAsync(listener, new TlsServerOptions { ServerCertificate = certificate }, stop.Token);
        var tlsClient = new TlsClientOptions { TargetHost = "localhost", TrustedRoots = [certificate], UseSystemTrustStore = false };

        PsomClient? alice = null, bob = null;
        var tcpA = new TcpClient();
        var tcpB = new TcpClient();
        try
        {
            await tcpA.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port, stop.Token);
            await tcpB.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port, stop.Token);
            alice = await PsomClient.ConnectTlsAsync(tcpA.GetStream(), tlsClient, Options(key, "alice", PsomRole.Presenter), cancellationToken: stop.Token);
            bob = await PsomClient.ConnectTlsAsync(tcpB.GetStream(), tlsClient, Options(key, "bob", PsomRole.Attendee), cancellationToken: stop.Token);
            await bob.SubscribeAsync(cancellationToken: stop.Token);
            var poll = await alice.CreateAsync(1, PsomObjectTypes.Poll, PsomHarness.Props(("question", "TLS?")), cancellationToken: stop.Token);
            await PsomHarness.EventuallyAsync(() => bob.Replica.TryGet(poll.ObjectId, out _), "bob sees the poll over TLS");
            await bob.CreateAsync(poll.ObjectId, PsomObjectTypes.PollVote, PsomHarness.Props(("choice", 0L)), cancellationToken: stop.Token);
            var tally = await alice.InvokeAsync(poll.ObjectId, "tally", cancellationToken: stop.Token);
            Assert.That(tally["total"].AsInteger(), Is.EqualTo(1));
        }
        finally
        {
            if (alice is not null)
            {
                await alice.DisposeAsync();
            }

            if (bob is not null)
            {
                await bob.DisposeAsync();
            }

            tcpA.Dispose();
            tcpB.Dispose();
            await stop.CancelAsync();
            await serving.WaitAsync(PsomHarness.Guard);
        }
    }

    private static PsomClientOptions Options(PsomAdmissionKey key, string user, PsomRole role) => new()
    {
        ConferenceId = "tls-conf",
        User = user,
        Role = role,
        Token = PsomAdmissionToken.Issue(key, "tls-conf", user, role, TimeSpan.FromMinutes(5)),
    };
}
