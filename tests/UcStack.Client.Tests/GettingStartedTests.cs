using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using UcStack.Client.Demo;
using UcStack.Sip;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Sip.UserAgent;
using UcStack.Srtp;
using UcStack.Srtp.Rtp;

namespace UcStack.Client.Tests;

/// <summary>The two programs of docs/getting-started.md, as written there (keep them in step).</summary>
[TestFixture]
public sealed partial class GettingStartedTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [GeneratedRegex(@"SIP for \S+ on Tcp (?<endpoint>\S+)")]
    private static partial Regex TcpListener();

    [Test]
    public async Task RegisterAndMessage_AgainstTheSampleServer_Delivers()
    {
        using var cts = new CancellationTokenSource(Bound);
        var serverProcess = ChildProcess.StartDotnet("server", FindServer(), ["--Server:Sip:UdpPort=-1", "--Server:Sip:TcpPort=0", "--Server:Sip:TlsPort=-1", "--Server:Turn:Port=0", "--Server:Psom:Port=0", "--Server:Federation:Port=-1", "--Server:Https:Port=0"]);
        SipEndpoint? bobEndpoint = null;
        try
        {
            var (line, _) = await serverProcess.WaitForLineAsync(l => TcpListener().IsMatch(l), 0, Bound, "TCP listener", cts.Token);
            var server = new SipTransportTarget(SipTransportProtocol.Tcp, IPEndPoint.Parse(TcpListener().Match(line).Groups["endpoint"].Value));

            // bob, to receive: the same shape as alice below.
            var inbox = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            bobEndpoint = new SipEndpoint(
                SipSocketTransportLayer.Start(new SipSocketTransportOptions { ListenPoints = [new SipListenPoint(SipTransportProtocol.Tcp, new IPEndPoint(IPAddress.Loopback, 0))] }),
                new SipEndpointOptions { LocalUri = "sip:bob@example.org", ContactUser = "bob", ResolveTarget = _ => server });
            bobEndpoint.RequestReceived = async incoming =>
            {
                inbox.TrySetResult(Encoding.UTF8.GetString(incoming.Request.Body.Span));
                await incoming.RespondAsync(200);
            };
            bobEndpoint.Start();
            await using var bobRegistration = new SipRegistration(bobEndpoint, new SipRegistrationOptions
            {
                RegistrarUri = "sip:example.org", AddressOfRecord = "sip:bob@example.org", Username = "bob", Password = "bobpass", Target = server,
            });
            await bobRegistration.RegisterAsync(cts.Token);

            // --- docs/getting-started.md, "Register and send an instant message" (the server target comes from above) ---
            var transport = SipSocketTransportLayer.Start(new SipSocketTransportOptions
            {
                ListenPoints = [new SipListenPoint(SipTransportProtocol.Tcp, new IPEndPoint(IPAddress.Loopback, 0))],
            });
            await using var endpoint = new SipEndpoint(transport, new SipEndpointOptions
            {
                LocalUri = "sip:alice@example.org",
                ContactUser = "alice",
                DigestClient = new DigestClient("alice", "alicepass"), // answers the proxy's 407 challenges
                ResolveTarget = _ => server,                          // every request goes through the server
            });
            var agent = new SipUserAgent(endpoint);
            endpoint.RequestReceived = async incoming =>
            {
                var text = Encoding.UTF8.GetString(incoming.Request.Body.Span); // read before answering
                await incoming.RespondAsync(200);
                Console.WriteLine($"{incoming.Request.Method}: {text}");
            };
            endpoint.Start();

            await using var registration = new SipRegistration(endpoint, new SipRegistrationOptions
            {
                RegistrarUri = "sip:example.org",
                AddressOfRecord = "sip:alice@example.org",
                Username = "alice",
                Password = "alicepass",
                Target = server,
            });
            var granted = await registration.RegisterAsync();
            using var response = await agent.SendMessageAsync("sip:bob@example.org", "Hello, Bob"u8.ToArray(), target: server);
            Console.WriteLine($"registered for {granted}; MESSAGE answered {response.StatusCode}");
            // --- end of the snippet ---

            Assert.That(granted, Is.GreaterThan(TimeSpan.Zero));
            Assert.That(response.StatusCode, Is.EqualTo(200));
            Assert.That(await inbox.Task.WaitAsync(cts.Token), Is.EqualTo("Hello, Bob"));
        }
        finally
        {
            if (bobEndpoint is not null) await bobEndpoint.DisposeAsync();
            await serverProcess.DisposeAsync();
        }
    }

    [Test]
    public void ProtectUnprotect_AsInTheGuide_RoundTrips()
    {
        // --- docs/getting-started.md, "Protect and unprotect RTP with SRTP" ---
        var keyParams = "inline:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(30));
        using var sendPolicy = SrtpPolicy.FromSdesInline(SrtpSuite.AesCm128HmacSha1Tag80, keyParams);
        using var receivePolicy = SrtpPolicy.FromSdesInline(SrtpSuite.AesCm128HmacSha1Tag80, keyParams);
        using var sender = new SrtpContext(sendPolicy);
        using var receiver = new SrtpContext(receivePolicy);

        var packet = new byte[1500];
        var payload = new byte[160];
        RtpPacketWriter.TryWrite(packet, new RtpHeader(Marker: true, PayloadType: 0, SequenceNumber: 1, Timestamp: 0, Ssrc: 0x1234), default, payload, out var rtpLength);
        var status = sender.ProtectRtp(packet, rtpLength, out var srtpLength);
        Assert.That(status, Is.EqualTo(SrtpStatus.Ok));
        var onTheWire = packet.AsSpan(0, srtpLength).ToArray();
        status = receiver.UnprotectRtp(packet.AsSpan(0, srtpLength), out var plainLength);
        // --- end of the snippet ---

        Assert.That(status, Is.EqualTo(SrtpStatus.Ok));
        Assert.That(plainLength, Is.EqualTo(12 + 160));
        Assert.That(srtpLength, Is.EqualTo(plainLength + 10), "an 80-bit tag");
        Assert.That(receiver.UnprotectRtp(onTheWire, out _), Is.EqualTo(SrtpStatus.Replayed));
    }

    private static string FindServer()
    {
        var baseDirectory = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var targetFramework = Path.GetFileName(baseDirectory);
        var configuration = Path.GetFileName(Path.GetDirectoryName(baseDirectory))!;
        for (var directory = new DirectoryInfo(baseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "samples", "UcStack.Server", "bin", configuration, targetFramework, "ucstack-server.dll");
            if (File.Exists(candidate)) return candidate;
        }

        throw new FileNotFoundException("samples/UcStack.Server is not built");
    }
}
