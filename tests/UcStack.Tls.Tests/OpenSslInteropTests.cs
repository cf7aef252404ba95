using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using UcStack.Tls.Tests.Support;

namespace UcStack.Tls.Tests;

/// <summary>Mutual TLS against OpenSSL's s_server and s_client on loopback.</summary>
[TestFixture]
public sealed class OpenSslInteropTests
{
    private TestPki _pki = null!;
    private X509Certificate2 _serverCertificate = null!;
    private X509Certificate2 _clientCertificate = null!;
    private string _directory = null!;

    [OneTimeSetUp]
    public void CreateMaterial()
    {
        _pki = new TestPki();
        _serverCertificate = _pki.Issue("pool.contoso.example", ["pool.contoso.example"]);
        _clientCertificate = _pki.Issue("edge1.contoso.example", ["edge1.contoso.example"]);
        _directory = Directory.CreateTempSubdirectory("ucstack-tls-openssl-").FullName;
        File.WriteAllText(Path("root.pem"), _pki.Root.ExportCertificatePem());
        WritePem(_serverCertificate, "server");
        WritePem(_clientCertificate, "client");
    }

    [OneTimeTearDown]
    public void DisposeMaterial()
    {
        _serverCertificate.Dispose();
        _clientCertificate.Dispose();
        _pki.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task Connect_ToOpenSslServerRequiringClientCertificate_Succeeds()
    {
        var port = OpenSslProcess.FreeLoopbackPort();
        using var server = StartServer(port);
        await server.WaitUntilReadyAsync();

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var connection = await new TlsConnector().ConnectAsync(
            tcp.GetStream(),
            new TlsClientOptions
            {
                TargetHost = "pool.contoso.example",
                TrustedRoots = [_pki.Root],
                ClientCertificate = _clientCertificate,
            });

        var response = await ExchangeAsync(connection.Stream);
        Assert.That(response, Does.StartWith("HTTP/1.0 200 ok"), server.StandardError);

        // s_server -www echoes the session; the client certificate it verified is in it.
        Assert.That(response, Does.Contain("edge1.contoso.example"));
    }

    [Test]
    public async Task Connect_ToOpenSslServerWithoutClientCertificate_IsRefusedByIt()
    {
        var port = OpenSslProcess.FreeLoopbackPort();
        using var server = StartServer(port);
        await server.WaitUntilReadyAsync();

        var options = new TlsClientOptions { TargetHost = "pool.contoso.example", TrustedRoots = [_pki.Root] };

        // Under TLS 1.2 the handshake fails; under TLS 1.3 the client finishes first and learns of the
        // refusal on its first read. Either way no response comes back.
        var exchanged = await TryExchangeAsync(port, options);
        Assert.That(exchanged, Is.False, server.StandardError);
    }

    [Test]
    public async Task Accept_OpenSslClientWithCertificateOnAllowList_IsAuthorized()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var client = StartClient(port, withCertificate: true);

        using var tcp = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(20));
        await using var connection = await new TlsAcceptor().AcceptAsync(tcp.GetStream(), MutualServerOptions());
        Assert.That(connection.AuthorizedPeerName, Is.EqualTo("edge1.contoso.example"));

        await connection.Stream.WriteAsync("hello from ucstack\n"u8.ToArray());
        await connection.Stream.FlushAsync();
        await connection.ShutdownAsync();
        await connection.DisposeAsync();
        client.StandardInput.Close();

        var exitCode = await client.WaitForExitAsync();
        Assert.That(client.StandardOutput, Does.Contain("hello from ucstack"), client.StandardError);
        Assert.That(exitCode, Is.Zero, client.StandardError);
    }

    [Test]
    public async Task Accept_OpenSslClientWithoutCertificate_FailsWithClientCertificateRequired()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var client = StartClient(port, withCertificate: false);

        using var tcp = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(20));
        var failure = Assert.ThrowsAsync<TlsHandshakeException>(
            async () => await new TlsAcceptor().AcceptAsync(tcp.GetStream(), MutualServerOptions()));
        Assert.That(failure!.Reason, Is.EqualTo(TlsHandshakeFailureReason.ClientCertificateRequired));
        client.StandardInput.Close();
        Assert.That(await client.WaitForExitAsync(), Is.Not.Zero);
    }

    private TlsServerOptions MutualServerOptions() => new()
    {
        ServerCertificate = _serverCertificate,
        ClientCertificateMode = TlsClientCertificateMode.Required,
        UseSystemTrustStore = false,
        TrustedClientRoots = [_pki.Root],
        PeerAuthorization = new TlsPeerAuthorization(["*.contoso.example"]),
    };

    private OpenSslProcess StartServer(int port) => OpenSslProcess.Start(
        [
            "s_server", "-accept", $"127.0.0.1:{port}",
            "-cert", Path("server.crt"), "-key", Path("server.key"),
            "-Verify", "1", "-verify_return_error", "-CAfile", Path("root.pem"),
            "-www",
        ],
        readyLine: "ACCEPT");

    private OpenSslProcess StartClient(int port, bool withCertificate)
    {
        List<string> arguments =
        [
            "s_client", "-connect", $"127.0.0.1:{port}",
            "-servername", "pool.contoso.example",
            "-CAfile", Path("root.pem"), "-verify_return_error", "-verify_hostname", "pool.contoso.example",
            "-quiet",
        ];
        if (withCertificate)
        {
            arguments.AddRange(["-cert", Path("client.crt"), "-key", Path("client.key")]);
        }

        return OpenSslProcess.Start(arguments);
    }

    private async Task<bool> TryExchangeAsync(int port, TlsClientOptions options)
    {
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            await using var connection = await new TlsConnector().ConnectAsync(tcp.GetStream(), options);
            return (await ExchangeAsync(connection.Stream)).Length > 0;
        }
        catch (Exception ex) when (ex is TlsHandshakeException or IOException)
        {
            return false;
        }
    }

    private static async Task<string> ExchangeAsync(Stream stream)
    {
        await stream.WriteAsync("GET / HTTP/1.0\r\n\r\n"u8.ToArray());
        await stream.FlushAsync();
        using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
        return await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(20));
    }

    private void WritePem(X509Certificate2 certificate, string name)
    {
        File.WriteAllText(Path($"{name}.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path($"{name}.key"), certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
    }

    private string Path(string file) => System.IO.Path.Combine(_directory, file);
}
