using System.Net;
using System.Net.Sockets;

namespace UcStack.Tls.Tests.Support;

/// <summary>A connected TCP pair on 127.0.0.1: real sockets, no TLS yet.</summary>
internal sealed class LoopbackPair : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly TcpClient _server;

    private LoopbackPair(TcpClient client, TcpClient server)
    {
        _client = client;
        _server = server;
        ClientStream = client.GetStream();
        ServerStream = server.GetStream();
    }

    public NetworkStream ClientStream { get; }

    public NetworkStream ServerStream { get; }

    public static async Task<LoopbackPair> CreateAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var client = new TcpClient();
            var accept = listener.AcceptTcpClientAsync();
            await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
            var server = await accept;
            return new LoopbackPair(client, server);
        }
        finally
        {
            listener.Stop();
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        _server.Dispose();
        return ValueTask.CompletedTask;
    }
}
