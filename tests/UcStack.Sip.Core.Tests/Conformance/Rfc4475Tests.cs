namespace UcStack.Sip.Tests.Conformance;

/// <summary>
/// RFC 4475 torture messages (Fixtures/rfc4475, outcomes from its README): valid ones parse and round-trip,
/// invalid ones fail with the specific code, semantic ones parse and show what this layer can check.
/// </summary>
[TestFixture]
public sealed class Rfc4475Tests
{
    private const string Folder = "rfc4475";

    private enum Outcome
    {
        Valid,
        ParseFails,
        ValidateFails,
        Semantic,
        NoCrash,
    }

    private sealed record Expectation(Outcome Outcome, SipParseErrorCode[] Codes, Action<SipMessage>? Check = null);

    private static Expectation Valid(Action<SipMessage>? check = null) => new(Outcome.Valid, [], check);

    private static Expectation ParseFails(params SipParseErrorCode[] codes) => new(Outcome.ParseFails, codes);

    private static Expectation ValidateFails(params SipParseErrorCode[] codes) => new(Outcome.ValidateFails, codes);

    private static Expectation Semantic(Action<SipMessage>? check = null) => new(Outcome.Semantic, [], check);

    private static readonly Dictionary<string, Expectation> Expected = new(StringComparer.Ordinal)
    {
        // §3.1.1 valid.
        ["wsinv.dat"] = Valid(m =>
        {
            Assert.That(m.MaxForwards, Is.EqualTo(68));
            Assert.That(m.CSeqNumber, Is.EqualTo(9u));
            Assert.That(m.CSeqMethod, Is.EqualTo("INVITE"));
            Assert.That(m.TopViaBranch, Is.EqualTo("390skdjuw"));
            Assert.That(m.TopViaHost, Is.EqualTo("192.0.2.2"));
            Assert.That(m.TopViaTransport, Is.EqualTo("UDP"));
            Assert.That(m.ToTag, Is.EqualTo("1918181833n"));
            Assert.That(m.FromTag, Is.EqualTo("98asjd8"));
            Assert.That(m.Headers.GetValues("NewFangledHeader"), Is.EqualTo(new[] { "newfangled value continued newfangled value" }));
            Assert.That(m.Headers.GetValues("Subject"), Is.EqualTo(new[] { string.Empty }));
        }),
        ["intmeth.dat"] = Valid(m =>
        {
            Assert.That(((SipRequest)m).Method, Is.EqualTo("!interesting-Method0123456789_*+`.%indeed'~"));
            Assert.That(((SipRequest)m).MethodKind, Is.EqualTo(SipMethodKind.Extension));
            Assert.That(m.TopViaBranch, Is.EqualTo("z9hG4bK-.!%66*_+`'~"));
            Assert.That(m.CallId, Is.EqualTo("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{"));
        }),
        ["esc01.dat"] = Valid(),
        ["escnull.dat"] = Valid(),
        ["esc02.dat"] = Valid(m => Assert.That(m.Headers.TryGetFirst("C%6Fntact", out var h) && !h.IsKnown, Is.True)),
        ["lwsdisp.dat"] = Valid(),
        ["longreq.dat"] = Valid(m => Assert.That(m.Headers.GetValues("Via"), Has.Count.GreaterThanOrEqualTo(3))),
        ["dblreq.dat"] = Valid(m =>
        {
            Assert.That(((SipRequest)m).Method, Is.EqualTo("REGISTER"));
            Assert.That(m.Body.Length, Is.Zero);
        }),
        ["semiuri.dat"] = Valid(),
        ["transports.dat"] = Valid(),
        ["mpart01.dat"] = Valid(m => Assert.That(m.Body.Span.IndexOf((byte)0), Is.GreaterThan(0))),
        ["unreason.dat"] = Valid(m => Assert.That(((SipResponse)m).ReasonPhrase, Does.StartWith("= 2**3 * 5**2 но"))),
        ["noreason.dat"] = Valid(m =>
        {
            Assert.That(((SipResponse)m).StatusCode, Is.EqualTo(100));
            Assert.That(((SipResponse)m).ReasonPhrase, Is.Empty);
        }),

        // §3.1.2 invalid.
        ["badinv01.dat"] = ParseFails(SipParseErrorCode.InvalidParameter, SipParseErrorCode.InvalidHeaderValue),
        ["clerr.dat"] = ParseFails(SipParseErrorCode.BodyTruncated),
        ["ncl.dat"] = ParseFails(SipParseErrorCode.InvalidContentLength),
        ["scalar02.dat"] = ParseFails(SipParseErrorCode.ValueOutOfRange),
        ["scalarlg.dat"] = ParseFails(SipParseErrorCode.ValueOutOfRange),
        ["quotbal.dat"] = ParseFails(SipParseErrorCode.UnterminatedQuotedString),
        ["ltgtruri.dat"] = ParseFails(SipParseErrorCode.InvalidRequestUri),
        ["lwsruri.dat"] = ParseFails(SipParseErrorCode.InvalidRequestUri),
        ["lwsstart.dat"] = ParseFails(SipParseErrorCode.InvalidStartLine),
        ["trws.dat"] = ParseFails(SipParseErrorCode.InvalidStartLine),
        ["escruri.dat"] = ParseFails(SipParseErrorCode.InvalidRequestUri),
        ["badvers.dat"] = ParseFails(SipParseErrorCode.UnsupportedVersion),
        ["mismatch01.dat"] = ParseFails(SipParseErrorCode.CSeqMethodMismatch),
        ["mismatch02.dat"] = ParseFails(SipParseErrorCode.CSeqMethodMismatch),
        ["bigcode.dat"] = ParseFails(SipParseErrorCode.InvalidStatusCode),
        ["baddate.dat"] = ValidateFails(SipParseErrorCode.InvalidHeaderValue),
        ["regbadct.dat"] = ValidateFails(SipParseErrorCode.InvalidHeaderValue, SipParseErrorCode.InvalidUri, SipParseErrorCode.InvalidParameter),
        ["badaspec.dat"] = ValidateFails(SipParseErrorCode.InvalidHeaderValue, SipParseErrorCode.InvalidUri, SipParseErrorCode.InvalidHost),

        // The archived baddn.dat has no empty line closing its headers, so it is also truncated.
        ["baddn.dat"] = ParseFails(SipParseErrorCode.Truncated, SipParseErrorCode.InvalidDisplayName),

        // §3.2-3.3 semantic.
        ["badbranch.dat"] = Semantic(m => Assert.That(m.TopViaBranch, Is.EqualTo("z9hG4bK"))),
        ["insuf.dat"] = ParseFails(SipParseErrorCode.MissingHeader),
        ["unkscm.dat"] = Semantic(m => Assert.That(((SipRequest)m).RequestUriText, Does.StartWith("nobodyKnowsThisScheme:"))),
        ["novelsc.dat"] = Semantic(m => Assert.That(((SipRequest)m).RequestUriText, Does.StartWith("soap.beep:"))),
        ["unksm2.dat"] = Semantic(),
        ["bext01.dat"] = Semantic(m => Assert.That(m.Headers.Contains("Proxy-Require"), Is.True)),
        ["invut.dat"] = Semantic(m => Assert.That(m.Body.Length, Is.EqualTo(m.ContentLength))),
        ["regaut01.dat"] = Semantic(m => Assert.That(m.Headers.Contains("Authorization"), Is.True)),
        ["multi01.dat"] = ParseFails(SipParseErrorCode.DuplicateHeader),
        ["mcl01.dat"] = ParseFails(SipParseErrorCode.InvalidContentLength),
        ["bcast.dat"] = Semantic(m => Assert.That(m.Headers.GetValues("Via")[1], Does.Contain("255.255.255.255"))),
        ["zeromf.dat"] = Semantic(m => Assert.That(m.MaxForwards, Is.Zero)),
        ["cparam01.dat"] = Semantic(),
        ["cparam02.dat"] = Semantic(),
        ["regescrt.dat"] = Semantic(),
        ["sdp01.dat"] = Semantic(),

        // §3.4 RFC 2543 syntax: no branch, no From tag, no Max-Forwards, no Content-Length.
        ["inv2543.dat"] = Valid(m =>
        {
            Assert.That(m.TopViaBranch, Is.Null);
            Assert.That(m.FromTag, Is.Null);
            Assert.That(m.MaxForwards, Is.Null);
            Assert.That(m.ContentLength, Is.Null);
            Assert.That(m.Body.Length, Is.GreaterThan(0));
        }),

        ["test.dat"] = new Expectation(Outcome.NoCrash, Array.Empty<SipParseErrorCode>()),
    };

