using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;

namespace UcStack.Tls.Tests;

/// <summary>The usage example of src/UcStack.Tls/README.md, kept here so that it compiles and runs.</summary>
[TestFixture]
public sealed class ReadmeExampleTests
{
    [Test]
    public async Task ReadmeExample_MutualTlsOnLoopback()
    {
        var output = new StringWriter();

        // --- README example begins ---
        // Server: a development certificate, mutual TLS, only peers under *.contoso.example.
        using var serverCertificate = TlsCertificates.CreateDevelopmentCertificate(["pool.contoso.example"]);
        using var clientCertificate = TlsCertificates.CreateDevelopmentCertificate(["edge1.contoso.example"]);
        var serverOptions = new TlsServerOptions
        {
            ServerCertificate = serverCertificate,
            ClientCertificateMode = TlsClientCertificateMode.Required,
            TrustedClientRoots = [clientCertificate],
            PeerAuthorization = new TlsPeerAuthorization(["*.contoso.example"]),
        };
        var clientOptions = new TlsClientOptions
        {
            TargetHost = "pool.contoso.example",
            TrustedRoots = [serverCertificate],
            ClientCertificate = clientCertificate,
        };

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var tcpClient = new TcpClient();
        await tcpClient.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var tcpServer = await listener.AcceptTcpClientAsync();

        var accepting = new TlsAcceptor().AcceptAsync(tcpServer.GetStream(), serverOptions);
        await using var client = await new TlsConnector().ConnectAsync(tcpClient.GetStream(), clientOptions);
        await using var server = await accepting;

        output.WriteLine($"{client.Protocol} {client.CipherSuite}; server sees peer {server.AuthorizedPeerName}");
        await client.Stream.WriteAsync("OPTIONS sip:pool.contoso.example SIP/2.0\r\n"u8.ToArray());
        // --- README example ends ---

        var received = new byte[42];
        await server.Stream.ReadExactlyAsync(received);
        Assert.That(received, Is.EqualTo("OPTIONS sip:pool.contoso.example SIP/2.0\r\n"u8.ToArray()));
        Assert.That(output.ToString(), Does.Contain("server sees peer edge1.contoso.example"));
        Assert.That(client.Protocol, Is.EqualTo(SslProtocols.Tls13));
    }

    [Test]
    public void ReadmeExample_MatchesTheReadme()
    {
        // Found from the test's output folder, not [CallerFilePath]: CI builds with deterministic source
        // paths (/_/...), which do not exist on disk.
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "src", "UcStack.Tls", "README.md"));
        var source = File.ReadAllText(Path.Combine(root, "tests", "UcStack.Tls.Tests", "ReadmeExampleTests.cs"));
        var start = source.IndexOf("// --- README example begins ---", StringComparison.Ordinal);
        var end = source.IndexOf("        // --- README example ends ---", StringComparison.Ordinal);
        var lines = source[start..end].Split('\n').Skip(1)
            .Select(l => l.TrimEnd('\r'))
            .Select(l => l.Length >= 8 ? l[8..] : l.Trim())
            .Select(l => l.Replace("output.WriteLine", "Console.WriteLine", StringComparison.Ordinal))
            .ToList();
        Assert.That(lines.Count(l => l.Length > 0), Is.GreaterThan(25));
        foreach (var line in lines.Where(l => l.Length > 0))
        {
            Assert.That(readme, Does.Contain(line));
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "UcStack.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("UcStack.sln not found above " + AppContext.BaseDirectory);
    }
}
