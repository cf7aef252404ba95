namespace UcStack.Sdp.Tests;

[TestFixture]
public sealed class SdpMediaTests
{
    private static SdpMedia Audio() => new("audio", 49170, "RTP/AVP", "0");

    [Test]
    public void Direction_Set_ReplacesInPlace()
    {
        var media = Audio();
        media.Attributes.Add("a", null);
        media.Attributes.Add(SdpNames.SendOnly, null);
        media.Attributes.Add("b", null);
        media.Direction = SdpDirection.Inactive;
        Assert.That(media.Attributes.Select(a => a.Name), Is.EqualTo(new[] { "a", "inactive", "b" }));
        media.Direction = null;
        Assert.That(media.Attributes.Select(a => a.Name), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void Direction_TwoAttributes_ThrowsParseError()
    {
        var session = SdpSession.Parse(Fixtures.MinimalHead + "m=audio 1 RTP/AVP 0\r\na=sendonly\r\na=recvonly\r\n");
        var exception = Assert.Throws<SdpParseException>(() => _ = session.Media[0].Direction);
        Assert.That(exception!.Error.Line, Is.EqualTo(7));
    }

    [TestCase(SdpDirection.SendRecv, SdpDirection.SendRecv)]
    [TestCase(SdpDirection.SendOnly, SdpDirection.RecvOnly)]
    [TestCase(SdpDirection.RecvOnly, SdpDirection.SendOnly)]
    [TestCase(SdpDirection.Inactive, SdpDirection.Inactive)]
    public void Reverse_MirrorsSendAndReceive(SdpDirection direction, SdpDirection reversed) =>
        Assert.That(direction.Reverse(), Is.EqualTo(reversed));

    [Test]
    public void PacketTime_ReadAndWrite()
    {
        var media = Fixtures.Session("audio-video-8-candidates.sdp").Media[0];
        Assert.Multiple(() =>
        {
            Assert.That(media.PacketTime, Is.EqualTo(20m));
            Assert.That(media.MaxPacketTime, Is.EqualTo(60m));
        });
        media.PacketTime = 30;
        Assert.That(media.Attributes.Find("ptime")!.Value, Is.EqualTo("30"));
        Assert.Throws<ArgumentOutOfRangeException>(() => media.PacketTime = 0);
    }

    [Test]
    public void PacketTime_Malformed_Throws()
    {
        var media = Audio();
        media.Attributes.Add("ptime", "twenty");
        Assert.Throws<SdpParseException>(() => _ = media.PacketTime);
    }

    [Test]
    public void Rtcp_WithAndWithoutAddress()
    {
        var session = Fixtures.Session("webrtc-bundle-offer.sdp");
        Assert.Multiple(() =>
        {
            Assert.That(session.Media[0].Rtcp, Is.EqualTo(new SdpRtcp(9, new SdpConnection("0.0.0.0"))));
            Assert.That(Fixtures.Session("audio-video-8-candidates.sdp").Media[0].Rtcp, Is.EqualTo(new SdpRtcp(50171)));
            Assert.That(new SdpRtcp(9, new SdpConnection("0.0.0.0")).ToAttribute().Value, Is.EqualTo("9 IN IP4 0.0.0.0"));
            Assert.That(SdpRtcp.TryParse("9 IN IP4", out _), Is.False);
            Assert.That(SdpRtcp.TryParse("70000", out _), Is.False);
        });
    }

    [Test]
    public void RtcpMuxMidAndGroup_ReadFromBundleOffer()
    {
        var session = Fixtures.Session("webrtc-bundle-offer.sdp");
        var bundle = session.GetGroups().Single();
        Assert.Multiple(() =>
        {
            Assert.That(bundle.IsBundle, Is.True);
            Assert.That(bundle.Tags, Is.EqualTo(new[] { "0", "1", "2" }));
            Assert.That(session.Media.Select(m => m.Mid), Is.EqualTo(new[] { "0", "1", "2" }));
            Assert.That(session.FindMediaByMid("1"), Is.SameAs(session.Media[1]));
            Assert.That(session.Media[0].RtcpMux, Is.True);
            Assert.That(session.Media[2].RtcpMux, Is.False);
            Assert.That(session.Media[1].Direction, Is.EqualTo(SdpDirection.SendOnly));
            Assert.That(session.Media[0].IsSecureRtp, Is.True);
            Assert.That(session.Media[2].IsRtp, Is.False);
            Assert.That(bundle.ToAttribute().Value, Is.EqualTo("BUNDLE 0 1 2"));
        });
    }

    [Test]
    public void Ssrc_ReadsIdAttributeAndValue()
    {
        var ssrcs = Fixtures.Session("webrtc-bundle-offer.sdp").Media[0].GetSsrcs();
        Assert.Multiple(() =>
        {
            Assert.That(ssrcs, Has.Count.EqualTo(2));
            Assert.That(ssrcs[0], Is.EqualTo(new SdpSsrc(1001, "cname", "k3Yd0sQ9")));
            Assert.That(ssrcs[1].AttributeValue, Is.EqualTo("stream-a track-audio"));
            Assert.That(ssrcs[1].ToAttribute().Value, Is.EqualTo("1001 msid:stream-a track-audio"));
            Assert.That(SdpSsrc.TryParse("4294967296 cname:x", out _), Is.False);
            Assert.That(SdpSsrc.TryParse("1 ", out _), Is.False);
            Assert.That(SdpSsrc.TryParse("1 flag", out var flag) && flag.AttributeValue is null, Is.True);
        });
    }

    [Test]
    public void Mid_Set_ValidatesToken()
    {
        var media = Audio();
        media.Mid = "audio0";
        Assert.That(media.Mid, Is.EqualTo("audio0"));
        Assert.Throws<ArgumentException>(() => media.Mid = "a b");
    }

    [Test]
    public void AddCodec_AppendsFormatRtpmapAndFmtp()
    {
        var media = new SdpMedia("audio", 5000, "RTP/AVP", []);
        media.AddCodec(new SdpRtpMap(101, "telephone-event", 8000), "0-15");
        Assert.Multiple(() =>
        {
            Assert.That(media.Formats, Is.EqualTo(new[] { "101" }));
            Assert.That(media.Attributes.Select(a => a.ToString()), Is.EqualTo(new[] { "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15" }));
        });
    }

    [Test]
    public void Setters_RejectValuesThatCannotBeWritten()
    {
        var media = Audio();
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => media.Port = 65536);
            Assert.Throws<ArgumentException>(() => media.Protocol = "RTP//AVP");
            Assert.Throws<ArgumentException>(() => media.MediaType = "au dio");
            Assert.Throws<ArgumentException>(() => media.Formats.Add("0 8"));
            Assert.Throws<ArgumentException>(() => media.Information = "a\r\nb=c");
            Assert.Throws<ArgumentOutOfRangeException>(() => media.PortCount = 0);
        });
    }

    [Test]
    public void Encode_MediaWithoutFormats_Throws()
    {
        var session = new SdpSession(new SdpOrigin("-", "1", 1, "192.0.2.1"));
        session.Media.Add(new SdpMedia("audio", 1, "RTP/AVP", []));
        Assert.Throws<InvalidOperationException>(() => session.Encode());
    }
}
