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
/// The coturn case needs <c>turnserver</c> (Debian package coturn) and starts its own instance on 127.0.0.1.
/// Client, peer and server share the machine's cores, so the number is end-to-end relay throughput on this
/// host, not the server's alone.
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
    private Process? _coturn;
    private string? _coturnDirectory;
    private TurnClient _client = null!;
    private Socket _peer = null!;
    private IPEndPoint _peerEndPoint = null!;

    /// <summary>Which relay the packets go through.</summary>
    [Params("UcStack", "coturn")]
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
        var server = Server == "coturn" ? await StartCoturnAsync() : await StartOursAsync();
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
        if (_coturn is not null)
        {
            _coturn.Kill();
            _coturn.WaitForExit(5000);
            _coturn.Dispose();
            Directory.Delete(_coturnDirectory!, recursive: true);
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

    private async Task<IPEndPoint> StartCoturnAsync()
    {
        var binary = new[] { "/usr/bin/turnserver", "/usr/local/bin/turnserver" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("coturn's turnserver is not installed (apt-get install coturn).");
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        _coturnDirectory = Directory.CreateTempSubdirectory("ucstack-bench-coturn-").FullName;
        var start = new ProcessStartInfo(binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _coturnDirectory,
        };
        foreach (var argument in new[]
        {
            "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", $"--listening-port={port}",
            "--lt-cred-mech", $"--user={Username}:{Password}", $"--realm={Realm}", "--no-cli",
            "--allow-loopback-peers", "--no-tls", "--no-dtls", "--min-port=51000", "--max-port=51999",
            $"--pidfile={Path.Combine(_coturnDirectory, "turnserver.pid")}", "--log-file=stdout", "--simple-log",
        })
        {
            start.ArgumentList.Add(argument);
        }

        _coturn = Process.Start(start) ?? throw new InvalidOperationException("turnserver did not start.");
        _coturn.OutputDataReceived += static (_, _) => { };
        _coturn.ErrorDataReceived += static (_, _) => { };
        _coturn.BeginOutputReadLine();
        _coturn.BeginErrorReadLine();
        var endPoint = new IPEndPoint(IPAddress.Loopback, port);

        // Bounded wait for the external process to listen (100 probes, 100 ms apart).
        for (var attempt = 0; attempt < 100; attempt++)
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

        throw new InvalidOperationException($"turnserver did not listen on {endPoint} within 10 s.");
    }
}
