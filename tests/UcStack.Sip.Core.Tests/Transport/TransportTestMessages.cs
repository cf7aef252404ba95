using System.Net;
using System.Text;
using UcStack.Sip.Transport;

namespace UcStack.Sip.Tests.Transport;

/// <summary>Requests and helpers shared by the transport fixtures.</summary>
internal static class TransportTestMessages
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static SipRequest Options(SipListenPoint from, string? via = null, int bodyBytes = 0, uint cseq = 1, string? callId = null)
    {
        var transport = from.Protocol.ToString().ToUpperInvariant();
        var host = from.EndPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "[" + from.EndPoint.Address + "]" : from.EndPoint.Address.ToString();
        var builder = new SipRequestBuilder("OPTIONS", "sip:bob@example.com");
        if (via is null) builder.AddVia(transport, host, from.EndPoint.Port);
        else builder.AddHeader("Via", via);
        builder.SetFrom("sip:alice@example.com").SetTo("sip:bob@example.com").SetCallId(callId).SetCSeq(cseq).SetMaxForwards();
        if (bodyBytes > 0) builder.SetBody(Encoding.ASCII.GetBytes(new string('x', bodyBytes)), "text/plain");
        return builder.Build();
    }

    public static SipTransportTarget Target(SipListenPoint to, string? hostName = null) => new(to.Protocol, to.EndPoint, hostName);

    public static SipListenPoint Point(ISipTransportLayer layer, SipTransportProtocol protocol) => layer.ListenPoints.First(p => p.Protocol == protocol);

    public static List<SipReceivedMessage> Drain(ISipTransportLayer layer)
    {
        var list = new List<SipReceivedMessage>();
        while (layer.Received.TryRead(out var m)) list.Add(m);
        return list;
    }

    public static void DisposeAll(IEnumerable<SipReceivedMessage> messages)
    {
        foreach (var m in messages) m.Message.Dispose();
    }

    public static async Task<SipReceivedMessage> ReceiveAsync(ISipTransportLayer layer)
    {
        using var cts = new CancellationTokenSource(Timeout);
        return await layer.Received.ReadAsync(cts.Token).ConfigureAwait(false);
    }

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text.Replace("\n", "\r\n", StringComparison.Ordinal));

    public static IPAddress Ip(string text) => IPAddress.Parse(text);
}
