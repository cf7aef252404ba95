using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace UcStack.Testing.Interop;

/// <summary>
/// A coturn <c>turnserver</c> on 127.0.0.1 for one fixture: started on a free port, killed on dispose. Shared
/// source, compiled into each test project that runs coturn (Turn, Ice).
/// Missing coturn is a failure with the install line, never a silent pass.
/// </summary>
internal sealed class CoturnServer : IDisposable
{
    public const string Username = "alice";
    public const string Password = "alicepass";
    public const string Realm = "example.org";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _directory;

    private CoturnServer(Process process, int port, string directory)
    {
        _process = process;
        Port = port;
        _directory = directory;
    }

    public int Port { get; }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<CoturnServer> StartAsync()
    {
        var binary = new[] { "/usr/bin/turnserver", "/usr/local/bin/turnserver" }.FirstOrDefault(File.Exists);
        if (binary is null)
        {
            Assert.Fail("coturn's turnserver is not installed. Install it with: apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y coturn");
        }

        var port = FreePort();
        var relayBase = 50000 + (port % 1000) * 10;
        var directory = Directory.CreateTempSubdirectory("ucstack-coturn-").FullName;
        var arguments = new[]
        {
            "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", $"--listening-port={port}",
            "--lt-cred-mech", $"--user={Username}:{Password}", $"--realm={Realm}", "--no-cli",
            "--allow-loopback-peers", "--fingerprint", "--no-tls", "--no-dtls",
            $"--min-port={relayBase}", $"--max-port={relayBase + 9}",
            $"--pidfile={Path.Combine(directory, "turnserver.pid")}", "--log-file=stdout", "--simple-log",
        };
        var start = new ProcessStartInfo(binary!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("turnserver did not start.");
        var server = new CoturnServer(process, port, directory);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilListeningAsync();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 200_000)
            {
                _output.AppendLine(line);
            }
        }
    }

    private async Task WaitUntilListeningAsync()
    {
        // Bounded: 300 tries, 100 ms apart (coturn starts slowly on a loaded machine).
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"turnserver exited with {_process.ExitCode}:\n{Output}");
            }

            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync(EndPoint);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        Assert.Fail($"turnserver did not listen on {EndPoint} within 30 s:\n{Output}");
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
