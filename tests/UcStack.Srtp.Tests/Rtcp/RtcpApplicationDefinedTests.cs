using UcStack.Srtp.Rtcp;
using static UcStack.Srtp.Tests.Rtp.RtpTestBytes;

namespace UcStack.Srtp.Tests.Rtcp;

[TestFixture]
public sealed class RtcpApplicationDefinedTests
{
    [Test]
    public void Parse_App_ReadsSubtypeNameAndData()
    {
        // RFC 3550 §6.7: subtype in the count field, SSRC, 4-octet ASCII name, data.
        var bytes = Hex("85 CC 00 03 00 00 00 2A 51 4F 53 31 01 02 03 04");

        Assert.That(RtcpApplicationDefined.TryParse(RtcpTestData.Single(bytes), out var app, out _), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(app.Subtype, Is.EqualTo(5));
            Assert.That(app.Ssrc, Is.EqualTo(42u));
            Assert.That(app.Name.ToArray(), Is.EqualTo("QOS1"u8.ToArray()));
            Assert.That(app.Data.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3, 4 }));
        }
    }

    [Test]
    public void Parse_WithoutName_IsPacketTooShort()
    {
        Assert.That(RtcpApplicationDefined.TryParse(RtcpTestData.Single(Hex("80 CC 00 01 00 00 00 2A")), out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(new RtcpParseError(RtcpParseErrorCode.PacketTooShort, 4)));
    }
}
