namespace UcStack.Sip.Tests.Headers;

[TestFixture]
public sealed class SipParametersTests
{
    [Test]
    public void Lookup_IsCaseInsensitive_AndDistinguishesValueless()
    {
        var p = NameAddressHeader.Parse("<sip:a@b>;Tag=x;lr;e=\"\"").Parameters;
        Assert.Multiple(() =>
        {
            Assert.That(p["tag"], Is.EqualTo("x"));
            Assert.That(p.Contains("LR"), Is.True);
            Assert.That(p.TryGetValue("lr", out var lr), Is.True);
            Assert.That(lr, Is.Null);
            Assert.That(p.TryGetValue("e", out var e), Is.True);
            Assert.That(e, Is.EqualTo("\"\""));
            Assert.That(p[2].UnquotedValue, Is.Empty);
            Assert.That(p[1].HasValue, Is.False);
            Assert.That(p.TryGetValue("missing", out _), Is.False);
            Assert.That(p.ToString(), Is.EqualTo(";Tag=x;lr;e=\"\""));
        });
    }

    [Test]
    public void SetAndRemove_KeepOrder()
    {
        var p = new SipParameters();
        p.Set("a", "1");
        p.Set("b", null);
        p.Set("A", "2");
        Assert.That(p.Select(x => x.ToString()), Is.EqualTo(new[] { new SipParameter("a", "2").ToString(), new SipParameter("b", null).ToString() }));
        Assert.That(p.Remove("B"), Is.True);
        Assert.That(p.Remove("b"), Is.False);
        Assert.That(p, Has.Count.EqualTo(1));
    }

    [Test]
    public void Set_InvalidNamesOrValues_Throw()
    {
        var p = new SipParameters();
        Assert.That(() => p.Set("a b", null), Throws.ArgumentException);
        Assert.That(() => p.Set("", null), Throws.ArgumentException);
        Assert.That(() => p.Set("a", "x y"), Throws.ArgumentException);
        Assert.That(() => p.Set("a", "\"unterminated"), Throws.ArgumentException);
        p.Set("a", "\"quoted value\"");
        p.Set("h", "[2001:db8::1]");
        Assert.That(p, Has.Count.EqualTo(2));
    }

    [Test]
    public void UriParameters_MatchEscapedNames()
    {
        var uri = SipUri.Parse("sip:host;%6C%72;n%61me=v");
        Assert.That(uri.Lr, Is.True);
        Assert.That(uri.Parameters["name"], Is.EqualTo("v"));
        Assert.That(() => uri.Parameters.Set("x", "a b"), Throws.ArgumentException);
        uri.Parameters.Set("transport", "tcp");
        Assert.That(uri.ToString(), Is.EqualTo("sip:host;%6C%72;n%61me=v;transport=tcp"));
    }

    [Test]
    public void Set_BeyondMaxCount_Throws()
    {
        var p = new SipParameters();
        for (var i = 0; i < SipParameters.MaxCount; i++) p.Set("p" + i, null);
        Assert.That(() => p.Set("one-more", null), Throws.InvalidOperationException);
    }

    [Test]
    public void Parse_BeyondMaxCount_TooManyParameters()
    {
        var value = "<sip:a@b>" + string.Concat(Enumerable.Range(0, SipParameters.MaxCount + 1).Select(i => ";p" + i));
        Assert.That(NameAddressHeader.TryParse(System.Text.Encoding.ASCII.GetBytes(value), out _, out var error), Is.False);
        Assert.That(error.Code, Is.EqualTo(SipParseErrorCode.TooManyParameters));
        var uri = "sip:a" + string.Concat(Enumerable.Range(0, SipParameters.MaxCount + 1).Select(i => ";p" + i));
        Assert.That(SipUri.TryParse(System.Text.Encoding.ASCII.GetBytes(uri), out _, out error), Is.False);
        Assert.That(error.Code, Is.EqualTo(SipParseErrorCode.TooManyParameters));
    }

    [Test]
    public void Set_OwnerRulesForWellKnownParameters_Enforced()
    {
        var via = new ViaHeader("UDP", "host");
        Assert.That(() => via.Parameters.Set("branch", "a:b"), Throws.ArgumentException);
        Assert.That(() => via.Parameters.Set("received", "example.com"), Throws.ArgumentException);
        Assert.That(() => via.Parameters.Set("rport", "70000"), Throws.ArgumentException);
        via.Parameters.Set("received", "2001:db8::1");
        Assert.That(ViaHeader.Parse(via.ToString()).Received, Is.EqualTo("2001:db8::1"));

        var uri = new SipUri("example.com");
        Assert.That(() => uri.Parameters.Set("ttl", "300"), Throws.ArgumentException);
        Assert.That(() => uri.Parameters.Set("maddr", "a_b"), Throws.ArgumentException);

        var contact = new NameAddressHeader(uri);
        Assert.That(() => contact.Parameters.Set("q", "2"), Throws.ArgumentException);
        Assert.That(() => contact.Parameters.Set("expires", "4294967296"), Throws.ArgumentException);

        var auth = new AuthenticationHeader("Digest");
        Assert.That(() => auth.Parameters.Set("realm", null), Throws.ArgumentException);
        auth.Parameters.Set("realm", "\"a b\"");
        Assert.That(AuthenticationHeader.Parse(System.Text.Encoding.ASCII.GetBytes(auth.ToString())).Realm, Is.EqualTo("a b"));

        var ct = new ContentTypeHeader("text", "plain");
        Assert.That(() => ct.Parameters.Set("charset", null), Throws.ArgumentException);

        var tel = new TelUri("+1-201-555-0123");
        Assert.That(() => tel.Parameters.Set("phone-context", "example.com"), Throws.ArgumentException);
        Assert.That(() => tel.Parameters.Set("ext", "x"), Throws.ArgumentException);
    }
}
