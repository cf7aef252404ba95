using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using UcStack.Stun.Tests.Transactions;

namespace UcStack.Stun.Tests.Binding;

[TestFixture]
public sealed class StunBindingResponderTests
{
    private delegate void Build(ref StunMessageWriter writer);

    private static readonly IPEndPoint Source = new(IPAddress.Parse("198.51.100.7"), 61000);

    private static byte[] Respond(StunBindingResponder responder, byte[] request, out StunBindingResponder.Outcome outcome)
    {
        var response = new byte[StunBindingResponder.MaxResponseLength];
        var length = responder.Respond(request, Source, response, out outcome);
        return response[..length];
    }

    private static byte[] Request(Build? build = null, bool fingerprint = true, StunMessageType? type = null)
    {
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, type ?? StunMessageType.BindingRequest, TestMessages.NewTransactionId());
        build?.Invoke(ref writer);
        if (fingerprint)
        {
            writer.AddFingerprint();
        }

        return buffer[..writer.Complete()];
    }

    private static StunMessageReader Parse(byte[] response)
    {
        Assert.That(StunMessageReader.TryParse(response, out var reader, out var error), Is.True, error.ToString());
        return reader;
    }

    [Test]
    public void Respond_BindingRequest_XorMappedAddressSoftwareAndFingerprint()
    {
        var request = Request();
        var response = Respond(new StunBindingResponder("UcStack test", null), request, out var outcome);

        Assert.That(outcome, Is.EqualTo(StunBindingResponder.Outcome.Success));
        var reader = Parse(response);
        Assert.That(reader.Type, Is.EqualTo(StunMessageType.BindingSuccessResponse));
        Assert.That(reader.TransactionId.ToArray(), Is.EqualTo(request[8..20]));
        Assert.That(reader.TryGetXorMappedAddress(out var mapped), Is.True);
        Assert.That(mapped.ToIPEndPoint(), Is.EqualTo(Source));
        Assert.That(reader.TryGetSoftware(out var software), Is.True);
        Assert.That(Encoding.UTF8.GetString(software), Is.EqualTo("UcStack test"));
        Assert.That(reader.VerifyFingerprint(), Is.EqualTo(StunVerification.Ok));
    }

    [Test]
    public void Respond_RequestWithoutFingerprint_ResponseHasNone()
    {
        var response = Respond(new StunBindingResponder(null, null), Request(fingerprint: false), out _);

        var reader = Parse(response);
        Assert.That(reader.Contains(StunAttributeType.Fingerprint), Is.False);
        Assert.That(reader.Contains(StunAttributeType.Software), Is.False);
    }

    [Test]
    public void Respond_UnknownComprehensionRequired_420ListsThem()
    {
        var request = Request((ref StunMessageWriter w) =>
        {
            w.AddAttribute(0x7F01, [1, 2, 3, 4]);
            w.AddAttribute(0xC001, [5]);
            w.AddAttribute(0x7F02, []);
        });

        var response = Respond(new StunBindingResponder(null, null), request, out var outcome);

        Assert.That(outcome, Is.EqualTo(StunBindingResponder.Outcome.UnknownAttribute));
        var reader = Parse(response);
        Assert.That(reader.Type, Is.EqualTo(StunMessageType.BindingErrorResponse));
        Assert.That(reader.TryGetErrorCode(out var code, out _), Is.True);
        Assert.That(code, Is.EqualTo(420));
        Assert.That(reader.TryGetUnknownAttributes(out var unknown), Is.True);
        Assert.That(unknown.Count, Is.EqualTo(2));
        Assert.That(unknown[0], Is.EqualTo(0x7F01));
        Assert.That(unknown[1], Is.EqualTo(0x7F02));
    }

    [Test]
    public void Respond_WellFramedButMalformedAttribute_400()
    {
        // A well-framed Binding request whose XOR-MAPPED-ADDRESS has a bad family byte.
        var request = Request((ref StunMessageWriter w) => w.AddAttribute(StunAttributeType.XorMappedAddress, [0, 9, 0, 1, 1, 2, 3, 4]), fingerprint: false);

        var response = Respond(new StunBindingResponder(null, null), request, out var outcome);

        Assert.That(outcome, Is.EqualTo(StunBindingResponder.Outcome.BadRequest));
        var reader = Parse(response);
        Assert.That(reader.TryGetErrorCode(out var code, out _), Is.True);
        Assert.That(code, Is.EqualTo(400));
        Assert.That(reader.TransactionId.ToArray(), Is.EqualTo(request[8..20]));
    }

    [Test]
    public void Respond_IndicationResponseOtherMethodGarbageOrBadFingerprint_SendsNothing()
    {
        var responder = new StunBindingResponder(null, null);
        var badFingerprint = Request();
        badFingerprint[^1] ^= 0x55;
        byte[][] inputs =
        [
            Request(type: StunMessageType.BindingIndication),
            Request(type: StunMessageType.BindingSuccessResponse),
            Request(type: new StunMessageType(StunMessageClass.Request, (StunMethod)0x003)),
            badFingerprint,
            [0x16, 0x03, 0x01, 0x00, 0x10],
            [],
        ];

        foreach (var input in inputs)
        {
            Assert.That(Respond(responder, input, out var outcome), Is.Empty);
            Assert.That(outcome, Is.EqualTo(StunBindingResponder.Outcome.Discarded));
        }
    }

    [Test]
    public void Respond_WithCredentials_ChecksIntegrityAndSignsResponse()
    {
        using var key = StunIntegrityKey.ForShortTerm("pass");
        using var wrong = StunIntegrityKey.ForShortTerm("nope");
        var responder = new StunBindingResponder(null, user => user.SequenceEqual("alice"u8) ? key : null);

        var missing = Respond(responder, Request(), out var outcome);
        Assert.That(outcome, Is.EqualTo(StunBindingResponder.Outcome.BadRequest));
        Assert.That(Parse(missing).TryGetErrorCode(out var code, out _) ? code : 0, Is.EqualTo(400));

        Respond(responder, Request((ref StunMessageWriter w) => { w.AddUsername("bob"); w.AddMessageIntegrity(key); }), out outcome);
        Assert.That(outcome, Is.EqualTo(StunBindingResponder.Outcome.Unauthenticated));

        var badPassword = Respond(responder, Request((ref StunMessageWriter w) => { w.AddUsername("alice"); w.AddMessageIntegrity(wrong); }), out outcome);
        Assert.That(outcome, Is.EqualTo(StunBindingResponder.Outcome.Unauthenticated));
        Assert.That(Parse(badPassword).Contains(StunAttributeType.MessageIntegrity), Is.False, "RFC 8489 §9.1.3: no integrity on a failed check");

        var ok = Respond(responder, Request((ref StunMessageWriter w) => { w.AddUsername("alice"); w.AddMessageIntegrity(key); }), out outcome);
        Assert.That(outcome, Is.EqualTo(StunBindingResponder.Outcome.Success));
        var reader = Parse(ok);
        Assert.That(reader.VerifyMessageIntegrity(key), Is.EqualTo(StunVerification.Ok));
        Assert.That(reader.Contains(StunAttributeType.Username), Is.False);
    }

    [Test]
    public void Respond_Sha256Integrity_AnswersWithSha256()
    {
        using var key = StunIntegrityKey.ForShortTerm("pass");
        var responder = new StunBindingResponder(null, _ => key);

        var response = Respond(responder, Request((ref StunMessageWriter w) => { w.AddUsername("alice"); w.AddMessageIntegritySha256(key); }), out var outcome);

        Assert.That(outcome, Is.EqualTo(StunBindingResponder.Outcome.Success));
        Assert.That(Parse(response).VerifyMessageIntegritySha256(key), Is.EqualTo(StunVerification.Ok));
    }

    [Test]
    public void Respond_SteadyState_AllocatesNothing()
    {
        using var key = StunIntegrityKey.ForShortTerm("pass");
        var responder = new StunBindingResponder("UcStack", _ => key);
        var request = Request((ref StunMessageWriter w) => { w.AddUsername("alice"); w.AddMessageIntegrity(key); });
        var unknown = Request((ref StunMessageWriter w) => w.AddAttribute(0x7F01, [1]));
        var response = new byte[StunBindingResponder.MaxResponseLength];
        responder.Respond(request, Source, response, out _);
        responder.Respond(unknown, Source, response, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            responder.Respond(request, Source, response, out _);
            responder.Respond(unknown, Source, response, out _);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void Respond_RandomOrMutatedBytes_NeverThrowsAndAnswersParse()
    {
        using var key = StunIntegrityKey.ForShortTerm("pass");
        var responder = new StunBindingResponder("x", _ => key);
        var valid = Request((ref StunMessageWriter w) => { w.AddUsername("alice"); w.AddAttribute(0x7F00, [1]); w.AddMessageIntegrity(key); });
        var gen =
            from mutations in Gen.Choose(1, 8)
            from positions in Gen.Choose(0, valid.Length - 1).ArrayOf(mutations)
            from values in Gen.Choose(0, 255).ArrayOf(mutations)
            from truncate in Gen.Choose(0, valid.Length)
            from random in Gen.Elements(false, true)
            from noise in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(truncate)
            select random ? noise : Mutate(valid, positions, values, truncate);

        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var response = new byte[StunBindingResponder.MaxResponseLength];
            var length = responder.Respond(input, Source, response, out _);
            if (length > 0)
            {
                Assert.That(StunMessageReader.TryParse(response.AsSpan(0, length), out _, out _), Is.True);
            }
        }).QuickCheckThrowOnFailure();
    }

    private static byte[] Mutate(byte[] valid, int[] positions, int[] values, int truncate)
    {
        var copy = valid.ToArray();
        for (var i = 0; i < positions.Length; i++)
        {
            copy[positions[i]] = (byte)values[i];
        }

        return truncate % 3 == 0 ? copy[..truncate] : copy;
    }
}
