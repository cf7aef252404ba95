using System.Text;

namespace UcStack.Sip.Tests.Headers;

[TestFixture]
public sealed class NameAddressHeaderTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static NameAddressHeader One(string value)
    {
        Assert.That(NameAddressHeader.TryParse(B(value), out var h, out var error), Is.True, error.ToString());
        return h!;
    }

    [Test]
    public void Parse_QuotedDisplayNameWithEscapes_Unescapes()
    {
        // RFC 4475 §3.1.1.1 wsinv "from" value.
        var h = One("\"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>\r\n  ;\r\n  tag = 98asjd8");
        Assert.Multiple(() =>
        {
            Assert.That(h.DisplayName, Is.EqualTo("J Rosenberg \\\""));
            Assert.That(h.Uri!.ToString(), Is.EqualTo("sip:jdrosen@example.com"));
            Assert.That(h.Tag, Is.EqualTo("98asjd8"));
            Assert.That(h.ToString(), Is.EqualTo("\"J Rosenberg \\\\\\\"\" <sip:jdrosen@example.com>;tag=98asjd8"));
        });
    }

    [Test]
    public void Parse_WsinvContact_ParamsAndQ()
    {
        var h = One("\"Quoted string \\\"\\\"\" <sip:jdrosen@example.com> ; newparam =\r\n      newvalue ;\r\n  secondparam ; q = 0.33");
        Assert.Multiple(() =>
        {
            Assert.That(h.DisplayName, Is.EqualTo("Quoted string \"\""));
            Assert.That(h.Parameters["newparam"], Is.EqualTo("newvalue"));
            Assert.That(h.Parameters.Contains("secondparam"), Is.True);
            Assert.That(h.Parameters["secondparam"], Is.Null);
            Assert.That(h.Q, Is.EqualTo(0.33m));
        });
    }

    [Test]
    public void Parse_AddrSpecWithFoldedTag_WsinvTo()
    {
        var h = One("sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n");
        Assert.That(h.DisplayName, Is.Null);
        Assert.That(h.Tag, Is.EqualTo("1918181833n"));
        Assert.That(h.ToString(), Is.EqualTo("<sip:vivekg@chair-dnrc.example.com>;tag=1918181833n"));
    }

    [Test]
    public void Parse_IntmethControlOctetsAndTokenDisplayName_Accepted()
    {
        // RFC 4475 §3.1.1.2 intmeth To and From values.
        var to = One("\"BEL:\\\u0007 NUL:\\\u0000 DEL:\\\u007F\" <sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*@example.com>");
        Assert.That(to.DisplayName, Is.EqualTo("BEL:\u0007 NUL:\u0000 DEL:\u007F"));
        Assert.That(((SipUri)to.Uri!).EscapedUser, Is.EqualTo("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*"));
        var from = One("token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;fromParam''~+*_!.-%=\"\u0440\u0430\u0431\u043E\u0442\u0430\u044E\u0449\u0438\u0439\";tag=_token~1'+`*%!-.");
        Assert.Multiple(() =>
        {
            Assert.That(from.DisplayName, Is.EqualTo("token1~` token2'+_ token3*%!.-"));
            Assert.That(from.Tag, Is.EqualTo("_token~1'+`*%!-."));
            Assert.That(from.Parameters[0].UnquotedValue, Is.EqualTo("\u0440\u0430\u0431\u043E\u0442\u0430\u044E\u0449\u0438\u0439"));
            Assert.That(NameAddressHeader.Parse(from.ToString()).ToString(), Is.EqualTo(from.ToString()));
        });
    }

    [Test]
    public void Parse_NoSpaceBeforeBracket_Lwsdisp()
    {
        // RFC 4475 §3.1.1.6 lwsdisp.
        var h = One("caller<sip:caller@example.com>;tag=323");
        Assert.That(h.DisplayName, Is.EqualTo("caller"));
        Assert.That(h.Tag, Is.EqualTo("323"));
    }

    [Test]
    public void Parse_ParamAfterAddrSpec_IsHeaderParameter_Cparam01()
    {
        // RFC 4475 §3.3.12 cparam01.
        var h = One("sip:+19725552222@gw1.example.net;unknownparam");
        Assert.That(h.Parameters.Contains("unknownparam"), Is.True);
        Assert.That(((SipUri)h.Uri!).Parameters, Is.Empty);
    }

    [Test]
    public void Parse_ParamInsideBrackets_IsUriParameter_Cparam02()
    {
        // RFC 4475 §3.3.13 cparam02.
        var h = One("<sip:+19725552222@gw1.example.net;unknownparam>");
        Assert.That(h.Parameters, Is.Empty);
        Assert.That(((SipUri)h.Uri!).Parameters.Contains("unknownparam"), Is.True);
    }

    [Test]
    public void Parse_EscapedHeaderInBrackets_KeptInUri_Regescrt()
    {
        // RFC 4475 §3.3.14 regescrt.
        var h = One("<sip:user@example.com?Route=%3Csip:sip.example.com%3E>");
        var uri = (SipUri)h.Uri!;
        Assert.That(uri.Headers[0].UnescapedValue, Is.EqualTo("<sip:sip.example.com>"));
        Assert.That(h.ToString(), Is.EqualTo("<sip:user@example.com?Route=%3Csip:sip.example.com%3E>"));
    }

    [TestCase("isbn:2983792873", "isbn")]
    [TestCase("<http://www.example.com>;tag=3234233", "http")]
    [TestCase("<name:John_Smith>", "name")]
    [TestCase("tel:+1-201-555-0123;tag=x", "tel")]
    public void Parse_NonSipSchemes_Unksm2(string value, string scheme)
    {
        // RFC 4475 §3.3.4 unksm2.
        Assert.That(One(value).Uri!.Scheme, Is.EqualTo(scheme));
    }

    [Test]
    public void Parse_Rfc5118Contact_IPv6()
    {
        var h = One("\"T. desk phone\" <sip:ted@[::ffff:192.0.2.2]>");
        Assert.That(h.DisplayName, Is.EqualTo("T. desk phone"));
        Assert.That(((SipUri)h.Uri!).HostKind, Is.EqualTo(SipHostKind.IPv6));
        Assert.That(One("sip:user@[2001:db8:::192.0.2.1]").Uri, Is.EqualTo(One("sip:user@[2001:db8::192.0.2.1]").Uri));
    }

    [Test]
    public void Parse_ContactExpiresAndQ_Typed()
    {
        var h = One("<sip:a@b>;q=1.000;expires=4294967295");
        Assert.That(h.Q, Is.EqualTo(1m));
        Assert.That(h.Expires, Is.EqualTo(uint.MaxValue));
        Assert.That(One("<sip:a@b>;q=0").Q, Is.EqualTo(0m));
        Assert.That(One("<sip:a@b>;q=0.5").Q, Is.EqualTo(0.5m));
        Assert.That(One("<sip:a@b>").Q, Is.Null);
    }

    [TestCase("\"Mr. J. User <sip:j.user@example.com>", SipParseErrorCode.UnterminatedQuotedString, 0, TestName = "RFC 4475 quotbal")]
    [TestCase("Bell, Alexander <sip:a.g.bell@example.com>;tag=43", SipParseErrorCode.InvalidDisplayName, 4, TestName = "RFC 4475 baddn From")]
    [TestCase("Watson, Thomas <sip:t.watson@example.org>", SipParseErrorCode.InvalidDisplayName, 6, TestName = "RFC 4475 baddn To")]
    [TestCase("\"Watson, Thomas\" < sip:t.watson@example.org >", SipParseErrorCode.InvalidUri, 18, TestName = "RFC 4475 badaspec")]
    [TestCase("sip:user@example.com?Route=%3Csip:sip.example.com%3E", SipParseErrorCode.InvalidHeaderValue, 20, TestName = "RFC 4475 regbadct")]
    [TestCase("<sip:user@example.com>\r\n  ;expires=280297596632815", SipParseErrorCode.ValueOutOfRange, 27, TestName = "RFC 4475 scalar02 Contact")]
    [TestCase("\"Joe\" <sip:joe@example.org>;;;;", SipParseErrorCode.InvalidParameter, 28, TestName = "RFC 4475 badinv01 Contact")]
    [TestCase("<sip:a@b", SipParseErrorCode.UnterminatedAngleBracket, 0)]
    [TestCase("\"Joe\" sip:joe@example.org", SipParseErrorCode.InvalidHeaderValue, 6)]
    [TestCase("Joe sip:joe@example.org", SipParseErrorCode.InvalidDisplayName, 7)]
    [TestCase("<sip:a@b>;tag=a:b", SipParseErrorCode.InvalidParameter, 10)]
    [TestCase("<sip:a@b>;q=1.5", SipParseErrorCode.InvalidParameter, 10)]
    [TestCase("<sip:a@b>;q=0.1234", SipParseErrorCode.InvalidParameter, 10)]
    [TestCase("<sip:a@b>;expires=x", SipParseErrorCode.InvalidParameter, 10)]
    [TestCase("<sip:a@b>;tag=1;tag=2", SipParseErrorCode.DuplicateParameter, 16)]
    [TestCase("<sip:a@b> junk", SipParseErrorCode.InvalidHeaderValue, 10)]
    public void TryParse_Invalid_ReportsCodeAndOffset(string value, SipParseErrorCode code, int offset)
    {
        Assert.That(NameAddressHeader.TryParse(B(value), out var h, out var error), Is.False);
        Assert.That(h, Is.Null);
        Assert.That((error.Code, error.Offset), Is.EqualTo((code, offset)), error.ToString());
    }

    [Test]
    public void TryParse_InvalidUtf8InQuotedString_Rejected()
    {
        var value = new byte[] { (byte)'"', 0xC3, 0x28, (byte)'"', (byte)' ', (byte)'<', (byte)'s', (byte)'i', (byte)'p', (byte)':', (byte)'a', (byte)'>' };
        Assert.That(NameAddressHeader.TryParse(value, out _, out var error), Is.False);
        Assert.That((error.Code, error.Offset), Is.EqualTo((SipParseErrorCode.InvalidHeaderValue, 0)));
    }

    [Test]
    public void TryParseList_CommasInsideQuotesAndBrackets_DoNotSplit()
    {
        var list = new List<NameAddressHeader>();
        var value = B("\"Bell, Alexander\" <sip:a.g.bell@example.com;x=1>, <sip:b,c@example.com?h=a%2Cb>;q=0.1 ,\r\n sip:c@example.com");
        Assert.That(NameAddressHeader.TryParseList(value, list, out var error), Is.True, error.ToString());
        Assert.That(list.Select(h => h.Uri!.ToString()), Is.EqualTo(new[] { "sip:a.g.bell@example.com;x=1", "sip:b,c@example.com?h=a%2Cb", "sip:c@example.com" }));
        Assert.That(list[0].DisplayName, Is.EqualTo("Bell, Alexander"));
        Assert.That(list[1].Q, Is.EqualTo(0.1m));
    }

    [Test]
    public void TryParseList_Wildcard_OnlyAlone()
    {
        var list = new List<NameAddressHeader>();
        Assert.That(NameAddressHeader.TryParseList(B("*"), list, out _), Is.True);
        Assert.That(list.Single().IsWildcard, Is.True);
        Assert.That(list[0].ToString(), Is.EqualTo("*"));
        Assert.That(NameAddressHeader.TryParseList(B("*, <sip:a@b>"), new List<NameAddressHeader>(), out var error), Is.False);
        Assert.That((error.Code, error.Offset), Is.EqualTo((SipParseErrorCode.InvalidHeaderValue, 0)));
        Assert.That(NameAddressHeader.TryParse(B(" * "), out var one, out _), Is.True);
        Assert.That(one!.IsWildcard, Is.True);
    }

    [Test]
    public void TryParseList_EmptyElements_Rejected()
    {
        Assert.That(NameAddressHeader.TryParseList(B("<sip:a@b>,,<sip:c@d>"), new List<NameAddressHeader>(), out var error), Is.False);
        Assert.That((error.Code, error.Offset), Is.EqualTo((SipParseErrorCode.EmptyListElement, 10)));
    }

    [Test]
    public void Constructor_QuotesDisplayNameAndRoundTrips()
    {
        var h = new NameAddressHeader(SipUri.Parse("sip:alice@atlanta.com"), "Alice \"A\" \\ Smith");
        h.Parameters.Set("tag", "1928301774");
        Assert.That(h.ToString(), Is.EqualTo("\"Alice \\\"A\\\" \\\\ Smith\" <sip:alice@atlanta.com>;tag=1928301774"));
        var back = NameAddressHeader.Parse(h.ToString());
        Assert.That(back.DisplayName, Is.EqualTo(h.DisplayName));
        Assert.That(back.Uri, Is.EqualTo(h.Uri));
        Assert.That(back.Tag, Is.EqualTo("1928301774"));
        Assert.That(() => new NameAddressHeader(h.Uri!, "a\r\nb"), Throws.ArgumentException);
    }
}
