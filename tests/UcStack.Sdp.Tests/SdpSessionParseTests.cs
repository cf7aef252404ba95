using System.Text;

namespace UcStack.Sdp.Tests;

[TestFixture]
public sealed class SdpSessionParseTests
{
    private static SdpParseError Fail(string text, SdpParseOptions? options = null)
    {
        Assert.That(SdpSession.TryParse(Encoding.UTF8.GetBytes(text), options, out var session, out var error), Is.False, "expected a parse failure");
        Assert.That(session, Is.Null);
        return error;
    }

    [TestCaseSource(typeof(Fixtures), nameof(Fixtures.All))]
    public void Parse_Fixture_WritesBackByteExact(string name)
    {
        var bytes = Fixtures.Bytes(name);
        var session = SdpSession.Parse(bytes);
        Assert.Multiple(() =>
        {
            Assert.That(session.Encode(), Is.EqualTo(bytes));
            Assert.That(session.GetEncodedLength(), Is.EqualTo(bytes.Length));
            Assert.That(session.ToString(), Is.EqualTo(Encoding.UTF8.GetString(bytes)));
        });
    }

    [TestCaseSource(typeof(Fixtures), nameof(Fixtures.All))]
    public void Parse_FixtureWithLoneLf_GivesSameModelAsCrlf(string name)
    {
        var crlf = Fixtures.Bytes(name);
        var lf = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(crlf).Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.That(SdpSession.Parse(lf).Encode(), Is.EqualTo(crlf));
    }

    [Test]
    public void Parse_MulticastSession_ReadsEveryLineType()
    {
        var session = Fixtures.Session("multicast-session.sdp");
        Assert.Multiple(() =>
        {
            Assert.That(session.Origin.Username, Is.EqualTo("jdoe"));
            Assert.That(session.Origin.SessionId, Is.EqualTo("3724394400"));
            Assert.That(session.Origin.SessionVersion, Is.EqualTo(3724394405UL));
            Assert.That(session.SessionName, Is.EqualTo("Weekly seminar"));
            Assert.That(session.Information, Does.StartWith("A seminar"));
            Assert.That(session.Uri, Does.StartWith("https://"));
            Assert.That(session.Emails, Is.EqualTo(new[] { "j.doe@example.com (Jane Doe)" }));
            Assert.That(session.Phones, Has.Count.EqualTo(1));
            Assert.That(session.Connection, Is.EqualTo(new SdpConnection("233.252.0.1", "IP4", "IN", ttl: 127)));
            Assert.That(session.Bandwidths, Is.EqualTo(new[] { new SdpBandwidth("CT", 1000) }));
            Assert.That(session.Times, Has.Count.EqualTo(1));
            Assert.That(session.Times[0].Start, Is.EqualTo(3724394400UL));
            Assert.That(session.Times[0].Repeats, Is.EqualTo(new[] { "604800 3600 0 90000" }));
            Assert.That(session.Times[0].ZoneAdjustments, Is.EqualTo("3730928400 -1h 3749680800 0"));
            Assert.That(session.Key, Is.EqualTo("prompt"));
            Assert.That(session.Direction, Is.EqualTo(SdpDirection.RecvOnly));
            Assert.That(session.Media, Has.Count.EqualTo(2));
            Assert.That(session.Media[0].Information, Is.EqualTo("Speaker audio"));
            Assert.That(session.Media[1].Port, Is.EqualTo(51372));
            Assert.That(session.Media[1].PortCount, Is.EqualTo(2));
            Assert.That(session.Media[1].Connections, Is.EqualTo(new[]
            {
                new SdpConnection("ff0e::1:2", "IP6", addressCount: 3),
                new SdpConnection("ff0e::1:9", "IP6", addressCount: 3),
            }));
            Assert.That(session.Media[1].Key, Is.EqualTo("clear:not-a-real-key"));
            Assert.That(session.GetEffectiveDirection(session.Media[1]), Is.EqualTo(SdpDirection.RecvOnly));
            Assert.That(session.GetEffectiveConnection(session.Media[0])!.Address, Is.EqualTo("233.252.0.1"));
        });
    }

