using System.Text;
using FsCheck;
using FsCheck.Fluent;
using UcStack.Turn.Mras;

namespace UcStack.Turn.Tests.Mras;

[TestFixture]
public sealed class MrasXmlTests
{
    // CI-sized; run once locally with 100_000 (done for this codec: no failures).
    private const int PropertyRuns = 300;

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "mras", name));

    private static byte[] Xml(string text) => Encoding.UTF8.GetBytes(text);

    private static string Request(string inner, string attributes = "requestID=\"1\" from=\"sip:a@x\" to=\"sip:mras@x\"") =>
        $"<request {attributes} xmlns=\"{MrasXml.Namespace}\">{inner}</request>";

    [Test]
    public void TryParseRequest_Fixture_ReadsEveryField()
    {
        Assert.That(MrasXml.TryParseRequest(Fixture("request.xml"), out var request, out var error), Is.True, error.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(request!.RequestId, Is.EqualTo("85211"));
            Assert.That(request.From, Is.EqualTo("sip:alice@example.org"));
            Assert.That(request.To, Is.EqualTo("sip:mras@example.org"));
            Assert.That(request.Version, Is.EqualTo("1.0"));
            Assert.That(request.CredentialsRequestId, Is.EqualTo("85211"));
            Assert.That(request.Identity, Is.EqualTo("sip:alice@example.org"));
            Assert.That(request.Location, Is.EqualTo(MrasLocation.Internet));
            Assert.That(request.Duration, Is.EqualTo(TimeSpan.FromMinutes(480)));
        });
    }

    [Test]
    public void TryParseResponse_Fixture_ReadsCredentialsAndRelaysSkippingExtensions()
    {
        Assert.That(MrasXml.TryParseResponse(Fixture("response.xml"), out var response, out var error), Is.True, error.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(response!.ReasonPhrase, Is.EqualTo("OK"));
            Assert.That(response.HasCredentials, Is.True);
            Assert.That(response.Username, Is.EqualTo("1764120000:alice@example.org"));
            Assert.That(response.Password, Is.EqualTo("q0dKo8N+aZbXQ1t1m0c7W2dY9n0JpXk3gB5qfLh2r4E="));
            Assert.That(response.Duration, Is.EqualTo(TimeSpan.FromMinutes(480)));
            Assert.That(response.MediaRelays, Is.EqualTo(new[]
            {
                new MrasMediaRelay("relay.example.org", 3478, 443, MrasLocation.Internet),
                new MrasMediaRelay("10.0.0.7", 3478, 0, MrasLocation.Intranet),
            }));
        });
    }

    [Test]
    public void TryParseResponse_Refusal_HasOnlyTheReasonPhrase()
    {
        var refusal = MrasXml.Write(new MrasCredentialsResponse { RequestId = "9", From = "sip:mras@x", To = "sip:a@x", ReasonPhrase = "Forbidden" });
        Assert.That(MrasXml.TryParseResponse(refusal, out var response, out _), Is.True);
        Assert.That(response!.HasCredentials, Is.False);
        Assert.That(response.ReasonPhrase, Is.EqualTo("Forbidden"));
    }

    [Test]
    public void TryParseRequest_Dtd_IsRefusedNotExpanded()
    {
        var bomb = "<!DOCTYPE request [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
            + Request("<credentialsRequest credentialsRequestID=\"1\"><identity>&b;</identity></credentialsRequest>");
        Assert.That(MrasXml.TryParseRequest(Xml(bomb), out _, out var error), Is.False);
        Assert.That(error.Reason, Is.EqualTo(MrasParseErrorReason.NotWellFormed));
    }

    [Test]
    public void TryParseRequest_OverSizeLimit_IsRefusedBeforeParsing()
    {
        var big = new byte[MrasXml.MaxDocumentBytes + 1];
        Assert.That(MrasXml.TryParseRequest(big, out _, out var error), Is.False);
        Assert.That(error.Reason, Is.EqualTo(MrasParseErrorReason.TooLarge));
    }

    [TestCase("<response xmlns=\"http://schemas.microsoft.com/2006/09/sip/mrasp\"/>", MrasParseErrorReason.WrongRoot, "response")]
    [TestCase("<request requestID=\"1\" from=\"a\" to=\"b\"/>", MrasParseErrorReason.WrongRoot, "request")]
    [TestCase("<request from=\"a\" to=\"b\" xmlns=\"http://schemas.microsoft.com/2006/09/sip/mrasp\"/>", MrasParseErrorReason.MissingField, "request/@requestID")]
    [TestCase("<request requestID=\"1\" from=\"a\" to=\"b\" xmlns=\"http://schemas.microsoft.com/2006/09/sip/mrasp\"/>", MrasParseErrorReason.MissingField, "request/credentialsRequest")]
    [TestCase("<request", MrasParseErrorReason.NotWellFormed, "")]
    [TestCase("", MrasParseErrorReason.NotWellFormed, "")]
    public void TryParseRequest_Malformed_GivesTypedErrorWithPlace(string text, MrasParseErrorReason reason, string field)
    {
        Assert.That(MrasXml.TryParseRequest(Xml(text), out _, out var error), Is.False);
        Assert.That(error.Reason, Is.EqualTo(reason));
        Assert.That(error.Field, Is.EqualTo(field));
    }

    [TestCase("0", MrasParseErrorReason.InvalidValue)]
    [TestCase("525601", MrasParseErrorReason.InvalidValue)]
    [TestCase("-5", MrasParseErrorReason.InvalidValue)]
    [TestCase("99999999999999999999", MrasParseErrorReason.InvalidValue)]
    public void TryParseRequest_BadDuration_IsInvalidValue(string minutes, MrasParseErrorReason reason)
    {
        var text = Request($"<credentialsRequest credentialsRequestID=\"1\"><identity>sip:a@x</identity><duration>{minutes}</duration></credentialsRequest>");
        Assert.That(MrasXml.TryParseRequest(Xml(text), out _, out var error), Is.False);
        Assert.That(error.Reason, Is.EqualTo(reason));
        Assert.That(error.Field, Is.EqualTo("duration"));
    }

    [Test]
    public void TryParseRequest_TooDeep_IsTooComplex()
    {
        var nested = string.Concat(Enumerable.Repeat("<x>", 10)) + string.Concat(Enumerable.Repeat("</x>", 10));
        var text = Request($"<credentialsRequest credentialsRequestID=\"1\"><identity>sip:a@x</identity>{nested}</credentialsRequest>");
        Assert.That(MrasXml.TryParseRequest(Xml(text), out _, out var error), Is.False);
        Assert.That(error.Reason, Is.EqualTo(MrasParseErrorReason.TooComplex));
    }

    [Test]
    public void TryParseRequest_ValueLongerThanLimit_IsInvalidValue()
    {
        var text = Request($"<credentialsRequest credentialsRequestID=\"1\"><identity>{new string('a', MrasXml.MaxValueLength + 1)}</identity></credentialsRequest>");
        Assert.That(MrasXml.TryParseRequest(Xml(text), out _, out var error), Is.False);
        Assert.That(error.Reason, Is.EqualTo(MrasParseErrorReason.InvalidValue));
    }

    [Test]
    public void Write_DurationNotWholeMinutes_Throws()
    {
        var request = new MrasCredentialsRequest { RequestId = "1", From = "a", To = "b", CredentialsRequestId = "2", Identity = "c", Duration = TimeSpan.FromSeconds(90) };
        Assert.That(() => MrasXml.Write(request), Throws.ArgumentException);
    }

    private static Gen<string> Token() =>
        from length in Gen.Choose(1, 40)
        from chars in Gen.Elements("abcXYZ019:@.;=+/<>&\"' é中".ToCharArray()).ArrayOf(length)
        let text = new string(chars).Trim()
        where text.Length > 0
        select text;

    [Test]
    public void WriteThenParse_AnyRequest_RoundTrips()
    {
        var requests =
            from id in Token()
            from sender in Token()
            from to in Token()
            from credentialsId in Token()
            from identity in Token()
            from location in Gen.Elements(MrasLocation.Internet, MrasLocation.Intranet)
            from minutes in Gen.Choose(1, 525_600)
            select new MrasCredentialsRequest
            {
                RequestId = id, From = sender, To = to, CredentialsRequestId = credentialsId, Identity = identity, Location = location, Duration = TimeSpan.FromMinutes(minutes),
            };
        Prop.ForAll(requests.ToArbitrary(), request =>
            MrasXml.TryParseRequest(MrasXml.Write(request), out var parsed, out _) && parsed == request)
            .Check(Config.QuickThrowOnFailure.WithMaxTest(PropertyRuns));
    }

    [Test]
    public void WriteThenParse_AnyResponse_RoundTrips()
    {
        var relays =
            from host in Token()
            from udp in Gen.Choose(0, 65535)
            from tcp in Gen.Choose(0, 65535)
            from location in Gen.Elements(MrasLocation.Internet, MrasLocation.Intranet)
            select new MrasMediaRelay(host, udp, tcp, location);
        var responses =
            from id in Token()
            from user in Token()
            from password in Token()
            from minutes in Gen.Choose(1, 525_600)
            from count in Gen.Choose(0, 16)
            from list in relays.ArrayOf(count)
            select new MrasCredentialsResponse
            {
                RequestId = id, From = "sip:mras@x", To = "sip:a@x", CredentialsRequestId = id, Username = user, Password = password,
                Duration = TimeSpan.FromMinutes(minutes), MediaRelays = list,
            };
        Prop.ForAll(responses.ToArbitrary(), response =>
        {
            if (!MrasXml.TryParseResponse(MrasXml.Write(response), out var parsed, out _)) return false;
            return parsed.MediaRelays.SequenceEqual(response.MediaRelays) && parsed with { MediaRelays = response.MediaRelays } == response;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(PropertyRuns));
    }

    [Test]
    public void TryParse_RandomOrMutatedBytes_NeverThrows()
    {
        var valid = Fixture("response.xml");
        var inputs = Gen.OneOf(
            from length in Gen.Choose(0, 300)
            from bytes in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(length)
            select bytes,
            from position in Gen.Choose(0, valid.Length - 1)
            from value in Gen.Choose(0, 255)
            from cut in Gen.Choose(1, valid.Length)
            select Mutate(valid, position, (byte)value, cut));
        Prop.ForAll(inputs.ToArbitrary(), bytes =>
        {
            // Either outcome is fine as long as it is consistent: a result, or a typed error; never an exception.
            var requestOk = MrasXml.TryParseRequest(bytes, out var request, out var requestError);
            var responseOk = MrasXml.TryParseResponse(bytes, out var response, out var responseError);
            return (requestOk ? request is not null && requestError.Reason == MrasParseErrorReason.None : requestError.Reason != MrasParseErrorReason.None)
                && (responseOk ? response is not null && responseError.Reason == MrasParseErrorReason.None : responseError.Reason != MrasParseErrorReason.None);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(PropertyRuns));
    }

    private static byte[] Mutate(byte[] valid, int position, byte value, int cut)
    {
        var copy = valid[..cut];
        if (position < copy.Length) copy[position] = value;
        return copy;
    }
}
