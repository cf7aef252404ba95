namespace UcStack.Sip.Tests.Message;

[TestFixture]
public sealed class SipMessageTests
{
    private static byte[] B(string s) => SipTestMessages.Bytes(s);

    [Test]
    public void Parse_Invite_ExtractsTransactionFields()
    {
        using var m = SipMessage.Parse(B(SipTestMessages.Invite));
        var r = (SipRequest)m;
        Assert.Multiple(() =>
        {
            Assert.That(r.Method, Is.EqualTo("INVITE"));
            Assert.That(r.MethodKind, Is.EqualTo(SipMethodKind.Invite));
            Assert.That(r.RequestUriText, Is.EqualTo("sip:bob@biloxi.example.com"));
            Assert.That(m.TopViaBranch, Is.EqualTo("z9hG4bK776asdhds"));
            Assert.That(m.TopViaBranchBytes.SequenceEqual("z9hG4bK776asdhds"u8), Is.True);
            Assert.That(m.TopViaHost, Is.EqualTo("pc33.atlanta.example.com"));
            Assert.That(m.TopViaPort, Is.EqualTo(5061));
            Assert.That(m.TopViaTransport, Is.EqualTo("UDP"));
            Assert.That(m.FromTag, Is.EqualTo("1928301774"));
            Assert.That(m.ToTag, Is.Null);
            Assert.That(m.ToTagBytes.IsEmpty, Is.True);
            Assert.That(m.CallId, Is.EqualTo("a84b4c76e66710@pc33.atlanta.example.com"));
            Assert.That(m.CSeqNumber, Is.EqualTo(314159u));
            Assert.That(m.CSeqMethod, Is.EqualTo("INVITE"));
            Assert.That(m.CSeqMethodKind, Is.EqualTo(SipMethodKind.Invite));
            Assert.That(m.MaxForwards, Is.EqualTo(70));
            Assert.That(m.ContentLength, Is.EqualTo(5));
            Assert.That(m.Body.ToArray(), Is.EqualTo("hello"u8.ToArray()));
            Assert.That(m.Headers.Count, Is.EqualTo(9));
        });
    }

    [Test]
    public void Parse_Response_ReadsStatusLineAndTopViaOnly()
    {
        using var m = SipResponse.Parse(B(SipTestMessages.Ok));
        Assert.That(m.StatusCode, Is.EqualTo(200));
        Assert.That(m.ReasonPhrase, Is.EqualTo("OK"));
        Assert.That(m.TopViaBranch, Is.EqualTo("z9hG4bKnashds8"));
        Assert.That(m.TopViaPort, Is.Null);
        Assert.That(m.ToTag, Is.EqualTo("a6c85cf"));
        Assert.That(m.Headers.GetValues("v"), Has.Count.EqualTo(2));
    }

    [Test]
    public void Parse_LeadingCrlf_IsSkipped()
    {
        using var m = SipMessage.Parse(B("\r\n\r\n" + SipTestMessages.Ok));
        Assert.That(m.RawBytes[0], Is.EqualTo((byte)'S'));
    }

    [Test]
    public void Parse_CompactFormsAndOddCase_AreRecognized()
    {
        var text = "OPTIONS sip:a@b.example SIP/2.0\r\nv: SIP/2.0/TCP h.example;branch=z9hG4bKx\r\nf: <sip:c@d.example>;tag=1\r\n"
                   + "T: <sip:a@b.example>\r\ni: abc\r\ncSeQ: 2 OPTIONS\r\nl: 0\r\nk: timer\r\nx: 90\r\no: dialog\r\nu: dialog\r\n\r\n";
        using var m = SipMessage.Parse(B(text));
        var names = new List<string>();
        foreach (var h in m.Headers) names.Add(h.CanonicalName);
        Assert.That(names, Is.EqualTo(new[] { "Via", "From", "To", "Call-ID", "CSeq", "Content-Length", "Supported", "Session-Expires", "Event", "Allow-Events" }));
        Assert.That(m.Headers[0].Name, Is.EqualTo("v"));
        Assert.That(m.CallId, Is.EqualTo("abc"));
    }

    [Test]
    public void Parse_FoldedHeader_JoinsContinuation()
    {
        var text = SipTestMessages.InviteWith("Contact:", "Subject: first\r\n  second \t\r\n\tthird");
        using var m = SipMessage.Parse(B(text));
        Assert.That(m.Headers.GetValues("Subject"), Is.EqualTo(new[] { "first second third" }));
        Assert.That(m.Headers.TryGetFirst("subject", out var h), Is.True);
        Assert.That(h.ValueBytes.IndexOf((byte)'\r'), Is.GreaterThan(0), "raw value keeps the fold");
    }

