namespace UcStack.Sdp.Tests.Ice;

[TestFixture]
public sealed class SdpIceAttributeTests
{
    [Test]
    public void Credentials_OutOfRange_Throw()
    {
        var media = new SdpMedia("audio", 1, "RTP/AVP", "0");
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentException>(() => media.IceUfrag = "abc");
            Assert.Throws<ArgumentException>(() => media.IcePwd = "tooshort");
            Assert.Throws<ArgumentException>(() => media.IceUfrag = "ab-d");
            Assert.Throws<ArgumentException>(() => media.IceUfrag = new string('a', 257));
        });
        media.IceUfrag = "abcd";
        media.IcePwd = new string('p', 22);
        Assert.That((media.IceUfrag, media.IcePwd), Is.EqualTo(("abcd", new string('p', 22))));
        media.Attributes.Add("ice-ufrag", "x");
        media.Attributes.RemoveAt(0);
        Assert.Throws<SdpParseException>(() => _ = media.IceUfrag);
    }

    [Test]
    public void RemoteCandidates_ReadTriples()
    {
        var media = new SdpMedia("audio", 1, "RTP/AVP", "0");
        media.Attributes.Add("remote-candidates", "1 192.0.2.1 5000 2 192.0.2.1 5001");
        Assert.That(media.GetRemoteCandidates(), Is.EqualTo(new[]
        {
            new SdpRemoteCandidate(1, "192.0.2.1", 5000),
            new SdpRemoteCandidate(2, "192.0.2.1", 5001),
        }));
        media.Attributes[0] = new SdpAttribute("remote-candidates", "1 192.0.2.1");
        Assert.Throws<SdpParseException>(() => media.GetRemoteCandidates());
    }

    [Test]
    public void IceLiteAndEndOfCandidates_Toggle()
    {
        var session = new SdpSession(new SdpOrigin("-", "1", 1, "192.0.2.1")) { IceLite = true };
        var media = new SdpMedia("audio", 1, "RTP/AVP", "0") { EndOfCandidates = true };
        session.Media.Add(media);
        Assert.That(session.ToString(), Does.Contain("a=ice-lite\r\nm=audio").And.EndWith("a=end-of-candidates\r\n"));
        session.IceLite = false;
        media.EndOfCandidates = false;
        Assert.That(session.ToString(), Does.Not.Contain("ice-lite").And.Not.Contain("end-of"));
    }

    [Test]
    public void IceOptions_MalformedValue_Throws()
    {
        var media = new SdpMedia("audio", 1, "RTP/AVP", "0");
        media.Attributes.Add("ice-options", "trickle  ice2");
        Assert.Throws<SdpParseException>(() => _ = media.IceOptions);
    }
}
