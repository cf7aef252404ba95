using System.Text;

namespace UcStack.Sip.Tests.Headers;

[TestFixture]
public sealed class ContentTypeHeaderTests
{
    [Test]
    public void TryParse_WithParameters()
    {
        Assert.That(ContentTypeHeader.TryParse("multipart/mixed ; boundary=\"unique-boundary-1\";charset=UTF-8"u8, out var ct, out var error), Is.True, error.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(ct!.Type, Is.EqualTo("multipart"));
            Assert.That(ct.Subtype, Is.EqualTo("mixed"));
            Assert.That(ct.MediaType, Is.EqualTo("multipart/mixed"));
            Assert.That(ct.Parameters["boundary"], Is.EqualTo("\"unique-boundary-1\""));
            Assert.That(ct.Parameters[0].UnquotedValue, Is.EqualTo("unique-boundary-1"));
            Assert.That(ct.ToString(), Is.EqualTo("multipart/mixed;boundary=\"unique-boundary-1\";charset=UTF-8"));
        });
    }

    [TestCase("application/sdp")]
    [TestCase("application / sdp")]
    [TestCase("message/sipfrag;version=2.0")]
    public void TryParse_Valid(string value) =>
        Assert.That(ContentTypeHeader.TryParse(Encoding.UTF8.GetBytes(value), out _, out var error), Is.True, error.ToString());

    [TestCase("application", SipParseErrorCode.InvalidHeaderValue, 11)]
    [TestCase("/sdp", SipParseErrorCode.InvalidHeaderValue, 0)]
    [TestCase("application/", SipParseErrorCode.InvalidHeaderValue, 12)]
    [TestCase("application/sdp;charset", SipParseErrorCode.InvalidParameter, 23)]
    [TestCase("application/sdp;a=[::1]", SipParseErrorCode.InvalidParameter, 16)]
    [TestCase("application/sdp x", SipParseErrorCode.InvalidHeaderValue, 16)]
    [TestCase("application/sdp, text/plain", SipParseErrorCode.InvalidHeaderValue, 15)]
    public void TryParse_Invalid_ReportsCodeAndOffset(string value, SipParseErrorCode code, int offset)
    {
        Assert.That(ContentTypeHeader.TryParse(Encoding.UTF8.GetBytes(value), out _, out var error), Is.False);
        Assert.That((error.Code, error.Offset), Is.EqualTo((code, offset)), error.ToString());
    }

    [Test]
    public void Constructor_ValidatesTokens()
    {
        var ct = new ContentTypeHeader("application", "sdp");
        Assert.That(ContentTypeHeader.Parse(Encoding.ASCII.GetBytes(ct.ToString())).MediaType, Is.EqualTo("application/sdp"));
        Assert.That(() => new ContentTypeHeader("app lication", "sdp"), Throws.ArgumentException);
    }
}
