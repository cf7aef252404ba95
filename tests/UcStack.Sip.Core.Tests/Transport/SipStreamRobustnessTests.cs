using System.Net;
using System.Net.Sockets;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;
using UcStack.Sip.Transport;
using static UcStack.Sip.Tests.Transport.SocketTestKit;
using static UcStack.Sip.Tests.Transport.TransportTestMessages;

namespace UcStack.Sip.Tests.Transport;

/// <summary>Random and mutated bytes on a stream connection: the layer never throws, at most that connection closes.</summary>
[TestFixture]
public sealed class SipStreamRobustnessTests
{
    /// <summary>CI-sized; run once locally with 100 000 after changing framing code.</summary>
    private const int InMemoryMaxTest = 2000;

    /// <summary>Each case opens a real TCP connection, so this stays small.</summary>
    private const int SocketMaxTest = 40;

    private static readonly byte[] Valid = Bytes(
        "OPTIONS sip:b@example.com SIP/2.0\nVia: SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bK1\nMax-Forwards: 70\nFrom: <sip:a@example.com>;tag=1\nTo: <sip:b@example.com>\nCall-ID: c1\nCSeq: 1 OPTIONS\nContent-Length: 3\n\nabc");

    private static Gen<byte[]> Inputs()
    {
        var random = ArbMap.Default.GeneratorFor<byte[]>();
        var mutated = Gen.Zip(Gen.Choose(0, Valid.Length * 2 - 1).ArrayOf(), Gen.Choose(0, 255).ArrayOf()).Select(p =>
        {
            var twice = Valid.Concat(Valid).ToArray();
            for (var i = 0; i < p.Item1.Length && p.Item2.Length > 0; i++) twice[p.Item1[i]] = (byte)p.Item2[i % p.Item2.Length];
            return twice;
        });
        var cut = Gen.Choose(0, Valid.Length).Select(n => Valid.Concat(Valid.Take(n)).ToArray());
        return Gen.OneOf(random, mutated, cut);
    }

    [Test]
    public void InMemory_RandomStreamBytes_NeverEscape_AndOnlyTheirConnectionCloses()
    {
        var time = new FakeTimeProvider();
        using var network = new SipInMemoryNetwork(1, time);
        var client = network.AddNode(IPAddress.Parse("10.0.0.1"));
        var server = network.AddNode(IPAddress.Parse("10.0.0.2"));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(InMemoryMaxTest), Prop.ForAll(Inputs().ToArbitrary(), bytes =>
        {
            using var request = SipRequest.Parse(Valid);
            var flow = client.SendRequestAsync(request, new SipTransportTarget(SipTransportProtocol.Tcp, new IPEndPoint(IPAddress.Parse("10.0.0.2"), 5060))).AsTask().GetAwaiter().GetResult();
            var serverFlow = server.OpenConnections.Single(c => c.ConnectionId == flow.ConnectionId);
            server.InjectStreamBytes(serverFlow.ConnectionId, bytes);
            DisposeAll(Drain(server));
            DisposeAll(Drain(client));
            client.CloseConnection(flow.ConnectionId);
            return server.OpenConnections.Count == 0 && client.OpenConnections.Count == 0;
        }));
    }

    [Test]
    public async Task Socket_RandomStreamBytes_CloseAtMostThatConnection()
    {
        await using var server = Start();
        var tcp = Point(server, SipTransportProtocol.Tcp).EndPoint;
        using var witness = await ConnectRawAsync(tcp);
        var witnessFrom = new SipListenPoint(SipTransportProtocol.Tcp, (IPEndPoint)witness.LocalEndPoint!);
        var n = 0;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(SocketMaxTest), Prop.ForAll(Inputs().ToArbitrary(), bytes =>
        {
            using (var socket = ConnectRawAsync(tcp).GetAwaiter().GetResult())
            {
                SendAllAsync(socket, bytes).GetAwaiter().GetResult();
                socket.Shutdown(SocketShutdown.Send);
                ReadAsync(socket).GetAwaiter().GetResult();
            }

            // The layer still serves the witness connection after every case.
            var callId = "witness" + ++n;
            SendAllAsync(witness, RawMessage(witnessFrom, callId)).GetAwaiter().GetResult();
            while (true)
            {
                var received = ReceiveAsync(server).GetAwaiter().GetResult();
                var id = received.Message.CallId;
                received.Message.Dispose();
                if (id == callId) return true;
            }
        }));
        Assert.That(witness.Connected, Is.True);
    }
}
