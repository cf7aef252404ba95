using System.Text;

namespace UcStack.Sdp.Tests;

[TestFixture]
public sealed class SdpSessionParseTests
{
    private const string Minimal =
        "v=0\r\n" +
        "o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com\r\n" +
        "s= \r\n" +
        "c=IN IP4 host.atlanta.example.com\r\n" +
        "t=0 0\r\n" +
        "m=audio 49170 RTP/AVP 0 8 97\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:97 iLBC/8000\r\n" +
        "a=x-unknown\r\n";

    [Test]
    public void Parse_Minimal_ReadsFields()
    {
        var session = SdpSession.Parse(Encoding.UTF8.GetBytes(Minimal));
        Assert.Multiple(() =>
        {
            Assert.That(session.Origin.Username, Is.EqualTo("alice"));
            Assert.That(session.Origin.SessionVersion, Is.EqualTo(2890844526UL));
            Assert.That(session.SessionName, Is.EqualTo(" "));
            Assert.That(session.Connection!.Address, Is.EqualTo("host.atlanta.example.com"));
            Assert.That(session.Media, Has.Count.EqualTo(1));
            Assert.That(session.Media[0].Formats, Is.EqualTo(new[] { "0", "8", "97" }));
            Assert.That(session.Media[0].Attributes, Has.Count.EqualTo(4));
            Assert.That(session.Media[0].Attributes[3].HasValue, Is.False);
        });
    }

    [Test]
    public void Encode_Parsed_IsByteExact()
    {
        var bytes = Encoding.UTF8.GetBytes(Minimal);
        Assert.That(SdpSession.Parse(bytes).Encode(), Is.EqualTo(bytes));
    }
}
