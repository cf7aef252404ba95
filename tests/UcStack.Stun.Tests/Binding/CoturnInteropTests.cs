using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace UcStack.Stun.Tests.Binding;

/// <summary>
/// Interop with coturn (Debian package <c>coturn</c>): its <c>turnutils_stunclient</c> against our Binding
/// server, and our client against its <c>turnserver</c> bound to loopback only. Inconclusive where coturn
/// is not installed.
/// </summary>
[TestFixture]
public sealed class CoturnInteropTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static string RequireTool(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        Assert.Inconclusive($"{name} is not installed (apt-get install coturn).");
        return name;
    }

    private static async Task<(int Exit, string Output)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(Wait);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        return (process.ExitCode, await output + await error);
    }

    [Test]
    public async Task TurnutilsStunclient_AgainstOurServer_GetsReflexiveAddress()
    {
        var client = RequireTool("turnutils_stunclient");
        await using var server = StunBindingServer.Start(new StunBindingServerOptions { LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0) });

        var (exit, output) = await RunAsync(client, "-p", server.UdpEndPoint!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "127.0.0.1");

        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Match(@"UDP reflexive addr: 127\.0\.0\.1:\d+"));
    }

    [Test]
    public async Task OurClient_AgainstTurnserver_GetsMappedAddressOverUdpAndTcp()
    {
        var turnserver = RequireTool("turnserver");
        var port = FreePort();
        var start = new ProcessStartInfo(turnserver) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-n", "-L", "127.0.0.1", "--listening-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--no-tls", "--no-dtls", "--no-cli", "--log-file", "stdout" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        try
        {
            var endPoint = new IPEndPoint(IPAddress.Loopback, port);
            var quick = new StunTransactionOptions { InitialRto = TimeSpan.FromMilliseconds(100), MaxRequestCount = 10, ReliableTimeout = TimeSpan.FromSeconds(2) };
            var client = new StunBindingClient(quick);

            var udp = await client.GetMappedAddressAsync(endPoint).WaitAsync(Wait);
            Assert.That(udp.Address, Is.EqualTo(IPAddress.Loopback));

            var tcp = await client.GetMappedAddressAsync(endPoint, new StunBindingRequestOptions { UseTcp = true }).WaitAsync(Wait);
            Assert.That(tcp.Address, Is.EqualTo(IPAddress.Loopback));
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
        using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
        return port;
    }
}