    [Test]
    public void Parse_UnknownAndRepeatedHeaders_AreKeptInOrder()
    {
        var text = SipTestMessages.InviteWith("Contact:", "X-A: 1\r\nRoute: <sip:p1.example;lr>\r\nX-A: 2\r\nRoute: <sip:p2.example;lr>");
        using var m = SipMessage.Parse(B(text));
        Assert.That(m.Headers.GetValues("x-a"), Is.EqualTo(new[] { "1", "2" }));
        Assert.That(m.Headers.GetValues("Route"), Has.Count.EqualTo(2));
        Assert.That(m.Headers.TryGetFirst("X-A", out var h) && !h.IsKnown && h.CanonicalName == "X-A", Is.True);
    }

    [Test]
    public void Parse_NoContentLengthOnDatagram_BodyIsRest()
    {
        var text = SipTestMessages.InviteWith("Content-Length:", string.Empty);
        using var m = SipMessage.Parse(B(text));
        Assert.That(m.ContentLength, Is.Null);
        Assert.That(m.Body.ToArray(), Is.EqualTo("hello"u8.ToArray()));
    }

    [Test]
    public void Parse_BytesBeyondContentLength_AreDiscarded()
    {
        using var m = SipMessage.Parse(B(SipTestMessages.Invite + "garbage"));
        Assert.That(m.Body.ToArray(), Is.EqualTo("hello"u8.ToArray()));
        Assert.That(m.RawBytes.Length, Is.EqualTo(SipTestMessages.Invite.Length));
    }

    [TestCase("Content-Length: 6", SipParseErrorCode.BodyTruncated)]
    [TestCase("Content-Length: -1", SipParseErrorCode.InvalidContentLength)]
    [TestCase("Content-Length: 5x", SipParseErrorCode.InvalidContentLength)]
    [TestCase("Content-Length: 5\r\nl: 4", SipParseErrorCode.InvalidContentLength)]
    [TestCase("Content-Length: 99999999999999999999", SipParseErrorCode.MessageTooLarge)]
    public void Parse_BadContentLength_IsRejected(string line, SipParseErrorCode code)
        => Assert.That(SipTestMessages.ParseError(SipTestMessages.InviteWith("Content-Length:", line)).Code, Is.EqualTo(code));

    [Test]
    public void Parse_SameContentLengthTwice_IsAccepted()
    {
        using var m = SipMessage.Parse(B(SipTestMessages.InviteWith("Content-Length:", "Content-Length: 5\r\nl: 5")));
        Assert.That(m.ContentLength, Is.EqualTo(5));
        Assert.That(m.ToArray().Length, Is.EqualTo(m.GetEncodedLength()));
    }

    [TestCase("Call-ID:", SipParseErrorCode.MissingHeader)]
    [TestCase("From:", SipParseErrorCode.MissingHeader)]
    [TestCase("To:", SipParseErrorCode.MissingHeader)]
    [TestCase("CSeq:", SipParseErrorCode.MissingHeader)]
    [TestCase("Via:", SipParseErrorCode.MissingHeader)]
    public void Parse_MissingMandatoryHeader_IsMissingHeader(string prefix, SipParseErrorCode code)
        => Assert.That(SipTestMessages.ParseError(SipTestMessages.InviteWith(prefix, string.Empty)).Code, Is.EqualTo(code));

    [Test]
    public void Parse_MissingMaxForwards_IsAcceptedForRfc2543()
    {
        using var m = SipMessage.Parse(B(SipTestMessages.InviteWith("Max-Forwards:", string.Empty)));
        Assert.That(m.MaxForwards, Is.Null);
    }

    [TestCase("Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\ni: other")]
    [TestCase("CSeq: 314159 INVITE\r\nCSeq: 314159 INVITE")]
    [TestCase("Max-Forwards: 70\r\nMax-Forwards: 70")]
    public void Parse_RepeatedSingleValueHeader_IsDuplicateHeader(string lines)
    {
        var prefix = lines[..lines.IndexOf(':', StringComparison.Ordinal)] + ":";
        Assert.That(SipTestMessages.ParseError(SipTestMessages.InviteWith(prefix, lines)).Code, Is.EqualTo(SipParseErrorCode.DuplicateHeader));
    }