    [Test]
    public void Parse_TrailingBlankLines_AreIgnored()
    {
        var session = SdpSession.Parse(Fixtures.Utf8(Fixtures.MinimalHead + "\r\n\r\n"));
        Assert.That(session.Encode(), Is.EqualTo(Fixtures.Utf8(Fixtures.MinimalHead)));
    }

    [Test]
    public void Parse_LastLineWithoutLineEnding_IsAccepted()
    {
        var session = SdpSession.Parse(Fixtures.Utf8(Fixtures.MinimalHead + "a=x"));
        Assert.That(session.Attributes.Single().Name, Is.EqualTo("x"));
    }

    [Test]
    public void Parse_EmptyValueAttribute_DiffersFromPropertyAttribute()
    {
        var session = SdpSession.Parse(Fixtures.Utf8(Fixtures.MinimalHead + "a=x:\r\na=y\r\n"));
        Assert.Multiple(() =>
        {
            Assert.That(session.Attributes[0].HasValue, Is.True);
            Assert.That(session.Attributes[0].Value, Is.EqualTo(string.Empty));
            Assert.That(session.Attributes[1].HasValue, Is.False);
            Assert.That(session.Attributes[1].Value, Is.Null);
            Assert.That(session.Encode(), Is.EqualTo(Fixtures.Utf8(Fixtures.MinimalHead + "a=x:\r\na=y\r\n")));
        });
    }

    [Test]
    public void Parse_Utf8Text_IsDecoded()
    {
        var text = Fixtures.MinimalHead.Replace("s=-", "s=Réunion 会議", StringComparison.Ordinal) + "a=note:größe\r\n";
        var session = SdpSession.Parse(Fixtures.Utf8(text));
        Assert.Multiple(() =>
        {
            Assert.That(session.SessionName, Is.EqualTo("Réunion 会議"));
            Assert.That(session.Attributes[0].Value, Is.EqualTo("größe"));
            Assert.That(session.Encode(), Is.EqualTo(Fixtures.Utf8(text)));
        });
    }

    [Test]
    public void Parse_PortWithLeadingZeros_IsNormalised()
    {
        var session = SdpSession.Parse(Fixtures.Utf8(Fixtures.MinimalHead + "m=audio 049170 RTP/AVP 0\r\n"));
        Assert.That(session.Media[0].Port, Is.EqualTo(49170));
    }

