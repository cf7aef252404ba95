using System.Net;
using System.Net.Sockets;
using System.Text;
using UcStack.Sip.Transport;

namespace UcStack.Sip.Tests.Transport;

/// <summary>Loopback helpers for the socket transport fixtures: every wait is bounded.</summary>
internal static class SocketTestKit
{
    public static SipSocketTransportLayer Start(SipSocketTransportOptions? options = null, TimeProvider? time = null, params SipTransportProtocol[] protocols)
    {
        if (protocols.Length == 0) protocols = [SipTransportProtocol.Udp, SipTransportProtocol.Tcp];
        options ??= new SipSocketTransportOptions();
        if (options.ListenPoints.Count == 0)
        {
            options = options with { ListenPoints = [.. protocols.Select(p => new SipListenPoint(p, new IPEndPoint(IPAddress.Loopback, 0)))] };
        }

        return SipSocketTransportLayer.Start(options, timeProvider: time);
    }

    public static async Task<Socket> ConnectRawAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var cts = new CancellationTokenSource(TransportTestMessages.Timeout);
        await socket.ConnectAsync(endPoint, cts.Token);
        return socket;
    }

    public static async Task SendAllAsync(Socket socket, byte[] bytes)
    {
        using var cts = new CancellationTokenSource(TransportTestMessages.Timeout);
        await socket.SendAsync(bytes, SocketFlags.None, cts.Token);
    }

    /// <summary>Reads until the peer closes (true) or <paramref name="expected"/> bytes arrived; bounded.</summary>
    public static async Task<(bool Closed, byte[] Bytes)> ReadAsync(Socket socket, int expected = int.MaxValue)
    {
        using var cts = new CancellationTokenSource(TransportTestMessages.Timeout);
        var all = new List<byte>();
        var buffer = new byte[4096];
        try
        {
            while (all.Count < expected)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (n == 0) return (true, [.. all]);
                all.AddRange(buffer.AsSpan(0, n));
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return (true, [.. all]);
        }

        return (false, [.. all]);
    }

    /// <summary>Waits for a condition the socket layer reaches asynchronously (a connection noticing a close);
    /// fails after the test timeout.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var cts = new CancellationTokenSource(TransportTestMessages.Timeout);
        while (!condition())
        {
            if (cts.IsCancellationRequested) Assert.Fail("timed out waiting until " + what);
            await Task.Delay(5, CancellationToken.None);
        }
    }

    public static byte[] RawMessage(SipListenPoint from, string callId, int bodyBytes = 0, string method = "OPTIONS")
    {
        var body = new string('b', bodyBytes);
        return Encoding.ASCII.GetBytes(
            $"{method} sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/{from.Protocol.ToString().ToUpperInvariant()} {from.EndPoint};branch=z9hG4bK{callId}\r\n" +
            $"Max-Forwards: 70\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:bob@example.com>\r\nCall-ID: {callId}\r\nCSeq: 1 {method}\r\n" +
            $"Content-Length: {bodyBytes}\r\n\r\n{body}");
    }
}