    [TestCase("CSeq: 1 invite", SipParseErrorCode.CSeqMethodMismatch)]
    [TestCase("CSeq: 4294967296 INVITE", SipParseErrorCode.ValueOutOfRange)]
    [TestCase("CSeq: 4294967295INVITE", SipParseErrorCode.InvalidHeaderValue)]
    [TestCase("CSeq: INVITE", SipParseErrorCode.InvalidHeaderValue)]
    [TestCase("Max-Forwards: 256", SipParseErrorCode.ValueOutOfRange)]
    [TestCase("Max-Forwards: ten", SipParseErrorCode.InvalidHeaderValue)]
    [TestCase("Via: SIP/2.0 pc33.example.com", SipParseErrorCode.InvalidHeaderValue)]
    [TestCase("Via: SIP/2.0/UDP pc33.example.com:70000", SipParseErrorCode.InvalidPort)]
    [TestCase("Via: SIP/2.0/UDP pc33.example.com;;branch=z9hG4bK1", SipParseErrorCode.InvalidParameter)]
    [TestCase("From: \"Alice <sip:alice@atlanta.example.com>;tag=1", SipParseErrorCode.UnterminatedQuotedString)]
    [TestCase("From: <sip:alice@atlanta.example.com;tag=1", SipParseErrorCode.UnterminatedAngleBracket)]
    [TestCase("Call-ID:   ", SipParseErrorCode.InvalidHeaderValue)]
    [TestCase(": value", SipParseErrorCode.InvalidHeaderLine)]
    [TestCase("No colon here", SipParseErrorCode.InvalidHeaderLine)]
    [TestCase("Bad\0Name: x", SipParseErrorCode.InvalidHeaderLine)]
    [TestCase("Subject: a\0b", SipParseErrorCode.InvalidLineEnding)]
    [TestCase("Subject: a\nb", SipParseErrorCode.InvalidLineEnding)]
    [TestCase("Subject: a\rb", SipParseErrorCode.InvalidLineEnding)]
    public void Parse_MalformedHeader_IsRejectedWithCode(string line, SipParseErrorCode code)
    {
        var prefix = line.StartsWith("CSeq", StringComparison.Ordinal) || line.StartsWith("Max", StringComparison.Ordinal)
                     || line.StartsWith("Via", StringComparison.Ordinal) || line.StartsWith("From", StringComparison.Ordinal)
                     || line.StartsWith("Call-ID", StringComparison.Ordinal)
            ? line[..(line.IndexOf(':', StringComparison.Ordinal) + 1)]
            : "Contact:";
        Assert.That(SipTestMessages.ParseError(SipTestMessages.InviteWith(prefix, line)).Code, Is.EqualTo(code));
    }

    [TestCase("INVITE sip:bob@biloxi.example.com SIP/2.0 ", SipParseErrorCode.InvalidStartLine)]
    [TestCase("INVITE  sip:bob@biloxi.example.com SIP/2.0", SipParseErrorCode.InvalidStartLine)]
    [TestCase("INVITE sip:bob@biloxi.example.com  SIP/2.0", SipParseErrorCode.InvalidStartLine)]
    [TestCase("INVITE\tsip:bob@biloxi.example.com SIP/2.0", SipParseErrorCode.InvalidStartLine)]
    [TestCase("INVITE sip:bob@biloxi.example.com", SipParseErrorCode.InvalidStartLine)]
    [TestCase("INVITE sip:bob@biloxi.example.com SIP/2.0x", SipParseErrorCode.InvalidStartLine)]
    [TestCase("INVITE  SIP/2.0", SipParseErrorCode.InvalidStartLine)]
    [TestCase("E  :fb>l", SipParseErrorCode.InvalidStartLine)]
    [TestCase("INVITE sip:bob@biloxi.example.com SIP/3.0", SipParseErrorCode.UnsupportedVersion)]
    [TestCase("INV(TE sip:bob@biloxi.example.com SIP/2.0", SipParseErrorCode.InvalidMethod)]
    [TestCase("INVITE <sip:bob@biloxi.example.com> SIP/2.0", SipParseErrorCode.InvalidRequestUri)]
    [TestCase("INVITE sip:bob@biloxi.example.com;a b SIP/2.0", SipParseErrorCode.InvalidRequestUri)]
    [TestCase("INVITE sip:bob@biloxi.example.com?Subject=x SIP/2.0", SipParseErrorCode.InvalidRequestUri)]
    [TestCase("INVITE bob@biloxi.example.com SIP/2.0", SipParseErrorCode.InvalidRequestUri)]
    public void Parse_MalformedRequestLine_IsRejectedWithCode(string line, SipParseErrorCode code)
    {
        var text = line + SipTestMessages.Invite[SipTestMessages.Invite.IndexOf("\r\n", StringComparison.Ordinal)..];
        Assert.That(SipTestMessages.ParseError(text).Code, Is.EqualTo(code));
    }