    [TestCase("", SdpParseErrorCode.Empty, 0, 0)]
    [TestCase("v=1\r\n", SdpParseErrorCode.UnsupportedVersion, 1, 3)]
    [TestCase("o=- 1 1 IN IP4 x\r\n", SdpParseErrorCode.MissingLine, 1, 1)]
    [TestCase("v=0\r\ns=-\r\n", SdpParseErrorCode.UnexpectedLine, 2, 1)]
    [TestCase("v=0\r\no=- 1 1 IN IP4\r\n", SdpParseErrorCode.MalformedOrigin, 2, 15)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a b\r\n", SdpParseErrorCode.MalformedOrigin, 2, 18)]
    [TestCase("v=0\r\no=- 1  1 IN IP4 a\r\n", SdpParseErrorCode.MalformedOrigin, 2, 7)]
    [TestCase("v=0\r\no=- x 1 IN IP4 a\r\n", SdpParseErrorCode.MalformedOrigin, 2, 5)]
    [TestCase("v=0\r\no=- 1 18446744073709551616 IN IP4 a\r\n", SdpParseErrorCode.MalformedOrigin, 2, 7)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\n", SdpParseErrorCode.MissingLine, 2, 1)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\n", SdpParseErrorCode.MissingLine, 3, 1)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\na=x\r\n", SdpParseErrorCode.MissingLine, 4, 1)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\nc=IN IP4 a\r\n", SdpParseErrorCode.UnexpectedLine, 5, 1)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\ni=a\r\ni=b\r\nt=0 0\r\n", SdpParseErrorCode.DuplicateLine, 5, 1)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\nx=1\r\n", SdpParseErrorCode.UnexpectedLine, 5, 1)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\nA=1\r\n", SdpParseErrorCode.MalformedLine, 5, 1)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\na =1\r\n", SdpParseErrorCode.MalformedLine, 5, 1)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\n\r\na=x\r\n", SdpParseErrorCode.EmptyLine, 5, 1)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\na=x\ry\r\n", SdpParseErrorCode.InvalidCharacter, 5, 4)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\na=x\0\r\n", SdpParseErrorCode.InvalidCharacter, 5, 4)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\na=\r\n", SdpParseErrorCode.MalformedAttribute, 5, 3)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\na=x y:1\r\n", SdpParseErrorCode.MalformedAttribute, 5, 3)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0\r\n", SdpParseErrorCode.MalformedTime, 4, 4)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\nz=0 1h\r\nr=1\r\n", SdpParseErrorCode.UnexpectedLine, 6, 1)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nr=1\r\n", SdpParseErrorCode.UnexpectedLine, 4, 1)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nc=IN IP4\r\n", SdpParseErrorCode.MalformedConnection, 4, 9)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nc=IN IP4 224.2.1.1/256\r\n", SdpParseErrorCode.MalformedConnection, 4, 20)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nc=IN IP4 224.2.1.1/01\r\n", SdpParseErrorCode.MalformedConnection, 4, 20)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nc=IN IP6 ff0e::1/3/2\r\n", SdpParseErrorCode.MalformedConnection, 4, 18)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nb=AS\r\n", SdpParseErrorCode.MalformedBandwidth, 4, 3)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nb=AS:x\r\n", SdpParseErrorCode.MalformedBandwidth, 4, 6)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\nm=audio 65536 RTP/AVP 0\r\n", SdpParseErrorCode.MalformedMedia, 5, 9)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\nm=audio 1 RTP/AVP\r\n", SdpParseErrorCode.MalformedMedia, 5, 18)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\nm=audio 1 RTP//AVP 0\r\n", SdpParseErrorCode.MalformedMedia, 5, 11)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\nm=audio 1/0 RTP/AVP 0\r\n", SdpParseErrorCode.MalformedMedia, 5, 11)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\nm=audio 1 RTP/AVP 0 \r\n", SdpParseErrorCode.MalformedMedia, 5, 21)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\nm=audio 1 RTP/AVP 0\r\nt=0 0\r\n", SdpParseErrorCode.UnexpectedLine, 6, 1)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\nm=audio 1 RTP/AVP 0\r\na=x\r\nc=IN IP4 a\r\n", SdpParseErrorCode.UnexpectedLine, 7, 1)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\nm=audio 1 RTP/AVP 0\r\nk=a\r\nk=b\r\n", SdpParseErrorCode.DuplicateLine, 7, 1)]
    [TestCase("v=0\r\nv=0\r\n", SdpParseErrorCode.UnexpectedLine, 2, 1)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\ne=\r\n", SdpParseErrorCode.UnexpectedLine, 5, 1)]
    [TestCase("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\ne=\r\n", SdpParseErrorCode.MalformedLine, 4, 3)]
    public void TryParse_Malformed_ReportsCodeLineAndColumn(string text, SdpParseErrorCode code, int line, int column)
    {
        var error = Fail(text);
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo(code), error.ToString());
            Assert.That(error.Line, Is.EqualTo(line), error.ToString());
            Assert.That(error.Column, Is.EqualTo(column), error.ToString());
            Assert.That(error.Detail, Is.Not.Empty);
            Assert.That(error.IsError, Is.True);
        });
    }

    [Test]
    public void TryParse_InvalidUtf8_ReportsColumnOfBadByte()
    {
        var bytes = Fixtures.Utf8(Fixtures.MinimalHead + "a=xy\r\n");
        bytes[^3] = 0xC3; // 'y' replaced by a lead byte with no continuation
        Assert.That(SdpSession.TryParse(bytes, out _, out var error), Is.False);
        Assert.That((error.Code, error.Line, error.Column), Is.EqualTo((SdpParseErrorCode.InvalidUtf8, 5, 4)));
    }

    [Test]
    public void TryParse_OverMaxLength_FailsBeforeParsing()
    {
        var error = Fail(Fixtures.MinimalHead, new SdpParseOptions { MaxLength = 10 });
        Assert.That(error.Code, Is.EqualTo(SdpParseErrorCode.TooLarge));
    }

    [Test]
    public void TryParse_OverMaxLines_Fails()
    {
        var error = Fail(Fixtures.MinimalHead + "a=x\r\na=y\r\n", new SdpParseOptions { MaxLines = 5 });
        Assert.That((error.Code, error.Line), Is.EqualTo((SdpParseErrorCode.TooManyLines, 6)));
    }

    [Test]
    public void TryParse_OverMaxLineLength_Fails()
    {
        var error = Fail(Fixtures.MinimalHead + "a=" + new string('x', 100) + "\r\n", new SdpParseOptions { MaxLineLength = 50 });
        Assert.That((error.Code, error.Line), Is.EqualTo((SdpParseErrorCode.LineTooLong, 5)));
    }

    [Test]
    public void TryParse_OverMaxMediaSections_Fails()
    {
        var text = Fixtures.MinimalHead + string.Concat(Enumerable.Repeat("m=audio 1 RTP/AVP 0\r\n", 3));
        var error = Fail(text, new SdpParseOptions { MaxMediaSections = 2 });
        Assert.That((error.Code, error.Line), Is.EqualTo((SdpParseErrorCode.TooManyMediaSections, 7)));
    }

    [Test]
    public void TryParse_OverMaxAttributes_Fails()
    {
        var text = Fixtures.MinimalHead + string.Concat(Enumerable.Repeat("a=x\r\n", 4));
        var error = Fail(text, new SdpParseOptions { MaxAttributes = 3 });
        Assert.That((error.Code, error.Line), Is.EqualTo((SdpParseErrorCode.TooManyAttributes, 8)));
    }

    [Test]
    public void Parse_Malformed_ThrowsSdpParseExceptionWithError()
    {
        var exception = Assert.Throws<SdpParseException>(() => SdpSession.Parse("v=0\r\nx"));
        Assert.Multiple(() =>
        {
            Assert.That(exception!.Code, Is.EqualTo(SdpParseErrorCode.MalformedLine));
            Assert.That(exception.Error.Line, Is.EqualTo(2));
            Assert.That(exception.Message, Does.Contain("line 2"));
        });
    }

    [Test]
    public void Parse_Attributes_KeepOrderAndLineNumbers()
    {
        var session = Fixtures.Session("lync-offer.sdp");
        var audio = session.Media[0];
        Assert.Multiple(() =>
        {
            Assert.That(audio.Attributes[0].Name, Is.EqualTo("x-ssrc-range"));
            Assert.That(audio.Attributes[0].LineNumber, Is.EqualTo(9));
            Assert.That(audio.Attributes.Select(a => a.Name).Last(), Is.EqualTo("encryption"));
            Assert.That(session.Attributes.Single().Value, Is.EqualTo("audio:send,recv;video:send,recv"));
        });
    }

    [Test]
    public void Parse_EndingWithMediaLine_IsComplete()
    {
        var session = SdpSession.Parse(Fixtures.MinimalHead + "m=audio 1 RTP/AVP 0\r\nm=video 0 RTP/AVP 31");
        Assert.That(session.Media.Select(m => m.MediaType), Is.EqualTo(new[] { "audio", "video" }));
    }

    [Test]
    public void ParseOptions_NegativeLimit_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new SdpParseOptions { MaxLines = -1 });

    [Test]
    public void ParseOptions_ZeroAttributes_RejectsAnyAttribute()
    {
        var error = Fail(Fixtures.MinimalHead + "a=x\r\n", new SdpParseOptions { MaxAttributes = 0 });
        Assert.That(error.Code, Is.EqualTo(SdpParseErrorCode.TooManyAttributes));
    }
}
