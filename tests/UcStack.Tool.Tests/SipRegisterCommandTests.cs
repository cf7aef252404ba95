using System.Net;
using UcStack.Sip;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Tool.Sip;

namespace UcStack.Tool.Tests;

/// <summary><c>sip register</c> against a small registrar on loopback that challenges (401) and then accepts (200).</summary>
public sealed class SipRegisterCommandTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private SipEndpoint _registrar = null!;
    private DigestAuthenticator _authenticator = null!;
    private readonly List<(bool Authorized, string Expires)> _registers = [];

    [SetUp]
    public void SetUp()
    {
        _registers.Clear();
        _authenticator = new DigestAuthenticator(
            new DigestAuthenticatorOptions { Realm = "tool.test" },
            (user, _, _) => ValueTask.FromResult(user == "alice" ? DigestSecret.FromPassword("secret") : null));
        var transport = SipSocketTransportLayer.Start(new SipSocketTransportOptions
        {
            ListenPoints = [new SipListenPoint(SipTransportProtocol.Udp, new IPEndPoint(IPAddress.Loopback, 0))],
        });
        _registrar = new SipEndpoint(transport, new SipEndpointOptions { LocalUri = "sip:registrar@127.0.0.1" });
        _registrar.RequestReceived = async request =>
        {
            var message = request.Request;
            var expires = message.Headers.GetValues("Expires").SingleOrDefault() ?? "";
            lock (_registers) _registers.Add((message.Authorization.Count > 0, expires));
            var verification = await request.AuthenticateAsync(_authenticator);
            if (!verification.IsAuthenticated) return;

            // RFC 3261 §10.3 step 8: the 200 lists the binding with the lifetime granted (here capped at 300 s).
            var contact = message.Headers.GetValues("Contact").Single();
            var granted = expires == "0" ? "0" : "300";
            await request.RespondAsync(200, headers: [new("Contact", $"{contact};expires={granted}")]);
        };
        _registrar.Start();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _registrar.DisposeAsync();
        _authenticator.Dispose();
    }

    private string RegistrarUri => $"sip:127.0.0.1:{_registrar.ListenPoints[0].EndPoint.Port}";

    [Test]
    public async Task Register_RightPassword_ChallengedThenRegistered_PrintsContactAndGrantedExpiry()
    {
        using var timeout = new CancellationTokenSource(Bound);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await SipRegisterCommand.RunAsync(RegistrarUri, "alice", "secret", 3600, SipTransportProtocol.Udp, false, output, error, timeout.Token);

        Assert.That(exit, Is.Zero, error.ToString());
        Assert.That(output.ToString(), Does.Match(@"^registered: sip:alice@127\.0\.0\.1:\d+ expires 300\r?\n$"));
        lock (_registers)
        {
            // 401 first, then the authorized REGISTER, then the removal on exit.
            Assert.That(_registers.Take(2), Is.EqualTo(new[] { (false, "3600"), (true, "3600") }));
            Assert.That(_registers[^1].Expires, Is.EqualTo("0"));
        }
    }

    [Test]
    public async Task Register_WrongPassword_ExitsOneWithTheStatus()
    {
        using var timeout = new CancellationTokenSource(Bound);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await SipRegisterCommand.RunAsync(RegistrarUri, "alice", "wrong", 60, SipTransportProtocol.Udp, false, output, error, timeout.Token);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output.ToString(), Is.Empty);
        Assert.That(error.ToString(), Does.Contain("401"));
    }

    [Test]
    public async Task Register_ThroughCommandLine_MissingPassword_ExitsTwo()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await ToolApp.RunAsync(["sip", "register", RegistrarUri, "--user", "alice"], output, error);

        Assert.That(exit, Is.EqualTo(2));
    }
}
