using System.Text;

namespace UcStack.Sip.Tests.Uris;

[TestFixture]
public sealed class SipUriTests
{
    private static SipUri Parse(string s) => SipUri.Parse(Encoding.UTF8.GetBytes(s));

    private static SipParseError Fail(string s)
    {
        Assert.That(AddressUri.TryParse(Encoding.UTF8.GetBytes(s), out var uri, out var error), Is.False, s);
        Assert.That(uri, Is.Null);
        return error;
    }

    [Test]
    public void Parse_FullUri_ExposesEveryPart()
    {
        var uri = Parse("sips:alice:secret@atlanta.com:5061;transport=tcp;lr;maddr=239.255.255.1;ttl=15;method=INVITE;user=phone?subject=project%20x&priority=urgent");
        Assert.Multiple(() =>
        {
            Assert.That(uri.IsSecure, Is.True);
            Assert.That(uri.Scheme, Is.EqualTo("sips"));
            Assert.That(uri.User, Is.EqualTo("alice"));
            Assert.That(uri.Password, Is.EqualTo("secret"));
            Assert.That(uri.Host, Is.EqualTo("atlanta.com"));
            Assert.That(uri.HostKind, Is.EqualTo(SipHostKind.DomainName));
            Assert.That(uri.Port, Is.EqualTo(5061));
            Assert.That(uri.Transport, Is.EqualTo("tcp"));
            Assert.That(uri.Lr, Is.True);
            Assert.That(uri.MAddr, Is.EqualTo("239.255.255.1"));
            Assert.That(uri.Ttl, Is.EqualTo(15));
            Assert.That(uri.Method, Is.EqualTo("INVITE"));
            Assert.That(uri.UserParameter, Is.EqualTo("phone"));
            Assert.That(uri.Headers, Has.Count.EqualTo(2));
            Assert.That(uri.Headers[0].Name, Is.EqualTo("subject"));
            Assert.That(uri.Headers[0].Value, Is.EqualTo("project%20x"));
            Assert.That(uri.Headers[0].UnescapedValue, Is.EqualTo("project x"));
        });
    }

    [TestCase("sip:alice@atlanta.com")]
    [TestCase("sip:atlanta.com")]
    [TestCase("sip:alice:@atlanta.com")]
    [TestCase("sips:%61lice@AtLanTa.CoM;Transport=TCP")]
    [TestCase("sip:[2001:db8::10]:5070;lr")]
    [TestCase("sip:user;par=u%40example.net@example.com")]
    [TestCase("sip:null-%00-null@example.com")]
    [TestCase("sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31")]
    [TestCase("sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com")]
    [TestCase("sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com")]
    [TestCase("sip:192.0.2.4:0")]
    [TestCase("sip:host.example.com.")]
    public void ToString_CanonicalInput_IsByteIdentical(string text)
    {
        var uri = Parse(text);
        Assert.That(uri.ToString(), Is.EqualTo(text));
        Assert.That(AddressUri.Parse(uri.ToString()), Is.EqualTo(uri));
    }

    [Test]
    public void Parse_SemicolonInUser_IsNotAParameter()
    {
        // RFC 4475 §3.1.1.9 semiuri.
        var uri = Parse("sip:user;par=u%40example.net@example.com");
        Assert.That(uri.EscapedUser, Is.EqualTo("user;par=u%40example.net"));
        Assert.That(uri.User, Is.EqualTo("user;par=u@example.net"));
        Assert.That(uri.Parameters, Is.Empty);
    }

    [Test]
    public void Parse_EscapedNul_IsKept()
    {
        // RFC 4475 §3.1.1.4 escnull.
        var uri = Parse("sip:%00%00@host5.example.com");
        Assert.That(uri.User, Is.EqualTo("\0\0"));
        Assert.That(uri.ToString(), Is.EqualTo("sip:%00%00@host5.example.com"));
    }

    [TestCase("sip:user@example.com; lr", SipParseErrorCode.InvalidUri, 21)]
    [TestCase("sip:user@exa mple.com", SipParseErrorCode.InvalidHost, 12)]
    [TestCase("sip:us er@example.com", SipParseErrorCode.InvalidUri, 6)]
    [TestCase("sip:user%4@example.com", SipParseErrorCode.InvalidEscape, 8)]
    [TestCase("sip:user%G1@example.com", SipParseErrorCode.InvalidEscape, 8)]
    [TestCase("sip:user@example.com:65536", SipParseErrorCode.InvalidPort, 21)]
    [TestCase("sip:user@example.com:", SipParseErrorCode.InvalidPort, 21)]
    [TestCase("sip:user@example.com:50a", SipParseErrorCode.InvalidUri, 23)]
    [TestCase("sip:2001:db8::10", SipParseErrorCode.InvalidHost, 4)]
    [TestCase("sip:[2001:db8::10", SipParseErrorCode.InvalidHost, 17)]
    [TestCase("sip:[2001:db8:::10]", SipParseErrorCode.InvalidHost, 15)]
    [TestCase("sip:@example.com", SipParseErrorCode.InvalidUri, 4)]
    [TestCase("sip:", SipParseErrorCode.InvalidHost, 4)]
    [TestCase("sip:host_1.example.com", SipParseErrorCode.InvalidHost, 8)]
    [TestCase("sip:-host.example.com", SipParseErrorCode.InvalidHost, 4)]
    [TestCase("sip:host.123", SipParseErrorCode.InvalidHost, 9)]
    [TestCase("sip:256.1.1.1", SipParseErrorCode.InvalidHost, 4)]
    [TestCase("sip:host;;lr", SipParseErrorCode.InvalidParameter, 9)]
    [TestCase("sip:host;lr=", SipParseErrorCode.InvalidParameter, 12)]
    [TestCase("sip:host;lr;LR", SipParseErrorCode.DuplicateParameter, 12)]
    [TestCase("sip:host;ttl=256", SipParseErrorCode.InvalidParameter, 9)]
    [TestCase("sip:host;maddr=bad_host", SipParseErrorCode.InvalidParameter, 9)]
    [TestCase("sip:host?subject", SipParseErrorCode.InvalidUri, 9)]
    [TestCase("<sip:host>", SipParseErrorCode.InvalidUri, 0)]
    [TestCase("host.example.com", SipParseErrorCode.InvalidUri, 16)]
    public void TryParse_Invalid_ReportsCodeAndOffset(string text, SipParseErrorCode code, int offset)
    {
        var error = Fail(text);
        Assert.That((error.Code, error.Offset), Is.EqualTo((code, offset)), error.ToString());
    }
}
