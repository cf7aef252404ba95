using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using UcStack.Sip;
using UcStack.Sip.Registrar;
using UcStack.Sip.Transport;

namespace UcStack.Server.Tests;

/// <summary>SIPp (Debian <c>sip-tester</c>) against the server on loopback: the built-in <c>uac</c> calls
/// <c>bob</c> at the server's address, and the proxy routes the call to a built-in <c>uas</c> registered as bob
/// through the location service API. Fails with a clear message when sipp is not installed.</summary>
[TestFixture]
public sealed class SippInteropTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Test]
    public async Task SippUac_ThroughTheProxy_ReachesSippUasRegisteredAsBob()
    {
        var sipp = FindSipp() ?? throw new AssertionException("sipp is not installed: this test needs it (apt-get install -y sip-tester).");
        var options = TestServer.Loopback();
        options.Sip.TcpPort = -1;
        await using var host = await TestServer.StartAsync(options);
        var server = host.Sip;
        var proxy = server.ListenPoints.Single(p => p.Protocol == SipTransportProtocol.Udp).EndPoint;
        var uasPort = FreeUdpPort();
        var uacPort = FreeUdpPort();
        var bound = await server.Server!.Locations.ApplyAsync(new SipBindingUpdate(
            "sip:bob@example.org", "sipp-uas", 1, false,
            [new SipContactChange(AddressUri.Parse($"sip:bob@127.0.0.1:{uasPort}"), TimeSpan.FromMinutes(10), 1m)], null, null));
        Assert.That(bound.Status, Is.EqualTo(SipBindingUpdateStatus.Applied));

        using var uas = Start(sipp, "-sn", "uas", "-i", "127.0.0.1", "-p", Text(uasPort), "-m", "1");
        using var uac = Start(sipp, "-sn", "uac", "-s", "bob", "-i", "127.0.0.1", "-p", Text(uacPort), "-m", "1", $"127.0.0.1:{proxy.Port}");
        try
        {
            var uacOutput = await WaitAsync(uac);
            var uasOutput = await WaitAsync(uas);
            Assert.That(uac.ExitCode, Is.Zero, "sipp uac: " + uacOutput);
            Assert.That(uas.ExitCode, Is.Zero, "sipp uas: " + uasOutput);
        }
        finally
        {
            Kill(uac);
            Kill(uas);
        }
    }

    [Test]
    public async Task SippMessage_ThroughTheProxy_ReachesSippBob()
    {
        var sipp = FindSipp() ?? throw new AssertionException("sipp is not installed: this test needs it (apt-get install -y sip-tester).");
        var options = TestServer.Loopback();
        options.Sip.TcpPort = -1;
        await using var host = await TestServer.StartAsync(options);
        var server = host.Sip;
        var proxy = server.ListenPoints.Single(p => p.Protocol == SipTransportProtocol.Udp).EndPoint;
        var bobPort = FreeUdpPort();
        var senderPort = FreeUdpPort();
        await server.Server!.Locations.ApplyAsync(new SipBindingUpdate(
            "sip:bob@example.org", "sipp-bob", 1, false,
            [new SipContactChange(AddressUri.Parse($"sip:bob@127.0.0.1:{bobPort}"), TimeSpan.FromMinutes(10), 1m)], null, null));
        var fixtures = Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "sipp");

        using var bob = Start(sipp, "-sf", Path.Combine(fixtures, "message-receive.xml"), "-i", "127.0.0.1", "-p", Text(bobPort), "-m", "1");
        using var sender = Start(sipp, "-sf", Path.Combine(fixtures, "message-send.xml"), "-i", "127.0.0.1", "-p", Text(senderPort), "-m", "1",
            $"127.0.0.1:{proxy.Port}");
        try
        {
            var senderOutput = await WaitAsync(sender);
            var bobOutput = await WaitAsync(bob);
            Assert.That(sender.ExitCode, Is.Zero, "sipp sender: " + senderOutput);
            Assert.That(bob.ExitCode, Is.Zero, "sipp bob: " + bobOutput);
        }
        finally
        {
            Kill(sender);
            Kill(bob);
        }
    }

    [Test]
    public async Task SippRegister_WithDigest_IsBound()
    {
        var sipp = FindSipp() ?? throw new AssertionException("sipp is not installed: this test needs it (apt-get install -y sip-tester).");

        // SIPp 3.6 answers only the first challenge and only MD5 ("createAuthHeader: authentication must use MD5").
        var options = TestServer.Loopback();
        options.Sip.TcpPort = -1;
        options.Sip.DigestAlgorithms = "MD5";
        await using var host = await TestServer.StartAsync(options);
        var server = host.Sip;
        var registrar = server.ListenPoints.Single(p => p.Protocol == SipTransportProtocol.Udp).EndPoint;
        var port = FreeUdpPort();
        var fixtures = Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "sipp");
        using var alice = Start(sipp, "-sf", Path.Combine(fixtures, "register-digest.xml"), "-i", "127.0.0.1", "-p", Text(port), "-m", "1",
            $"127.0.0.1:{registrar.Port}");
        try
        {
            var output = await WaitAsync(alice);
            Assert.That(alice.ExitCode, Is.Zero, "sipp: " + output);
        }
        finally
        {
            Kill(alice);
        }

        var bindings = await server.Server!.Locations.LookupAsync("sip:alice@example.org");
        Assert.That(bindings.Select(b => b.Contact.ToString()), Is.EqualTo(new[] { $"sip:alice@127.0.0.1:{port}" }));
        Assert.That(bindings[0].AuthenticatedUser, Is.EqualTo("alice"));
    }

    private static Process Start(string sipp, params string[] arguments)
    {
        var info = new ProcessStartInfo(sipp)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.ArgumentList.Add("-nostdin");
        return Process.Start(info) ?? throw new InvalidOperationException("sipp did not start.");
    }

    private static async Task<string> WaitAsync(Process process)
    {
        using var cts = new CancellationTokenSource(Bound);
        var output = process.StandardOutput.ReadToEndAsync(cts.Token);
        var error = process.StandardError.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        var text = await output + await error;
        return text.Length > 2000 ? text[^2000..] : text;
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string? FindSipp() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Where(d => d.Length > 0).Select(d => Path.Combine(d, "sipp")).FirstOrDefault(File.Exists);
}
