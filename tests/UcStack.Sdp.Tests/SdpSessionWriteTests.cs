namespace UcStack.Sdp.Tests;

[TestFixture]
public sealed class SdpSessionWriteTests
{
    [Test]
    public void Encode_BuiltSession_WritesRfcOrder()
    {
        var session = new SdpSession(new SdpOrigin("alice", "2890844526", 2890844526, "198.51.100.7"), "call")
        {
            Connection = new SdpConnection("198.51.100.7"),
            Information = "info",
        };
        session.Bandwidths.Add(new SdpBandwidth("CT", 128));
        session.Attributes.Add("tool", "ucstack");
        var audio = new SdpMedia("audio", 49170, "RTP/AVP", []);
        audio.AddCodec(new SdpRtpMap(0, "PCMU", 8000));
        audio.Direction = SdpDirection.SendRecv;
        session.Media.Add(audio);

        Assert.That(session.ToString(), Is.EqualTo(Fixtures.Lines(
            "v=0",
            "o=alice 2890844526 2890844526 IN IP4 198.51.100.7",
            "s=call",
            "i=info",
            "c=IN IP4 198.51.100.7",
            "b=CT:128",
            "t=0 0",
            "a=tool:ucstack",
            "m=audio 49170 RTP/AVP 0",
            "a=rtpmap:0 PCMU/8000",
            "a=sendrecv")));
    }

    [Test]
    public void Encode_NoTimeDescription_Throws()
    {
        var session = new SdpSession(new SdpOrigin("-", "1", 1, "192.0.2.1"));
        session.Times.Clear();
        Assert.Throws<InvalidOperationException>(() => session.Encode());
    }

    [Test]
    public void Encode_SmallBuffer_ThrowsArgumentException()
    {
        var session = new SdpSession(new SdpOrigin("-", "1", 1, "192.0.2.1"));
        Assert.Multiple(() =>
        {
            Assert.That(session.TryEncode(new byte[10], out var written), Is.False);
            Assert.That(written, Is.Zero);
            Assert.Throws<ArgumentException>(() => session.Encode(new byte[10]));
        });
    }

    [Test]
    public void Clone_IsDeepAndEqual()
    {
        var session = Fixtures.Session("lync-offer.sdp");
        var clone = session.Clone();
        clone.Media[0].Port = 1;
        Assert.Multiple(() =>
        {
            Assert.That(session.Media[0].Port, Is.EqualTo(21554));
            Assert.That(SdpGenerators.Dump(session.Clone()), Is.EqualTo(SdpGenerators.Dump(session)));
        });
    }

    [Test]
    public void ModelSetters_RejectLineBreaks()
    {
        var session = new SdpSession(new SdpOrigin("-", "1", 1, "192.0.2.1"));
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentException>(() => session.SessionName = "x\r\nm=audio 1 RTP/AVP 0");
            Assert.Throws<ArgumentException>(() => session.Emails.Add(string.Empty));
            Assert.Throws<ArgumentException>(() => session.Attributes.Add("a", "b\nc"));
            Assert.Throws<ArgumentException>(() => session.Attributes.Add("a:b", null));
            Assert.Throws<ArgumentException>(() => _ = new SdpOrigin("a b", "1", 1, "x"));
            Assert.Throws<ArgumentException>(() => _ = new SdpOrigin("a", "1x", 1, "x"));
            Assert.Throws<ArgumentException>(() => _ = new SdpConnection("224.2.1.1/127"));
            Assert.Throws<ArgumentException>(() => _ = new SdpConnection("ff0e::1", "IP6", ttl: 3));
            Assert.Throws<ArgumentException>(() => _ = new SdpConnection("224.2.1.1", addressCount: 2));
            Assert.Throws<ArgumentNullException>(() => session.Attributes.Add((SdpAttribute)null!));
        });
    }

    [Test]
    public void Origin_WithNextVersion_Increments()
    {
        var origin = new SdpOrigin("-", "1", 41, "192.0.2.1");
        Assert.Multiple(() =>
        {
            Assert.That(origin.WithNextVersion().SessionVersion, Is.EqualTo(42UL));
            Assert.Throws<OverflowException>(() => (origin with { SessionVersion = ulong.MaxValue }).WithNextVersion());
        });
    }
}
