using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using UcStack.Turn.Client;
using UcStack.Turn.Server;

namespace UcStack.Benchmarks.Turn;

/// <summary>
/// ChannelData through a real relay on loopback, the same way for our <see cref="TurnServer"/> and for coturn's
/// <c>turnserver</c>: our <see cref="TurnClient"/> allocates over UDP and binds a channel to a UDP peer socket,
/// then each operation sends 160-byte ChannelData frames (20 ms of G.711) with at most
/// <see cref="Window"/> in flight and waits until the peer has received them. One operation is one packet,
/// so packets/s = 1e9 / Mean(ns). Lost packets (none expected on loopback) are waited for at most 200 ms each
/// and counted in <see cref="LostPackets"/>, printed at cleanup.
/// </summary>
/// <remarks>
/// Run: <c>dotnet run -c Release --project benchmarks/UcStack.Benchmarks -- --filter *TurnLoopbackRelay* --job short</c>.
/// <c>UcStack</c> runs our server inside the benchmark process (sharing its thread pool with the client);
/// <c>UcStack-process</c> runs it as its own process through <c>ucstack turn server</c> (build
/// <c>samples/UcStack.Tool</c> in Release first, or point <c>UCSTACK_TOOL_DLL</c> at <c>ucstack.dll</c>), which
/// is how coturn runs. The coturn case needs <c>turnserver</c> (Debian package coturn). Client, peer and
/// server share the machine's cores, so the number is end-to-end relay throughput on this host, not the
/// server's alone.
/// </remarks>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet calls GlobalCleanup, which disposes them.")]
public class TurnLoopbackRelayBenchmarks
{
    private const int Batch = 2048;
    private const string Username = "alice";
    private const string Password = "alicepass";
    private const string Realm = "example.org";

    private readonly byte[] _payload = new byte[160];
    private readonly byte[] _receiveBuffer = new byte[2048];
    private TurnServer? _ourServer;
    private StaticTurnCredentialStore? _store;
    private Process? _relayProcess;
    private string? _relayDirectory;
    private TurnClient _client = null!;
    private Socket _peer = null!;
    private IPEndPoint _peerEndPoint = null!;

    /// <summary>Which relay the packets go through.</summary>
    [Params("UcStack", "UcStack-process", "coturn")]
    public string Server { get; set; } = "UcStack";

    /// <summary>Packets in flight at most (client sends ahead of what the peer has received).</summary>
    [Params(16)]
    public int Window { get; set; } = 16;

    /// <summary>Packets that never arrived, over all operations.</summary>
    public long LostPackets { get; private set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        var server = Server switch
        {
            "coturn" => await StartCoturnAsync(),
            "UcStack-process" => await StartOurToolAsync(),
            _ => await StartOursAsync(),
        };
        _peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 1 << 20 };
        _peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _peerEndPoint = (IPEndPoint)_peer.LocalEndPoint!;
        using var setup = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        _client = await TurnClient.ConnectAsync(new TurnClientOptions { Server = server, Username = Username, Password = Password }, setup.Token);
        await _client.AllocateAsync(setup.Token);
        await _client.BindChannelAsync(_peerEndPoint, setup.Token);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// {Server}: lost packets {LostPackets}");
        _client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _peer.Dispose();
        if (_ourServer is not null)
        {
            _ourServer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        _store?.Dispose();
        if (_relayProcess is not null)
        {
            _relayProcess.Kill();
            _relayProcess.WaitForExit(5000);
            _relayProcess.Dispose();
            Directory.Delete(_relayDirectory!, recursive: true);
        }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task RelayChannelData()
    {
        var sent = 0;
        var received = 0;
        while (received < Batch)
        {
            while (sent < Batch && sent - received < Window)
            {
                await _client.SendAsync(_peerEndPoint, _payload);
                sent++;
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            try
            {
                await _peer.ReceiveAsync(_receiveBuffer, SocketFlags.None, wait.Token);
                received++;
            }
            catch (OperationCanceledException)
            {
                // Whatever is still in flight is lost; account for it and carry on.
                LostPackets += sent - received;
                received = sent;
            }
        }
    }

    private async Task<IPEndPoint> StartOursAsync()
    {
        _store = new StaticTurnCredentialStore();
        _store.AddUser(Username, Password);
        _ourServer = await TurnServer.StartAsync(new TurnServerOptions
        {
            ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Realm = Realm,
            CredentialStore = _store,
            AllowLoopbackPeers = true,
        });
        return _ourServer.LocalEndPoint;
    }

    private Task<IPEndPoint> StartCoturnAsync()
    {
        var binary = new[] { "/usr/bin/turnserver", "/usr/local/bin/turnserver" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("coturn's turnserver is not installed (apt-get install coturn).");
        var port = FreePort();
        _relayDirectory = Directory.CreateTempSubdirectory("ucstack-bench-relay-").FullName;
        return StartProcessAsync(binary, port,
        [
            "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", $"--listening-port={port}",
            "--lt-cred-mech", $"--user={Username}:{Password}", $"--realm={Realm}", "--no-cli",
            "--allow-loopback-peers", "--no-tls", "--no-dtls", "--min-port=51000", "--max-port=51999",
            $"--pidfile={Path.Combine(_relayDirectory, "turnserver.pid")}", "--log-file=stdout", "--simple-log",
        ]);
    }

    private Task<IPEndPoint> StartOurToolAsync()
    {
        var tool = Environment.GetEnvironmentVariable("UCSTACK_TOOL_DLL") ?? FindTool()
            ?? throw new InvalidOperationException("ucstack.dll not found: build samples/UcStack.Tool in Release or set UCSTACK_TOOL_DLL.");
        var port = FreePort();
        _relayDirectory = Directory.CreateTempSubdirectory("ucstack-bench-relay-").FullName;
        return StartProcessAsync("dotnet", port,
        [
            tool, "turn", "server", "--listen", $"127.0.0.1:{port}", "--realm", Realm, "--user", $"{Username}:{Password}",
            "--allow-loopback-peers", "--relay-ports", "52000-52999",
        ]);
    }

    private static string? FindTool()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "samples", "UcStack.Tool", "bin", "Release", "net10.0", "ucstack.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    /// <summary>Starts a relay process (coturn or our tool) and waits, bounded, until it listens on TCP.</summary>
    private async Task<IPEndPoint> StartProcessAsync(string fileName, int port, string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _relayDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _relayProcess = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        _relayProcess.OutputDataReceived += static (_, _) => { };
        _relayProcess.ErrorDataReceived += static (_, _) => { };
        _relayProcess.BeginOutputReadLine();
        _relayProcess.BeginErrorReadLine();
        var endPoint = new IPEndPoint(IPAddress.Loopback, port);

        // Bounded wait for the external process to listen (300 probes, 100 ms apart: slow starts on a loaded host).
        for (var attempt = 0; attempt < 300; attempt++)
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await tcp.ConnectAsync(endPoint);
                return endPoint;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException($"{fileName} did not listen on {endPoint} within 30 s.");
    }
}
