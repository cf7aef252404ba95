namespace UcStack.Sip.Tests.Message;

[TestFixture]
public sealed class SipRequestBuilderTests
{
    private static SipRequestBuilder Minimal() => new SipRequestBuilder("INVITE", "sip:bob@biloxi.example.com")
        .AddVia("UDP", "pc33.atlanta.example.com", 5060)
        .SetMaxForwards()
        .SetFrom("sip:alice@atlanta.example.com", "Alice")
        .SetTo("sip:bob@biloxi.example.com")
        .SetCallId()
        .SetCSeq(1);

    [Test]
    public void Build_Minimal_HasMandatoryHeadersAndFreshIds()
    {
        using var r = Minimal().AddContact("sip:alice@pc33.atlanta.example.com").Build();
        Assert.That(r.TryValidate(out var e, requireMaxForwards: true), Is.True, e.ToString());
        Assert.That(r.Method, Is.EqualTo("INVITE"));
        Assert.That(r.TopViaBranch, Does.StartWith("z9hG4bK").And.Length.GreaterThan(7 + 16));
        Assert.That(r.TopViaPort, Is.EqualTo(5060));
        Assert.That(r.FromTag, Has.Length.EqualTo(16));
        Assert.That(r.ToTag, Is.Null);
        Assert.That(r.CallId, Has.Length.EqualTo(32));
        Assert.That(r.CSeqMethod, Is.EqualTo("INVITE"));
        Assert.That(r.MaxForwards, Is.EqualTo(70));
        Assert.That(r.From.DisplayName, Is.EqualTo("Alice"));
        Assert.That(r.Contacts, Has.Count.EqualTo(1));
        Assert.That(r.ContentLength, Is.Zero);
    }

    [Test]
    public void Build_Twice_GivesDifferentRandomIdentifiers()
    {
        using var a = Minimal().Build();
        using var b = Minimal().Build();
        Assert.That(a.TopViaBranch, Is.Not.EqualTo(b.TopViaBranch));
        Assert.That(a.FromTag, Is.Not.EqualTo(b.FromTag));
        Assert.That(a.CallId, Is.Not.EqualTo(b.CallId));
    }

    [Test]
    public void Build_WithBodyAndHeaders_KeepsOrderAndComputesContentLength()
    {
        using var r = Minimal().AddHeader("X-First", "1").SetBody("v=0\r\n"u8, "application/sdp").AddHeader("X-Second", "2").Build();
        var names = new List<string>();
        foreach (var h in r.Headers) names.Add(h.CanonicalName);
        Assert.That(names, Is.EqualTo(new[] { "Via", "Max-Forwards", "From", "To", "Call-ID", "CSeq", "X-First", "Content-Type", "X-Second", "Content-Length" }));
        Assert.That(r.ContentLength, Is.EqualTo(5));
        Assert.That(r.Body.ToArray(), Is.EqualTo("v=0\r\n"u8.ToArray()));
    }

    [Test]
    public void SetFrom_Twice_ReplacesInPlace()
    {
        using var r = Minimal().SetFrom("sip:carol@chicago.example.com", tag: "abc").Build();
        Assert.That(r.Headers.GetValues("From"), Has.Count.EqualTo(1));
        Assert.That(r.FromTag, Is.EqualTo("abc"));
    }

    [Test]
    public void DisplayName_WithQuotes_IsEscaped()
    {
        using var r = Minimal().SetFrom("sip:alice@atlanta.example.com", "Al \"the\" \\ice").Build();
        Assert.That(r.From.DisplayName, Is.EqualTo("Al \"the\" \\ice"));
    }

    [Test]
    public void Build_WithoutMandatoryHeaders_ThrowsParseException()
    {
        var ex = Assert.Throws<SipParseException>(() => new SipRequestBuilder("OPTIONS", "sip:a@b.example").Build());
        Assert.That(ex!.Error.Code, Is.EqualTo(SipParseErrorCode.MissingHeader));
    }

    [TestCase("INV ITE", "sip:a@b.example")]
    [TestCase("", "sip:a@b.example")]
    [TestCase("INVITE", "<sip:a@b.example>")]
    [TestCase("INVITE", "sip:a@b.example x")]
    public void Constructor_BadMethodOrUri_Throws(string method, string uri)
        => Assert.Throws<ArgumentException>(() => _ = new SipRequestBuilder(method, uri));

    [TestCase("X-Evil", "a\r\nVia: SIP/2.0/UDP attacker")]
    [TestCase("X-Evil", "a\nb")]
    [TestCase("X-Evil", "a\0b")]
    [TestCase("X Evil", "a")]
    [TestCase("X-Evil:", "a")]
    public void AddHeader_InjectionAttempt_Throws(string name, string value)
        => Assert.Throws<ArgumentException>(() => Minimal().AddHeader(name, value));

    [Test]
    public void TypedHelpers_RejectBadArguments()
    {
        var b = Minimal();
        Assert.Throws<ArgumentOutOfRangeException>(() => b.SetMaxForwards(256));
        Assert.Throws<ArgumentOutOfRangeException>(() => b.AddVia("UDP", "h.example", 70000));
        Assert.Throws<ArgumentException>(() => b.AddVia("U DP", "h.example"));
        Assert.Throws<ArgumentException>(() => b.SetFrom("sip:a@b.example", tag: "a b"));
        Assert.Throws<ArgumentException>(() => b.SetCallId("a b"));
    }
}
