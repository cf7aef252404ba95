namespace UcStack.Sip.Tests.Message;

[TestFixture]
public sealed class SipMessageTypedTests
{
    private static byte[] B(string s) => SipTestMessages.Bytes(s);

    [Test]
    public void TypedHeaders_OfInvite_AreParsedAndCached()
    {
        var text = SipTestMessages.InviteWith("Contact:",
            "Contact: <sip:alice@pc33.atlanta.example.com>;expires=60, \"Two\" <sip:two@h.example>\r\n" +
            "Route: <sip:p1.example;lr>\r\nRoute: <sip:p2.example;lr>\r\nRecord-Route: <sip:rr.example;lr>\r\n" +
            "Supported: timer, 100rel\r\nk: path\r\nRequire: timer\r\nProxy-Require: foo\r\nExpires: 3600\r\n" +
            "Authorization: Digest username=\"alice\", realm=\"atlanta.example.com\", nonce=\"abc\", uri=\"sip:bob@biloxi.example.com\", response=\"0123456789abcdef0123456789abcdef\"");
        using var m = SipRequest.Parse(B(text));
        Assert.That(m.TryValidate(out var e), Is.True, e.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(m.RequestUri, Is.TypeOf<SipUri>());
            Assert.That(((SipUri)m.RequestUri).Host, Is.EqualTo("biloxi.example.com"));
            Assert.That(m.Vias, Has.Count.EqualTo(1));
            Assert.That(m.Vias[0].Branch, Is.EqualTo("z9hG4bK776asdhds"));
            Assert.That(m.Vias[0].Port, Is.EqualTo(5061));
            Assert.That(m.From.DisplayName, Is.EqualTo("Alice"));
            Assert.That(m.From.Tag, Is.EqualTo("1928301774"));
            Assert.That(m.To.Tag, Is.Null);
            Assert.That(m.Contacts, Has.Count.EqualTo(2));
            Assert.That(m.Contacts[0].Expires, Is.EqualTo(60u));
            Assert.That(m.Contacts[1].DisplayName, Is.EqualTo("Two"));
            Assert.That(m.Routes, Has.Count.EqualTo(2));
            Assert.That(m.RecordRoutes, Has.Count.EqualTo(1));
            Assert.That(m.Supported, Is.EqualTo(new[] { "timer", "100rel", "path" }));
            Assert.That(m.Require, Is.EqualTo(new[] { "timer" }));
            Assert.That(m.ProxyRequire, Is.EqualTo(new[] { "foo" }));
            Assert.That(m.Expires, Is.EqualTo(3600u));
            Assert.That(m.ContentType!.MediaType, Is.EqualTo("text/plain"));
            Assert.That(m.Authorization, Has.Count.EqualTo(1));
            Assert.That(m.Authorization[0].Username, Is.EqualTo("alice"));
            Assert.That(m.CSeq, Is.EqualTo(new CSeqHeader(314159, "INVITE")));
            var vias = m.Vias;
            var from = m.From;
            Assert.That(m.Vias, Is.SameAs(vias), "cached");
            Assert.That(m.From, Is.SameAs(from), "cached");
        });
    }

    [Test]
    public void TypedHeaders_Absent_AreEmptyOrNull()
    {
        using var m = SipMessage.Parse(B(SipTestMessages.Ok));
        Assert.That(m.Contacts, Is.Empty);
        Assert.That(m.Routes, Is.Empty);
        Assert.That(m.ContentType, Is.Null);
        Assert.That(m.Expires, Is.Null);
        Assert.That(m.Supported, Is.Empty);
        Assert.That(m.WwwAuthenticate, Is.Empty);
        Assert.That(m.Vias, Has.Count.EqualTo(2));
    }

    [Test]
    public void TypedHeader_Malformed_ThrowsWithMessageOffset_AndValidateReportsIt()
    {
        var text = SipTestMessages.InviteWith("Contact:", "Contact: <sip:alice@pc33.atlanta.example.com");
        using var m = SipMessage.Parse(B(text));
        var ex = Assert.Throws<SipParseException>(() => _ = m.Contacts);
        Assert.That(ex!.Error.Offset, Is.GreaterThanOrEqualTo(text.IndexOf("<sip:alice@pc33", StringComparison.Ordinal)));
        Assert.That(m.TryValidate(out var e), Is.False);
        Assert.That(e.Code, Is.EqualTo(SipParseErrorCode.UnterminatedAngleBracket));
        Assert.That(e.Offset, Is.EqualTo(ex.Error.Offset));
    }

    [TestCase("Expires: soon", SipParseErrorCode.InvalidHeaderValue)]
    [TestCase("Expires: 99999999999", SipParseErrorCode.ValueOutOfRange)]
    [TestCase("Date: Sat, 13 Nov 2010 23:29:00 PST", SipParseErrorCode.InvalidHeaderValue)]
    [TestCase("Content-Type: text", SipParseErrorCode.InvalidHeaderValue)]
    [TestCase("Warning: 1812 overture \"In Progress\"", SipParseErrorCode.InvalidHeaderValue)]
    public void TryValidate_MalformedKnownHeader_Fails(string line, SipParseErrorCode code)
    {
        using var m = SipMessage.Parse(B(SipTestMessages.InviteWith("Contact:", line)));
        Assert.That(m.TryValidate(out var e), Is.False);
        Assert.That(e.Code, Is.AnyOf(code, SipParseErrorCode.ValueOutOfRange, SipParseErrorCode.InvalidHeaderValue, SipParseErrorCode.InvalidParameter));
        Assert.That(e.Offset, Is.GreaterThanOrEqualTo(SipTestMessages.InviteWith("Contact:", line).IndexOf(line, StringComparison.Ordinal)));
    }

    [Test]
    public void TryValidate_MissingMaxForwards_IsReportedOnlyWhenRequired()
    {
        using var m = SipMessage.Parse(B(SipTestMessages.InviteWith("Max-Forwards:", string.Empty)));
        Assert.That(m.TryValidate(out _), Is.True);
        Assert.That(m.TryValidate(out var e, requireMaxForwards: true), Is.False);
        Assert.That(e.Code, Is.EqualTo(SipParseErrorCode.MissingHeader));
    }

    [Test]
    public void TryValidate_BadRequestUri_Fails()
    {
        var text = "INVITE sip:bob@bad_host..example SIP/2.0" + SipTestMessages.Invite[SipTestMessages.Invite.IndexOf("\r\n", StringComparison.Ordinal)..];
        using var m = SipRequest.Parse(B(text));
        Assert.That(m.TryValidate(out var e), Is.False);
        Assert.That(e.Offset, Is.InRange(7, 40));
        Assert.Throws<SipParseException>(() => _ = m.RequestUri);
    }
}
