namespace UcStack.Sdp.Tests.Attributes;

[TestFixture]
public sealed class SdpRtpMapTests
{
    [TestCase("0 PCMU/8000", 0, "PCMU", 8000u, null, 1)]
    [TestCase("111 opus/48000/2", 111, "opus", 48000u, "2", 2)]
    [TestCase("97 telephone-event/8000", 97, "telephone-event", 8000u, null, 1)]
    [TestCase("114 x-msrta/16000", 114, "x-msrta", 16000u, null, 1)]
    public void TryParse_Valid_ReadsFields(string value, int pt, string name, uint clock, string? parameters, int channels)
    {
        Assert.That(SdpRtpMap.TryParse(value, out var map), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(map!.PayloadType, Is.EqualTo(pt));
            Assert.That(map.EncodingName, Is.EqualTo(name));
            Assert.That(map.ClockRate, Is.EqualTo(clock));
            Assert.That(map.EncodingParameters, Is.EqualTo(parameters));
            Assert.That(map.Channels, Is.EqualTo(channels));
            Assert.That(map.ToAttribute().Value, Is.EqualTo(value));
        });
    }

    [TestCase("")]
    [TestCase("128 PCMU/8000")]
    [TestCase("-1 PCMU/8000")]
    [TestCase("01 PCMU/8000")]
    [TestCase("0 PCMU")]
    [TestCase("0 PCMU/")]
    [TestCase("0 /8000")]
    [TestCase("0  PCMU/8000")]
    [TestCase("0 PCMU/8000/")]
    [TestCase("0 PC MU/8000")]
    [TestCase("0 PCMU/99999999999")]
    public void TryParse_Malformed_ReturnsFalse(string value) =>
        Assert.That(SdpRtpMap.TryParse(value, out _), Is.False);

    [Test]
    public void Parse_MalformedAttribute_ThrowsWithLine()
    {
        var session = SdpSession.Parse(Fixtures.MinimalHead + "m=audio 1 RTP/AVP 0\r\na=rtpmap:zero PCMU/8000\r\n");
        var exception = Assert.Throws<SdpParseException>(() => session.Media[0].GetRtpMaps());
        Assert.Multiple(() =>
        {
            Assert.That(exception!.Code, Is.EqualTo(SdpParseErrorCode.InvalidAttributeValue));
            Assert.That(exception.Error.Line, Is.EqualTo(6));
            Assert.That(exception.Error.Column, Is.EqualTo(10));
        });
    }

    [Test]
    public void Parse_WrongAttributeName_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => SdpRtpMap.Parse(new SdpAttribute("fmtp", "0 x")));

    [Test]
    public void ToAttribute_PayloadTypeOutOfRange_Throws() =>
        Assert.Throws<ArgumentException>(() => new SdpRtpMap(200, "PCMU", 8000).ToAttribute());
}