    [TestCase("SIP/2.0 99 Low", SipParseErrorCode.InvalidStatusCode)]
    [TestCase("SIP/2.0 700 High", SipParseErrorCode.InvalidStatusCode)]
    [TestCase("SIP/2.0 2000 Long", SipParseErrorCode.InvalidStatusCode)]
    [TestCase("SIP/2.0 200", SipParseErrorCode.InvalidStatusCode)]
    [TestCase("SIP/2.0 2x0 OK", SipParseErrorCode.InvalidStatusCode)]
    [TestCase("SIP/1.0 200 OK", SipParseErrorCode.UnsupportedVersion)]
    [TestCase("SIP/2.0", SipParseErrorCode.InvalidStartLine)]
    [TestCase("SIP/2.0 200 O\u0001K", SipParseErrorCode.InvalidLineEnding)]
    public void Parse_MalformedStatusLine_IsRejectedWithCode(string line, SipParseErrorCode code)
    {
        var text = line + SipTestMessages.Ok[SipTestMessages.Ok.IndexOf("\r\n", StringComparison.Ordinal)..];
        Assert.That(SipTestMessages.ParseError(text).Code, Is.EqualTo(code));
    }

    [Test]
    public void Parse_ErrorOffset_CountsFromDatagramStart()
    {
        var text = "\r\n" + SipTestMessages.InviteWith("Max-Forwards:", "Max-Forwards: 256");
        var error = SipTestMessages.ParseError(text);
        Assert.That(error.Offset, Is.EqualTo(text.IndexOf("256", StringComparison.Ordinal)));
    }

    [TestCase("")]
    [TestCase("\r\n")]
    [TestCase("INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n")]
    public void Parse_Incomplete_IsTruncated(string text)
        => Assert.That(SipTestMessages.ParseError(text).Code, Is.EqualTo(SipParseErrorCode.Truncated));

    [Test]
    public void SipRequestParse_OfResponse_IsInvalidStartLine()
    {
        Assert.That(SipRequest.TryParse(B(SipTestMessages.Ok), out var r, out var e), Is.False);
        Assert.That(r, Is.Null);
        Assert.That(e.Code, Is.EqualTo(SipParseErrorCode.InvalidStartLine));
        Assert.Throws<SipParseException>(() => SipResponse.Parse(B(SipTestMessages.Invite)));
    }

    [Test]
    public void Dispose_ThenSpanAccess_ThrowsObjectDisposed_CachedStringsSurvive()
    {
        var m = SipMessage.Parse(B(SipTestMessages.Invite));
        var callId = m.CallId;
        m.Dispose();
        m.Dispose();
        Assert.That(m.CallId, Is.SameAs(callId));
        Assert.Throws<ObjectDisposedException>(() => _ = m.CallIdBytes.Length);
        Assert.Throws<ObjectDisposedException>(() => _ = m.Headers.Count);
        Assert.Throws<ObjectDisposedException>(() => _ = m.Body);
    }

    [Test]
    public void Parse_WarmedUp_AllocatesOnlyTheMessageObject()
    {
        var bytes = B(SipTestMessages.Invite);
        for (var i = 0; i < 100; i++) ReadAll(bytes);

        // The smallest of several batches: a one-off allocation elsewhere in the runtime (a pool trimmed by a
        // gen-2 GC, tiering) must not make the test flaky, while a per-message allocation shows in every batch.
        const int Rounds = 1000;
        var perMessage = double.MaxValue;
        for (var batch = 0; batch < 5; batch++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < Rounds; i++) ReadAll(bytes);
            perMessage = Math.Min(perMessage, (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Rounds);
        }

        // One SipRequest object (about 280 bytes of fields): a second object or any string would exceed the bound.
        Assert.That(perMessage, Is.LessThan(320));
        TestContext.Out.WriteLine($"bytes per parsed message: {perMessage}");

        static void ReadAll(byte[] bytes)
        {
            using var m = SipMessage.Parse(bytes);
            _ = m.TopViaBranchBytes.Length + m.FromTagBytes.Length + m.CallIdBytes.Length + m.TopViaHostBytes.Length;
        }
    }
}