    private static IEnumerable<TestCaseData> Files()
        => FixtureFiles.DatFiles(Folder).Select(f => new TestCaseData(f).SetName("Rfc4475_" + Path.GetFileNameWithoutExtension(f)));

    [Test]
    public void Fixtures_EveryFileHasAnExpectation_AndViceVersa()
    {
        var files = FixtureFiles.DatFiles(Folder).ToList();
        Assert.That(files, Has.Count.EqualTo(50));
        Assert.That(files, Is.EquivalentTo(Expected.Keys));
    }

    [TestCaseSource(nameof(Files))]
    public void Parse_TortureMessage_HasTheDocumentedOutcome(string file)
    {
        var bytes = FixtureFiles.Read(Folder, file);
        var expectation = Expected[file];
        var parsed = SipMessage.TryParse(bytes, out var message, out var error);
        using var owned = message;
        switch (expectation.Outcome)
        {
            case Outcome.NoCrash:
                Assert.That(parsed || error.IsError, Is.True);
                if (parsed) _ = message!.ToArray();
                break;
            case Outcome.ParseFails:
                Assert.That(parsed, Is.False, "the parser accepted an invalid message");
                Assert.That(expectation.Codes, Does.Contain(error.Code), error.ToString());
                Assert.That(error.Offset, Is.InRange(0, bytes.Length));
                Assert.Throws<SipParseException>(() => SipMessage.Parse(bytes).Dispose());
                break;
            case Outcome.ValidateFails:
                Assert.That(parsed, Is.True, error.ToString());
                Assert.That(message!.TryValidate(out var invalid), Is.False, "validation accepted an invalid message");
                Assert.That(expectation.Codes, Does.Contain(invalid.Code), invalid.ToString());
                Assert.That(invalid.Offset, Is.InRange(0, bytes.Length));
                break;
            default:
                Assert.That(parsed, Is.True, error.ToString());
                Assert.That(message!.TryValidate(out var problem), Is.True, problem.ToString());
                expectation.Check?.Invoke(message);
                MessageAssert.RoundTrips(message);
                break;
        }
    }
}
