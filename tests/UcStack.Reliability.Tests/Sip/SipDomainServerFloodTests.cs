using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using UcStack.Sip;
using UcStack.Sip.Proxy;
using UcStack.Sip.Registrar;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Sip.UserAgent;

namespace UcStack.Reliability.Tests.Sip;

/// <summary>
/// The domain server composed as the sample server composes it (socket transport, one endpoint,
/// <see cref="SipDomainServer"/> with digest), flooded with unauthenticated REGISTER and INVITE requests from many
/// UDP sources and from TCP connections, while a legitimate user registers and sends a MESSAGE.
/// </summary>
[TestFixture]
public sealed class SipDomainServerFloodTests
{
    private const string Domain = "example.org";

    /// <summary>How long each legitimate operation may take under the flood (the machine is shared and loaded).</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly List<IAsyncDisposable> _cleanup = [];
    private readonly List<IDisposable> _disposables = [];

    [TearDown]
    public async Task TearDown()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--) await _cleanup[i].DisposeAsync();
        _cleanup.Clear();
        foreach (var d in _disposables) d.Dispose();
        _disposables.Clear();
    }

    private (SipEndpoint Endpoint, SipDomainServer Server) StartServer(SipEndpointOptions? endpointOptions = null)
    {
        var transport = SipSocketTransportLayer.Start(new SipSocketTransportOptions
        {
            ListenPoints =
            [
                new SipListenPoint(SipTransportProtocol.Udp, new IPEndPoint(IPAddress.Loopback, 0)),
                new SipListenPoint(SipTransportProtocol.Tcp, new IPEndPoint(IPAddress.Loopback, 0)),
            ],
            SentByHostNames = [Domain],
        });
        var endpoint = new SipEndpoint(transport, (endpointOptions ?? new SipEndpointOptions()) with { LocalUri = "sip:" + Domain, UserAgent = "UcStack.Server" });
        _cleanup.Add(endpoint);
        var server = new SipDomainServer(endpoint, new SipDomainServerOptions { Domain = Domain }, SipUserDirectory.Parse("alice:alicepass\nbob:bobpass\n"));
        _disposables.Add(server);
        endpoint.Start();
        return (endpoint, server);
    }

    private SipUserAgent StartAgent(string user)
    {
        var transport = SipSocketTransportLayer.Start(new SipSocketTransportOptions
        {
            ListenPoints = [new SipListenPoint(SipTransportProtocol.Tcp, new IPEndPoint(IPAddress.Loopback, 0))],
        });
        var endpoint = new SipEndpoint(transport, new SipEndpointOptions { LocalUri = $"sip:{user}@{Domain}", ContactUser = user });
        _cleanup.Add(endpoint);
        endpoint.Start();
        return new SipUserAgent(endpoint);
    }

    private static SipTransportTarget Target(SipEndpoint server, SipTransportProtocol protocol) =>
        new(protocol, server.ListenPoints.Single(p => p.Protocol == protocol).EndPoint);

    private async Task<TimeSpan> RegisterAsync(SipUserAgent agent, string user, SipTransportTarget target)
    {
        var registration = new SipRegistration(agent.Endpoint, new SipRegistrationOptions
        {
            RegistrarUri = "sip:" + Domain,
            AddressOfRecord = $"sip:{user}@{Domain}",
            Username = user,
            Password = user + "pass",
            Target = target,
        });
        _cleanup.Add(registration);
        var watch = Stopwatch.StartNew();
        using var cts = new CancellationTokenSource(Bound);
        await registration.RegisterAsync(cts.Token);
        return watch.Elapsed;
    }

    /// <summary>An unauthenticated request from a flooding source; a spoofed user of the domain in From, so the
    /// proxy must challenge an INVITE too.</summary>
    private static byte[] FloodRequest(string method, IPEndPoint from, string transport, int n)
    {
        var callId = $"flood-{from.Port}-{n}";
        var uri = method == "REGISTER" ? "sip:" + Domain : $"sip:bob@{Domain}";
        var contact = method == "REGISTER" ? $"Contact: <sip:mallory@{from}>\r\nExpires: 3600\r\n" : $"Contact: <sip:alice@{from}>\r\n";
        return Encoding.ASCII.GetBytes(
            $"{method} {uri} SIP/2.0\r\nVia: SIP/2.0/{transport} {from};rport;branch=z9hG4bK{callId}\r\nMax-Forwards: 70\r\n" +
            $"From: <sip:alice@{Domain}>;tag={n}\r\nTo: <sip:{(method == "REGISTER" ? "alice" : "bob")}@{Domain}>\r\nCall-ID: {callId}\r\nCSeq: 1 {method}\r\n" +
            contact + "Content-Length: 0\r\n\r\n");
    }

    /// <summary>Floods from one UDP source; counts the challenges that come back.</summary>
    private static async Task<(int Sent, int Answered)> UdpFloodAsync(IPEndPoint server, int count, CancellationToken stop)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var from = (IPEndPoint)socket.LocalEndPoint!;
        var answered = 0;
        var buffer = new byte[4096];
        var receiving = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await socket.ReceiveAsync(buffer, SocketFlags.None, stop);
                    answered++;
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }, CancellationToken.None);

        var sent = 0;
        for (; sent < count && !stop.IsCancellationRequested; sent++)
        {
            var method = sent % 3 == 2 ? "INVITE" : "REGISTER";
            await socket.SendToAsync(FloodRequest(method, from, "UDP", sent), SocketFlags.None, server, stop);
        }

        try
        {
            await receiving.WaitAsync(stop);
        }
        catch (OperationCanceledException)
        {
            // The test ended the flood.
        }

        return (sent, answered);
    }

    /// <summary>Floods down one TCP connection, pipelined, without reading the answers until the end.</summary>
    private static async Task<int> TcpFloodAsync(IPEndPoint server, int count, CancellationToken stop)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server, stop);
        var from = (IPEndPoint)socket.LocalEndPoint!;
        var sent = 0;
        try
        {
            for (; sent < count && !stop.IsCancellationRequested; sent++)
            {
                await socket.SendAsync(FloodRequest(sent % 3 == 2 ? "INVITE" : "REGISTER", from, "TCP", sent), SocketFlags.None, stop);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            // The server closed the connection or the test ended the flood.
        }

        return sent;
    }

    [Test]
    public async Task UnauthenticatedFlood_FromManySources_LegitimateRegisterAndMessageComplete()
    {
        var (endpoint, server) = StartServer();
        var udp = Target(endpoint, SipTransportProtocol.Udp).EndPoint;
        var tcp = Target(endpoint, SipTransportProtocol.Tcp);
        var alice = StartAgent("alice");
        var bob = StartAgent("bob");
        var inbox = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        bob.Endpoint.RequestReceived = async request =>
        {
            if (request.Request.MethodKind == SipMethodKind.Message) inbox.TrySetResult(Encoding.UTF8.GetString(request.Request.Body.Span));
            await request.RespondAsync(200);
        };
        await RegisterAsync(bob, "bob", tcp);

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        const int UdpSources = 8, PerUdpSource = 600, TcpSources = 2, PerTcpSource = 1000;
        var udpFloods = Enumerable.Range(0, UdpSources).Select(_ => Task.Run(() => UdpFloodAsync(udp, PerUdpSource, stop.Token), CancellationToken.None)).ToArray();
        var tcpFloods = Enumerable.Range(0, TcpSources).Select(_ => Task.Run(() => TcpFloodAsync(tcp.EndPoint, PerTcpSource, stop.Token), CancellationToken.None)).ToArray();

        // The legitimate user, while the flood runs: digest registration, then an instant message to bob.
        var registered = await RegisterAsync(alice, "alice", tcp);
        var watch = Stopwatch.StartNew();
        using (var cts = new CancellationTokenSource(Bound))
        using (var sent = await alice.SendMessageAsync($"sip:bob@{Domain}", "still here"u8.ToArray(), target: tcp, cancellationToken: cts.Token))
        {
            Assert.That(sent.StatusCode, Is.EqualTo(200));
        }

        Assert.That(await inbox.Task.WaitAsync(Bound), Is.EqualTo("still here"));
        var messaged = watch.Elapsed;

        var tcpSent = await Task.WhenAll(tcpFloods).WaitAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
        await stop.CancelAsync();
        var udpResults = await Task.WhenAll(udpFloods).WaitAsync(TimeSpan.FromSeconds(30));
        var flood = udpResults.Sum(r => r.Sent) + tcpSent.Sum();
        TestContext.Out.WriteLine($"flood: {flood} requests ({udpResults.Sum(r => r.Sent)} UDP from {UdpSources} sources, {tcpSent.Sum()} TCP), " +
            $"{udpResults.Sum(r => r.Answered)} UDP challenges seen; alice registered in {registered.TotalMilliseconds:F0} ms, MESSAGE in {messaged.TotalMilliseconds:F0} ms");

        Assert.That(flood, Is.GreaterThanOrEqualTo(5000), "the flood really ran");
        var bindings = await server.Locations.LookupAsync($"sip:alice@{Domain}");
        Assert.That(bindings, Has.Count.EqualTo(1), "no unauthenticated binding was added");
        Assert.That(bindings[0].AuthenticatedUser, Is.EqualTo("alice"));
    }
}
