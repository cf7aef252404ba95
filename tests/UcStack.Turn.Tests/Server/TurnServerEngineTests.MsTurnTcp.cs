using UcStack.Stun;
using UcStack.Turn.Protocol;
using UcStack.Turn.Server;

namespace UcStack.Turn.Tests.Server;

/// <summary>MS-TURN over a TCP connection that uses MS-TURN framing (control and data frames).</summary>
public sealed partial class TurnServerEngineTests
{
    private static FakeLink MsFramedTcpClient() =>
        new(EngineHarness.Client(transport: TurnTransportKind.Tcp).Tuple) { MsFramed = true };

    [Test]
    public void MsSetActiveDestination_OverMsFramedTcp_DataFramesRelayBothWays()
    {
        using var h = new EngineHarness();
        var link = MsFramedTcpClient();
        var (relay, connectionId, nonce) = MsAllocate(h, link);
        var peer = EngineHarness.PeerB;

        h.Engine.HandleClientMessage(link, Ms(h, MsTurnMessageTypes.SetActiveDestinationRequest, (ref StunMessageWriter w) =>
        {
            w.AddMsDestinationAddress(peer);
            w.AddMsSequenceNumber(connectionId, 1);
        }, nonce: nonce));
        var responseType = ParseMs(Last(link)).RawType;

        // A data frame's payload (an RFC-format STUN check here) goes to the destination as it is.
        var check = h.Request(StunMethod.Binding);
        h.Engine.HandleClientData(link, check);
        relay.FromPeer(peer, [0x80, 0x01]);

        Assert.Multiple(() =>
        {
            Assert.That(responseType, Is.EqualTo(MsTurnMessageTypes.SetActiveDestinationResponse));
            Assert.That(relay.Sent, Has.Count.EqualTo(1));
            Assert.That(relay.Sent[0].Peer, Is.EqualTo(peer));
            Assert.That(relay.Sent[0].Data, Is.EqualTo(check));
            Assert.That(link.SentUnframed, Has.Count.EqualTo(1));
            Assert.That(link.SentUnframed[0], Is.EqualTo(new byte[] { 0x80, 0x01 }), "the destination's bytes go back as a data frame");
        });
    }

    [Test]
    public void MsDataFrame_WithoutActiveDestination_IsDropped()
    {
        using var h = new EngineHarness();
        var link = MsFramedTcpClient();
        var (relay, _, _) = MsAllocate(h, link);

        h.Engine.HandleClientData(link, [1, 2, 3]);
        h.Engine.HandleClientData(MsFramedTcpClient(), [4]);

        Assert.That(relay.Sent, Is.Empty);
    }

    [Test]
    public void MsControlFrame_NonMsMessageWithActiveDestination_IsNotRelayedOverTcp()
    {
        using var h = new EngineHarness();
        var link = MsFramedTcpClient();
        var (relay, connectionId, nonce) = MsAllocate(h, link);
        h.Engine.HandleClientMessage(link, Ms(h, MsTurnMessageTypes.SetActiveDestinationRequest, (ref StunMessageWriter w) =>
        {
            w.AddMsDestinationAddress(EngineHarness.PeerB);
            w.AddMsSequenceNumber(connectionId, 1);
        }, nonce: nonce));

        // Over TCP only data frames are unframed data; a control frame is always a TURN message.
        h.Engine.HandleClientMessage(link, [0x80, 0x00, 0x00, 0x01, 9, 9, 9, 9]);

        Assert.That(relay.Sent, Is.Empty);
    }
}
