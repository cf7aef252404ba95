using System.Net;
using System.Text;

namespace UcStack.Stun.Tests;

/// <summary>RFC 5769 sample messages: decode, verify and rebuild byte-exact with the writer.</summary>
[TestFixture]
public sealed class Rfc5769Tests
{
    private const string Request = "rfc5769-2.1-request";
    private const string ResponseIPv4 = "rfc5769-2.2-response-ipv4";
    private const string ResponseIPv6 = "rfc5769-2.3-response-ipv6";
    private const string LongTermRequest = "rfc5769-2.4-request-long-term";

    [TestCase(Request)]
    [TestCase(ResponseIPv4)]
    [TestCase(ResponseIPv6)]
    [TestCase(LongTermRequest)]
    public void HexFile_MatchesBinFile(string name)
    {
        var hex = string.Concat(Fixtures.Rfc5769Hex(name).Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Trim()));
        Assert.That(Convert.FromHexString(hex), Is.EqualTo(Fixtures.Rfc5769(name)));
    }

    [Test]
    public void Decode_SampleRequest_ReadsEveryAttributeAndVerifies()
    {
        var bytes = Fixtures.Rfc5769(Request);
        Assert.That(StunMessageReader.TryParse(bytes, out var reader, out var error), Is.True, error.ToString());
        using var key = StunIntegrityKey.ForShortTerm(Fixtures.ShortTermPassword);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reader.Type, Is.EqualTo(StunMessageType.BindingRequest));
            Assert.That(Convert.ToHexString(reader.TransactionId), Is.EqualTo("B7E7A701BC34D686FA87DFAE"));
            Assert.That(reader.AttributeCount, Is.EqualTo(6));
            Assert.That(reader.TryGetSoftware(out var software) ? Encoding.UTF8.GetString(software) : null, Is.EqualTo("STUN test client"));
            Assert.That(reader.TryGetPriority(out var priority) ? priority : 0u, Is.EqualTo(0x6e0001ffu));
            Assert.That(reader.TryGetIceControlled(out var tieBreaker) ? tieBreaker : 0ul, Is.EqualTo(0x932ff9b151263b36ul));
            Assert.That(reader.TryGetUsername(out var username) ? Encoding.UTF8.GetString(username) : null, Is.EqualTo("evtj:h6vY"));
            Assert.That(reader.UnknownComprehensionRequiredCount, Is.Zero);
            Assert.That(reader.VerifyMessageIntegrity(key), Is.EqualTo(StunVerification.Ok));
            Assert.That(reader.VerifyFingerprint(), Is.EqualTo(StunVerification.Ok));
            Assert.That(reader.VerifyMessageIntegritySha256(key), Is.EqualTo(StunVerification.Absent));
        }
    }

    [TestCase(ResponseIPv4, "192.0.2.1")]
    [TestCase(ResponseIPv6, "2001:db8:1234:5678:11:2233:4455:6677")]
    public void Decode_SampleResponse_XorMappedAddressAndChecks(string name, string address)
    {
        var bytes = Fixtures.Rfc5769(name);
        Assert.That(StunMessageReader.TryParse(bytes, out var reader, out var error), Is.True, error.ToString());
        using var key = StunIntegrityKey.ForShortTerm(Fixtures.ShortTermPassword);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reader.Type, Is.EqualTo(StunMessageType.BindingSuccessResponse));
            Assert.That(reader.TryGetSoftware(out var software) ? Encoding.UTF8.GetString(software) : null, Is.EqualTo("test vector"));
            Assert.That(reader.TryGetXorMappedAddress(out var mapped), Is.True);
            Assert.That(mapped.ToIPEndPoint(), Is.EqualTo(new IPEndPoint(IPAddress.Parse(address), 32853)));
            Assert.That(reader.VerifyMessageIntegrity(key), Is.EqualTo(StunVerification.Ok));
            Assert.That(reader.VerifyFingerprint(), Is.EqualTo(StunVerification.Ok));
        }
    }

    [Test]
    public void Decode_LongTermRequest_VerifiesWithSaslPreppedPassword()
    {
        var bytes = Fixtures.Rfc5769(LongTermRequest);
        Assert.That(StunMessageReader.TryParse(bytes, out var reader, out var error), Is.True, error.ToString());
        using var key = StunIntegrityKey.ForLongTerm(Fixtures.LongTermUsername, Fixtures.LongTermRealm, Fixtures.LongTermPassword, StunPasswordAlgorithm.Md5, StunPasswordProfile.SaslPrep);
        using var wrongKey = StunIntegrityKey.ForLongTerm(Fixtures.LongTermUsername, Fixtures.LongTermRealm, "TheMatrix", StunPasswordAlgorithm.Md5, StunPasswordProfile.SaslPrep);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reader.TryGetUsername(out var username) ? Encoding.UTF8.GetString(username) : null, Is.EqualTo(Fixtures.LongTermUsername));
            Assert.That(reader.TryGetRealm(out var realm) ? Encoding.UTF8.GetString(realm) : null, Is.EqualTo(Fixtures.LongTermRealm));
            Assert.That(reader.TryGetNonce(out var nonce) ? Encoding.UTF8.GetString(nonce) : null, Is.EqualTo(Fixtures.LongTermNonce));
            Assert.That(reader.VerifyMessageIntegrity(key), Is.EqualTo(StunVerification.Ok));
            Assert.That(reader.VerifyMessageIntegrity(wrongKey), Is.EqualTo(StunVerification.Failed));
            Assert.That(reader.VerifyFingerprint(), Is.EqualTo(StunVerification.Absent));
        }
    }

    [Test]
    public void Encode_SampleRequest_ByteExact()
    {
        var expected = Fixtures.Rfc5769(Request);
        using var key = StunIntegrityKey.ForShortTerm(Fixtures.ShortTermPassword);
        var buffer = new byte[256];

        // RFC 5769 §2.1 pads USERNAME with three 0x20 bytes: the writer takes the caller's padding byte.
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, Convert.FromHexString("b7e7a701bc34d686fa87dfae")) { PaddingByte = 0x20 };
        writer.AddSoftware("STUN test client");
        writer.AddPriority(0x6e0001ff);
        writer.AddIceControlled(0x932ff9b151263b36);
        writer.AddUsername("evtj:h6vY");
        writer.AddMessageIntegrity(key);
        writer.AddFingerprint();

        Assert.That(writer.TryComplete(out var length), Is.True);
        Assert.That(buffer.AsSpan(0, length).ToArray(), Is.EqualTo(expected));
    }

    [TestCase(ResponseIPv4, "192.0.2.1")]
    [TestCase(ResponseIPv6, "2001:db8:1234:5678:11:2233:4455:6677")]
    public void Encode_SampleResponse_ByteExact(string name, string address)
    {
        var expected = Fixtures.Rfc5769(name);
        using var key = StunIntegrityKey.ForShortTerm(Fixtures.ShortTermPassword);
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, Convert.FromHexString("b7e7a701bc34d686fa87dfae")) { PaddingByte = 0x20 };
        writer.AddSoftware("test vector");
        writer.AddXorMappedAddress(new StunEndPoint(IPAddress.Parse(address), 32853));
        writer.AddMessageIntegrity(key);
        writer.AddFingerprint();

        Assert.That(writer.Complete(), Is.EqualTo(expected.Length));
        Assert.That(buffer.AsSpan(0, expected.Length).ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void Encode_LongTermRequest_ByteExact()
    {
        var expected = Fixtures.Rfc5769(LongTermRequest);
        using var key = StunIntegrityKey.ForLongTerm(Fixtures.LongTermUsername, Fixtures.LongTermRealm, Fixtures.LongTermPassword, StunPasswordAlgorithm.Md5, StunPasswordProfile.SaslPrep);
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, Convert.FromHexString("78ad3433c6ad72c029da412e"));
        writer.AddUsername(Fixtures.LongTermUsername);
        writer.AddNonce(Fixtures.LongTermNonce);
        writer.AddRealm(Fixtures.LongTermRealm);
        writer.AddMessageIntegrity(key);

        Assert.That(writer.Complete(), Is.EqualTo(expected.Length));
        Assert.That(buffer.AsSpan(0, expected.Length).ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void LongTermKey_Rfc5769_IsTheDocumentedMd5()
    {
        var key = StunCredentials.DeriveLongTermKey(Fixtures.LongTermUsername, Fixtures.LongTermRealm, Fixtures.LongTermPassword, StunPasswordAlgorithm.Md5, StunPasswordProfile.SaslPrep);
        Assert.That(Convert.ToHexString(key), Is.EqualTo("E8CA7AD59D5EB0518E312911D2DAB2A9"));
    }
}
