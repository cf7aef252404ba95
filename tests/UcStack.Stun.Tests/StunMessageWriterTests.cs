using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace UcStack.Stun.Tests;

[TestFixture]
public sealed class StunMessageWriterTests
{
    private static readonly byte[] TransactionId = Convert.FromHexString("0102030405060708090a0b0c");

    [Test]
    public void AddAttribute_AfterFingerprint_Throws()
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, TransactionId);
        writer.AddFingerprint();
        var threw = false;
        try
        {
            writer.AddSoftware("x");
        }
        catch (InvalidOperationException)
        {
            threw = true;
        }

        Assert.That(threw, Is.True);
    }

    [Test]
    public void Ordering_IntegrityRules_Enforced()
    {
        using var key = new StunIntegrityKey("key"u8);
        Assert.That(OrderViolationThrows((ref StunMessageWriter w) => w.AddPriority(1), key, integrity: true, sha256: false), Is.True, "ordinary after MESSAGE-INTEGRITY");
        Assert.That(OrderViolationThrows((ref StunMessageWriter w) => w.AddMessageIntegrity(key), key, integrity: true, sha256: false), Is.True, "MESSAGE-INTEGRITY twice");
        Assert.That(OrderViolationThrows((ref StunMessageWriter w) => w.AddMessageIntegrity(key), key, integrity: false, sha256: true), Is.True, "MESSAGE-INTEGRITY after SHA256");
        Assert.That(OrderViolationThrows((ref StunMessageWriter w) => w.AddMessageIntegritySha256(key), key, integrity: true, sha256: false), Is.False, "SHA256 after MESSAGE-INTEGRITY");
        Assert.That(OrderViolationThrows((ref StunMessageWriter w) => w.AddFingerprint(), key, integrity: true, sha256: true), Is.False, "FINGERPRINT after both");
        Assert.That(OrderViolationThrows((ref StunMessageWriter w) => w.AddFingerprint(), key, integrity: false, sha256: false), Is.False, "FINGERPRINT alone");
    }

    [Test]
    public void SmallBuffer_Overflows_WithoutThrowing()
    {
        var buffer = new byte[30];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, TransactionId);
        Assert.That(writer.AddPriority(7), Is.True);
        Assert.That(writer.AddSoftware("too long for the rest"), Is.False);
        Assert.That(writer.AddFingerprint(), Is.False);
        Assert.That(writer.HasOverflowed, Is.True);
        Assert.That(writer.TryComplete(out var length), Is.False);
        Assert.That(length, Is.Zero);
        Assert.That(writer.BytesWritten, Is.EqualTo(28));
        Assert.That(BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(2)), Is.EqualTo(8));
    }

    [Test]
    public void BufferSmallerThanHeader_StartsOverflowed()
    {
        var writer = new StunMessageWriter(new byte[10], StunMessageType.BindingRequest, TransactionId);
        Assert.That(writer.HasOverflowed, Is.True);
        Assert.That(writer.AddPriority(1), Is.False);
    }

    [Test]
    public void TransactionIdOfWrongLength_Throws()
    {
        Assert.That(() => _ = new StunMessageWriter(new byte[64], StunMessageType.BindingRequest, new byte[11]).BytesWritten, Throws.ArgumentException);
    }

    [Test]
    public void GenerateTransactionId_IsRandom()
    {
        var first = new byte[12];
        var second = new byte[12];
        StunMessageWriter.GenerateTransactionId(first);
        StunMessageWriter.GenerateTransactionId(second);
        Assert.That(first, Is.Not.EqualTo(second));
    }

    [Test]
    public void EveryTypedAttribute_RoundTrips()
    {
        var buffer = new byte[2048];
        var v4 = new StunEndPoint(IPAddress.Parse("203.0.113.9"), 3478);
        var v6 = new StunEndPoint(IPAddress.Parse("2001:db8::42"), 50000);
        var connectionId = Enumerable.Range(0, 20).Select(i => (byte)i).ToArray();
        var userhash = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();
        using var key = new StunIntegrityKey("secret"u8);

        var writer = new StunMessageWriter(buffer, new StunMessageType(StunMessageClass.SuccessResponse, StunMethod.Allocate), TransactionId);
        writer.AddXorMappedAddress(v4);
        writer.AddMappedAddress(v6);
        writer.AddXorPeerAddress(v6);
        writer.AddXorRelayedAddress(v4);
        writer.AddAlternateServer(v6);
        writer.AddUsername("alice");
        writer.AddUserhash(userhash);
        writer.AddRealm("example.org");
        writer.AddNonce("n0nce");
        writer.AddSoftware("UcStack");
        writer.AddAlternateDomain("alt.example.org"u8);
        writer.AddData([1, 2, 3, 4, 5]);
        writer.AddErrorCode(438, "Stale Nonce");
        writer.AddAddressErrorCode(StunAddressFamily.IPv6, 440, "Address Family not Supported"u8);
        writer.AddUnknownAttributes([0x7777, 0x0031]);
        writer.AddPasswordAlgorithms([StunPasswordAlgorithm.Sha256, StunPasswordAlgorithm.Md5]);
        writer.AddPasswordAlgorithm(StunPasswordAlgorithm.Sha256);
        writer.AddPriority(0x7e0000ff);
        writer.AddUseCandidate();
        writer.AddIceControlled(0x0102030405060708);
        writer.AddIceControlling(0x1112131415161718);
        writer.AddChannelNumber(0x4001);
        writer.AddLifetime(600);
        writer.AddEvenPort(true);
        writer.AddRequestedTransport(17);
        writer.AddDontFragment();
        writer.AddReservationToken(0xAABBCCDDEEFF0011);
        writer.AddRequestedAddressFamily(StunAddressFamily.IPv6);
        writer.AddAdditionalAddressFamily(StunAddressFamily.IPv6);
        writer.AddIcmp(3, 300, 1500);
        writer.AddConnectionId(0xDEADBEEF);
        writer.AddMsVersion(6);
        writer.AddMsSequenceNumber(connectionId, 42);
        writer.AddCandidateIdentifier("1"u8);
        writer.AddImplementationVersion(2);
        writer.AddMsServiceQuality(1, 2);
        writer.AddMessageIntegrity(key);
        writer.AddMessageIntegritySha256(key, 16);
        writer.AddFingerprint();
        var length = writer.Complete();

        Assert.That(StunMessageReader.TryParse(buffer.AsSpan(0, length), out var reader, out var error), Is.True, error.ToString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reader.Class, Is.EqualTo(StunMessageClass.SuccessResponse));
            Assert.That(reader.Method, Is.EqualTo(StunMethod.Allocate));
            Assert.That(reader.UnknownComprehensionRequiredCount, Is.Zero);
            Assert.That(reader.IgnoredAttributeCount, Is.Zero);
            Assert.That(reader.TryGetXorMappedAddress(out var a1) ? a1 : default, Is.EqualTo(v4));
            Assert.That(reader.TryGetMappedAddress(out var a2) ? a2 : default, Is.EqualTo(v6));
            Assert.That(reader.TryGetXorPeerAddress(out var a3) ? a3 : default, Is.EqualTo(v6));
            Assert.That(reader.TryGetXorRelayedAddress(out var a4) ? a4 : default, Is.EqualTo(v4));
            Assert.That(reader.TryGetAlternateServer(out var a5) ? a5 : default, Is.EqualTo(v6));
            Assert.That(Text(reader.TryGetUsername(out var t1), t1), Is.EqualTo("alice"));
            Assert.That(reader.TryGetUserhash(out var hash) ? hash.ToArray() : null, Is.EqualTo(userhash));
            Assert.That(Text(reader.TryGetRealm(out var t2), t2), Is.EqualTo("example.org"));
            Assert.That(Text(reader.TryGetNonce(out var t3), t3), Is.EqualTo("n0nce"));
            Assert.That(Text(reader.TryGetSoftware(out var t4), t4), Is.EqualTo("UcStack"));
            Assert.That(Text(reader.TryGetAlternateDomain(out var t5), t5), Is.EqualTo("alt.example.org"));
            Assert.That(reader.TryGetData(out var data) ? data.ToArray() : null, Is.EqualTo(new byte[] { 1, 2, 3, 4, 5 }));
            Assert.That(reader.TryGetErrorCode(out var code, out var reason) ? $"{code} {Encoding.UTF8.GetString(reason)}" : null, Is.EqualTo("438 Stale Nonce"));
            Assert.That(reader.TryGetAddressErrorCode(out var family, out var code2, out _) ? $"{family} {code2}" : null, Is.EqualTo("IPv6 440"));
            Assert.That(reader.TryGetUnknownAttributes(out var unknown) ? unknown.Count : -1, Is.EqualTo(2));
            Assert.That(Algorithms(reader), Is.EqualTo("Sha256,Md5"));
            Assert.That(reader.TryGetPasswordAlgorithm(out var algorithm, out var parameters) ? algorithm : default, Is.EqualTo(StunPasswordAlgorithm.Sha256));
            Assert.That(parameters.Length, Is.Zero);
            Assert.That(reader.TryGetPriority(out var priority) ? priority : 0, Is.EqualTo(0x7e0000ffu));
            Assert.That(reader.HasUseCandidate, Is.True);
            Assert.That(reader.TryGetIceControlled(out var controlled) ? controlled : 0, Is.EqualTo(0x0102030405060708ul));
            Assert.That(reader.TryGetIceControlling(out var controlling) ? controlling : 0, Is.EqualTo(0x1112131415161718ul));
            Assert.That(reader.TryGetChannelNumber(out var channel) ? channel : 0, Is.EqualTo(0x4001));
            Assert.That(reader.TryGetLifetime(out var lifetime) ? lifetime : 0, Is.EqualTo(600u));
            Assert.That(reader.TryGetEvenPort(out var reserve) && reserve, Is.True);
            Assert.That(reader.TryGetRequestedTransport(out var protocol) ? protocol : 0, Is.EqualTo(17));
            Assert.That(reader.HasDontFragment, Is.True);
            Assert.That(reader.TryGetReservationToken(out var token) ? token : 0, Is.EqualTo(0xAABBCCDDEEFF0011ul));
            Assert.That(reader.TryGetRequestedAddressFamily(out var requested) ? requested : default, Is.EqualTo(StunAddressFamily.IPv6));
            Assert.That(reader.TryGetAdditionalAddressFamily(out var additional) ? additional : default, Is.EqualTo(StunAddressFamily.IPv6));
            Assert.That(reader.TryGetIcmp(out var icmpType, out var icmpCode, out var icmpData) ? $"{icmpType}/{icmpCode}/{icmpData}" : null, Is.EqualTo("3/300/1500"));
            Assert.That(reader.TryGetConnectionId(out var cid) ? cid : 0, Is.EqualTo(0xDEADBEEFu));
            Assert.That(reader.TryGetMsVersion(out var msVersion) ? msVersion : 0, Is.EqualTo(6u));
            Assert.That(reader.TryGetMsSequenceNumber(out var msConnection, out var sequence) ? $"{Convert.ToHexString(msConnection)}/{sequence}" : null, Is.EqualTo($"{Convert.ToHexString(connectionId)}/42"));
            Assert.That(Text(reader.TryGetCandidateIdentifier(out var t6), t6), Is.EqualTo("1"));
            Assert.That(reader.TryGetImplementationVersion(out var implementation) ? implementation : 0, Is.EqualTo(2u));
            Assert.That(reader.TryGetMsServiceQuality(out var stream, out var quality) ? $"{stream}/{quality}" : null, Is.EqualTo("1/2"));
            Assert.That(reader.VerifyMessageIntegrity(key), Is.EqualTo(StunVerification.Ok));
            Assert.That(reader.VerifyMessageIntegritySha256(key), Is.EqualTo(StunVerification.Ok));
            Assert.That(reader.VerifyFingerprint(), Is.EqualTo(StunVerification.Ok));
        }
    }

    [Test]
    public void MessageIntegritySha256_MatchesIndependentHmac()
    {
        var buffer = new byte[128];
        using var key = new StunIntegrityKey("k"u8);
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, TransactionId);
        writer.AddSoftware("abc");
        writer.AddMessageIntegritySha256(key);
        var length = writer.Complete();

        // RFC 8489 §14.6: HMAC over everything before the attribute, header length including it.
        var expected = HMACSHA256.HashData("k"u8, buffer.AsSpan(0, length - 36));
        Assert.That(buffer.AsSpan(length - 32, 32).ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void MsTurn_WritesCookieFirst_AndPadsIntegrityInputTo64()
    {
        var transactionId = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        var buffer = new byte[256];
        using var key = new StunIntegrityKey("k"u8);
        var writer = StunMessageWriter.CreateMsTurn(buffer, 0x0003, transactionId);
        writer.AddUsername("u");
        writer.AddRealm("r");
        writer.AddXorMappedAddress(new StunEndPoint(IPAddress.Parse("198.51.100.7"), 4000));
        writer.AddMessageIntegrity(key);
        var length = writer.Complete();

        // Independent computation: HMAC-SHA1 over the bytes before MESSAGE-INTEGRITY, zero-padded to 64.
        var covered = length - 24;
        var padded = new byte[(covered + 63) / 64 * 64];
        buffer.AsSpan(0, covered).CopyTo(padded);
#pragma warning disable CA5350 // MS-TURN mandates HMAC-SHA1; this is the independent check.
        var expected = HMACSHA1.HashData("k"u8, padded);
#pragma warning restore CA5350

        var options = new StunParseOptions { AllowMsTurnFormat = true };
        Assert.That(StunMessageReader.TryParse(buffer.AsSpan(0, length), options, out var reader, out var error), Is.True, error.ToString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(buffer.AsSpan(length - 20, 20).ToArray(), Is.EqualTo(expected));
            Assert.That(BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(20)), Is.EqualTo(0x000F));
            Assert.That(reader.VerifyMessageIntegrity(key), Is.EqualTo(StunVerification.Ok));
            Assert.That(reader.TryGetAttribute(0x0015, out var realm) ? Encoding.ASCII.GetString(realm) : null, Is.EqualTo("r"));
            Assert.That(Text(reader.TryGetRealm(out var realmByName), realmByName), Is.EqualTo("r"));
            Assert.That(reader.TryGetAttribute(0x8020, out _), Is.True);
            Assert.That(reader.TryGetXorMappedAddress(out var mapped) ? mapped.ToString() : null, Is.EqualTo("198.51.100.7:4000"));
        }
    }

    private static string? Text(bool found, ReadOnlySpan<byte> value) => found ? Encoding.UTF8.GetString(value) : null;

    private static string Algorithms(StunMessageReader reader)
    {
        var names = new List<string>();
        if (reader.TryGetPasswordAlgorithms(out var list))
        {
            foreach (var entry in list)
            {
                names.Add(entry.Algorithm.ToString());
            }
        }

        return string.Join(",", names);
    }

    private delegate bool WriterAction(ref StunMessageWriter writer);

    private static bool OrderViolationThrows(WriterAction action, StunIntegrityKey key, bool integrity, bool sha256)
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, TransactionId);
        if (integrity)
        {
            writer.AddMessageIntegrity(key);
        }

        if (sha256)
        {
            writer.AddMessageIntegritySha256(key);
        }

        try
        {
            action(ref writer);
            return false;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }
}
