using System.Text;

namespace UcStack.C3P.Tests;

/// <summary>Hostile inputs: every one is refused with <see cref="C3PParseException"/>, quickly and without expansion.</summary>
public sealed class HardeningTests
{
    [TestCase("billion-laughs.xml")]
    [TestCase("external-entity.xml")]
    public void Parse_Dtd_IsProhibited(string name)
    {
        var bytes = Fixtures.Bytes("hostile", name);
        var asC3P = Assert.Throws<C3PParseException>(() => C3PXml.Parse(bytes))!;
        var asInfo = Assert.Throws<C3PParseException>(() => ConferenceInfoXml.Parse(bytes))!;
        Assert.Multiple(() =>
        {
            Assert.That(asC3P.Reason, Is.EqualTo(C3PParseErrorReason.DtdProhibited), asC3P.Message);
            Assert.That(asInfo.Reason, Is.EqualTo(C3PParseErrorReason.DtdProhibited), asInfo.Message);
            Assert.That(asC3P.LineNumber, Is.GreaterThan(0));
            Assert.That(asC3P.Detail, Does.Not.Contain("set the DtdProcessing"));
        });
    }

    [Test]
    public void Parse_UndeclaredEntityReference_IsMalformed()
    {
        var error = Assert.Throws<C3PParseException>(() => ConferenceInfoXml.Parse("""<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="&x;"/>"""))!;
        Assert.That(error.Reason, Is.EqualTo(C3PParseErrorReason.MalformedXml));
    }

    [Test]
    public void Parse_NestingBomb_IsTooDeep()
    {
        var error = Assert.Throws<C3PParseException>(() => ConferenceInfoXml.Parse(Fixtures.Bytes("hostile", "nesting-bomb.xml")))!;
        Assert.That(error.Reason, Is.EqualTo(C3PParseErrorReason.TooDeep));
    }

    [Test]
    public void Parse_DepthLimit_CountsTheRootAsOne()
    {
        const string threeDeep = """<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="f"><users><user entity="u"/></users></conference-info>""";
        Assert.That(ConferenceInfoXml.Parse(threeDeep, new C3PReaderOptions { MaxDepth = 3 }).Users!.Users, Has.Count.EqualTo(1));
        Assert.That(Assert.Throws<C3PParseException>(() => ConferenceInfoXml.Parse(threeDeep, new C3PReaderOptions { MaxDepth = 2 }))!.Reason, Is.EqualTo(C3PParseErrorReason.TooDeep));
    }

    [Test]
    public void Parse_TooManyElements_IsRejected()
    {
        var users = string.Concat(Enumerable.Range(0, 50).Select(i => $"<user entity=\"sip:u{i}@example.org\"/>"));
        var body = $"""<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="f"><users>{users}</users></conference-info>""";
        Assert.That(ConferenceInfoXml.Parse(body, new C3PReaderOptions { MaxElements = 52 }).Users!.Users, Has.Count.EqualTo(50));
        var error = Assert.Throws<C3PParseException>(() => ConferenceInfoXml.Parse(body, new C3PReaderOptions { MaxElements = 51 }))!;
        Assert.That(error.Reason, Is.EqualTo(C3PParseErrorReason.TooManyElements));
    }

    [Test]
    public void Parse_OversizedBytes_IsRejectedBeforeReading()
    {
        var bytes = new byte[4 * 1000 + 1];
        var error = Assert.Throws<C3PParseException>(() => C3PXml.Parse(bytes, new C3PReaderOptions { MaxCharacters = 1000 }))!;
        Assert.That(error.Reason, Is.EqualTo(C3PParseErrorReason.DocumentTooLarge));
    }

    [Test]
    public void Parse_OversizedCharacters_IsRejectedByTheReader()
    {
        var subject = new string('s', 2000);
        var body = Encoding.UTF8.GetBytes($"""<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="f"><conference-description><subject>{subject}</subject></conference-description></conference-info>""");
        var error = Assert.Throws<C3PParseException>(() => ConferenceInfoXml.Parse(body, new C3PReaderOptions { MaxCharacters = 1000 }))!;
        Assert.That(error.Reason, Is.EqualTo(C3PParseErrorReason.DocumentTooLarge), error.Message);
    }

    [Test]
    public void Parse_OversizedString_IsRejected()
    {
        var error = Assert.Throws<C3PParseException>(() => C3PXml.Parse(new string(' ', 1001), new C3PReaderOptions { MaxCharacters = 1000 }))!;
        Assert.That(error.Reason, Is.EqualTo(C3PParseErrorReason.DocumentTooLarge));
    }

    [Test]
    public void Parse_Utf16WithBom_IsRead()
    {
        var text = """<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="sip:f@example.org"/>""";
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray();
        Assert.That(ConferenceInfoXml.Parse(bytes).Entity, Is.EqualTo("sip:f@example.org"));
    }

    [Test]
    public void Options_NonPositiveLimits_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => C3PXml.Parse("<x/>", new C3PReaderOptions { MaxDepth = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => C3PXml.Parse("<x/>", new C3PReaderOptions { MaxElements = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => C3PXml.Parse("<x/>", new C3PReaderOptions { MaxCharacters = 0 }));
    }
}

/// <summary>Regressions found by the mutation properties: the reader throws from lazily decoded values too.</summary>
public sealed class InvalidEncodingTests
{
    private static byte[] Utf8WithByte(string before, byte bad, string after) =>
        [.. Encoding.UTF8.GetBytes(before), bad, .. Encoding.UTF8.GetBytes(after)];

    [TestCase("<request xmlns=\"urn:ietf:params:xml:ns:cccp\" requestId=\"1\" from=\"a", "\" to=\"b\"><getConferences/></request>")]
    [TestCase("<request xmlns=\"urn:ietf:params:xml:ns:cccp\" requestId=\"1\" from=\"a\" to=\"b\"><setLobbyAccess><userEntity>x", "</userEntity></setLobbyAccess></request>")]
    [TestCase("<request xmlns=\"urn:ietf:params:xml:ns:cccp\" requestId=\"1\" from=\"a\" to=\"b\"><get", "Conferences/></request>")]
    public void Parse_InvalidUtf8_IsMalformedXml(string before, string after)
    {
        foreach (var bad in new byte[] { 0xFF, 0xC3, 0x80, 0xED })
        {
            var bytes = Utf8WithByte(before, bad, after);
            var error = Assert.Throws<C3PParseException>(() => C3PXml.Parse(bytes))!;
            Assert.That(error.Reason, Is.EqualTo(C3PParseErrorReason.MalformedXml), error.Message);
        }
    }
}
