using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace UcStack.Turn.Tests.Client;

/// <summary>
/// A scripted TURN server on a loopback UDP socket: every request the client sends is queued for the test,
/// which answers it with bytes of its own making. Nothing is answered unless the test says so.
/// </summary>
internal sealed class FakeTurnServer : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Channel<(byte[] Message, EndPoint From)> _requests = Channel.CreateUnbounded<(byte[], EndPoint)>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private EndPoint? _client;

    public FakeTurnServer()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _loop = Task.Run(ReceiveLoopAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public int Received { get; private set; }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[70000];
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                _client = result.RemoteEndPoint;
                Received++;
                await _requests.Writer.WriteAsync((buffer.AsSpan(0, result.ReceivedBytes).ToArray(), result.RemoteEndPoint));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            _requests.Writer.TryComplete();
        }
    }

    /// <summary>The next message from the client, waiting at most five real seconds.</summary>
    public async Task<byte[]> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            return (await _requests.Reader.ReadAsync(timeout.Token)).Message;
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("The client sent nothing within 5 s.");
            throw;
        }
    }

    /// <summary>
    /// The next message from the client, or null once <paramref name="until"/> completed first; waits at
    /// most five real seconds for either.
    /// </summary>
    public async Task<byte[]?> NextUntilAsync(Task until)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var read = _requests.Reader.ReadAsync(timeout.Token).AsTask();
        var first = await Task.WhenAny(read, until.WaitAsync(timeout.Token));
        if (first == read)
        {
            return (await read).Message;
        }

        // `until` finished; a message that raced in is still taken, the read is cancelled otherwise.
        await timeout.CancelAsync();
        try
        {
            return (await read).Message;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>True when a message is queued right now.</summary>
    public bool HasQueued => _requests.Reader.TryPeek(out _);

    public async Task SendAsync(byte[] message)
    {
        Assert.That(_client, Is.Not.Null, "the client has not sent anything yet");
        await _socket.SendToAsync(message, SocketFlags.None, _client!);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _loop;
        _stop.Dispose();
    }
}
