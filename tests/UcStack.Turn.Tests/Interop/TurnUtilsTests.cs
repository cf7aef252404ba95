using System.Diagnostics;
using System.Net;
using System.Text;
using UcStack.Turn.Server;

namespace UcStack.Turn.Tests.Interop;

/// <summary>
/// coturn's test clients (Debian package <c>coturn</c>) against our server on loopback. These tests fail,
/// never skip, when the tools are missing: CI installs them.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class TurnUtilsTests
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    private StaticTurnCredentialStore? _store;
    private TurnServer? _server;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        foreach (var tool in new[] { "turnutils_uclient", "turnutils_stunclient" })
        {
            if (FindOnPath(tool) is null)
            {
                Assert.Fail($"{tool} is not installed: apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y coturn");
            }
        }

        _store = new StaticTurnCredentialStore();
        _store.AddUser("alice", "alicepass");
        _server = await TurnServer.StartAsync(new TurnServerOptions
        {
            ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Realm = "example.org",
            CredentialStore = _store,
            AllowLoopbackPeers = true,
            // turnutils_uclient picks channel numbers from the RFC 5766 range (up to 0x7FFF).
            AllowRfc5766ChannelNumbers = true,
            RelayPortMin = 40000,
            RelayPortMax = 60000,
        });
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _store?.Dispose();
    }

    [TestCase(false, TestName = "Uclient_Udp_RelaysBetweenTwoAllocations")]
    [TestCase(true, TestName = "Uclient_Tcp_RelaysBetweenTwoAllocations")]
    public async Task Uclient_ClientToClient_NoLostPackets(bool tcp)
    {
        var arguments = new List<string> { "-u", "alice", "-w", "alicepass", "-y", "-n", "10", "-p", Port() };
        if (tcp)
        {
            arguments.Add("-t");
        }

        arguments.Add("127.0.0.1");
        var (exitCode, output) = await RunAsync("turnutils_uclient", arguments);

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("Total lost packets 0 (0.000000%)"), output);
        Assert.That(output, Does.Match(@"start_mclient: tot_send_msgs=([1-9][0-9]*), tot_recv_msgs=\1\b"), output);
    }

    [Test]
    public async Task Uclient_SendIndications_NoLostPackets()
    {
        var (exitCode, output) = await RunAsync("turnutils_uclient", ["-u", "alice", "-w", "alicepass", "-y", "-s", "-n", "10", "-p", Port(), "127.0.0.1"]);

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("Total lost packets 0 (0.000000%)"), output);
        Assert.That(output, Does.Match(@"start_mclient: tot_send_msgs=([1-9][0-9]*), tot_recv_msgs=\1\b"), output);
    }

    [Test]
    public async Task Stunclient_Binding_ReportsMappedAddress()
    {
        var (exitCode, output) = await RunAsync("turnutils_stunclient", ["-p", Port(), "127.0.0.1"]);

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("UDP reflexive addr: 127.0.0.1:"), output);
    }

    private string Port() => _server!.LocalEndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<(int ExitCode, string Output)> RunAsync(string tool, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = info };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(ToolTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"{tool} did not finish within {ToolTimeout.TotalSeconds} s:\n{output}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    private static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(File.Exists);
}
