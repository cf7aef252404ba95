using System.Net;
using FsCheck;
using FsCheck.Fluent;

namespace UcStack.Stun.Tests;

/// <summary>Properties across the reader and writer: round trips, robustness, tamper detection.</summary>
[TestFixture]
public sealed class StunCodecPropertyTests
{
    private static readonly StunParseOptions MsTurn = new() { AllowMsTurnFormat = true };

    public sealed record AttributeSpec(ushort Type, byte[] Value, StunEndPoint? Address);

    public sealed record MessageSpec(
        ushort Method,
        StunMessageClass Class,
        byte[] TransactionId,
        byte Padding,
        AttributeSpec[] Attributes,
        bool Integrity,
        bool IntegritySha256,
        bool Fingerprint);

    private static Gen<byte[]> Bytes(int max) =>
        from length in Gen.Choose(0, max)
        from bytes in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(length)
        select bytes;

    private static Gen<StunEndPoint> EndPoints() =>
        from v6 in Gen.Elements(false, true)
        from address in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(v6 ? 16 : 4)
        from port in Gen.Choose(0, 65535)
        select new StunEndPoint(address, (ushort)port);

    private static Gen<AttributeSpec> Attributes() => Gen.OneOf(
        Bytes(100).Select(v => new AttributeSpec((ushort)StunAttributeType.Data, v, null)),
        Bytes(60).Select(v => new AttributeSpec((ushort)StunAttributeType.Software, v, null)),
        Bytes(60).Select(v => new AttributeSpec((ushort)StunAttributeType.Username, v, null)),
        Bytes(4).Where(v => v.Length == 4).Select(v => new AttributeSpec((ushort)StunAttributeType.Priority, v, null)),
        from type in Gen.Choose(0xC000, 0xCFFF)
        from value in Bytes(40)
        select new AttributeSpec((ushort)type, value, null),
        from type in Gen.Elements(StunAttributeType.XorMappedAddress, StunAttributeType.XorPeerAddress, StunAttributeType.XorRelayedAddress, StunAttributeType.MappedAddress)
        from endPoint in EndPoints()
        select new AttributeSpec((ushort)type, [], endPoint));

    private static Gen<MessageSpec> Messages() =>
        from method in Gen.Choose(0, 0xFFF)
        from messageClass in Gen.Elements(StunMessageClass.Request, StunMessageClass.Indication, StunMessageClass.SuccessResponse, StunMessageClass.ErrorResponse)
        from transactionId in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(12)
        from padding in Gen.Elements((byte)0, (byte)0x20, (byte)0xFF)
        from count in Gen.Choose(0, 10)
        from attributes in Attributes().ArrayOf(count)
        from integrity in Gen.Elements(false, true)
        from sha256 in Gen.Elements(false, true)
        from fingerprint in Gen.Elements(false, true)
        select new MessageSpec((ushort)method, messageClass, transactionId, padding, attributes, integrity, sha256, fingerprint);

    private static byte[] Encode(MessageSpec spec, StunIntegrityKey key)
    {
        var buffer = new byte[4096];
        var writer = new StunMessageWriter(buffer, new StunMessageType(spec.Class, (StunMethod)spec.Method), spec.TransactionId) { PaddingByte = spec.Padding };
        foreach (var attribute in spec.Attributes)
        {
            if (attribute.Address is { } address)
            {
                writer.AddAddress((StunAttributeType)attribute.Type, address);
            }
            else
            {
                writer.AddAttribute(attribute.Type, attribute.Value);
            }
        }

        if (spec.Integrity)
        {
            writer.AddMessageIntegrity(key);
        }

        if (spec.IntegritySha256)
        {
            writer.AddMessageIntegritySha256(key);
        }

        if (spec.Fingerprint)
        {
            writer.AddFingerprint();
        }

        return buffer.AsSpan(0, writer.Complete()).ToArray();
    }

    [Test]
    public void EncodeThenDecode_GivesBackEveryAttribute()
    {
        using var key = new StunIntegrityKey("property key"u8);
        Prop.ForAll(Messages().ToArbitrary(), spec =>
        {
            var bytes = Encode(spec, key);
            if (!StunMessageReader.TryParse(bytes, out var reader, out _))
            {
                return false;
            }

            var ok = reader.Class == spec.Class
                && (ushort)reader.Method == spec.Method
                && reader.TransactionId.SequenceEqual(spec.TransactionId)
                && reader.IgnoredAttributeCount == 0
                && reader.VerifyMessageIntegrity(key) == (spec.Integrity ? StunVerification.Ok : StunVerification.Absent)
                && reader.VerifyMessageIntegritySha256(key) == (spec.IntegritySha256 ? StunVerification.Ok : StunVerification.Absent)
                && reader.VerifyFingerprint() == (spec.Fingerprint ? StunVerification.Ok : StunVerification.Absent);

            var index = 0;
            foreach (var attribute in reader.Attributes)
            {
                if (attribute.Type is (ushort)StunAttributeType.MessageIntegrity or (ushort)StunAttributeType.MessageIntegritySha256 or (ushort)StunAttributeType.Fingerprint)
                {
                    continue;
                }

                var expected = spec.Attributes[index++];
                ok &= attribute.Type == expected.Type
                    && (expected.Address is null
                        ? attribute.Value.SequenceEqual(expected.Value)
                        : StunMessageReader.DecodeAddress(attribute.Value, IsXored(expected.Type) ? bytes.AsSpan(4, 16) : default) == expected.Address);
            }

            return ok && index == spec.Attributes.Length;
        }).QuickCheckThrowOnFailure();
    }

    [Test]
    public void MsTurnMessages_RoundTripAndVerify_AndAnyBitFlipFailsIntegrity()
    {
        using var key = new StunIntegrityKey("ms key"u8);
        var gen = from transactionId in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(16)
                  from rawType in Gen.Elements((ushort)0x0003, (ushort)0x0004, (ushort)0x0006, (ushort)0x0115)
                  from count in Gen.Choose(0, 6)
                  from attributes in Attributes().Where(a => a.Address is null).ArrayOf(count)
                  from flip in Gen.Choose(0, int.MaxValue)
                  select (transactionId, rawType, attributes, flip);
        Prop.ForAll(gen.ToArbitrary(), sample =>
        {
            var buffer = new byte[4096];
            var writer = StunMessageWriter.CreateMsTurn(buffer, sample.rawType, sample.transactionId);
            foreach (var attribute in sample.attributes)
            {
                writer.AddAttribute(attribute.Type, attribute.Value);
            }

            writer.AddMessageIntegrity(key);
            var bytes = buffer.AsSpan(0, writer.Complete()).ToArray();
            if (!StunMessageReader.TryParse(bytes, MsTurn, out var reader, out _)
                || !reader.IsMsTurnFormat
                || reader.RawType != sample.rawType
                || !reader.TransactionId.SequenceEqual(sample.transactionId)
                || reader.AttributeCount != sample.attributes.Length + 2
                || reader.VerifyMessageIntegrity(key) != StunVerification.Ok)
            {
                return false;
            }

            var bit = sample.flip % (bytes.Length * 8);
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
            return !StunMessageReader.TryParse(bytes, MsTurn, out var tampered, out _)
                || tampered.VerifyMessageIntegrity(key) != StunVerification.Ok;
        }).QuickCheckThrowOnFailure();
    }

    [Test]
    public void TypedAddressGetter_ReturnsFirstOccurrence()
    {
        using var key = new StunIntegrityKey("k"u8);
        Prop.ForAll(Messages().ToArbitrary(), spec =>
        {
            var bytes = Encode(spec, key);
            if (!StunMessageReader.TryParse(bytes, out var reader, out _))
            {
                return false;
            }

            var first = spec.Attributes.FirstOrDefault(a => a.Type == (ushort)StunAttributeType.XorMappedAddress);
            var found = reader.TryGetXorMappedAddress(out var endPoint);
            return first is null ? !found : found && endPoint == first.Address;
        }).QuickCheckThrowOnFailure();
    }

    [Test]
    public void RandomBytes_NeverThrow()
    {
        using var key = new StunIntegrityKey("k"u8);
        Prop.ForAll(Bytes(200).ToArbitrary(), bytes => Exercise(bytes, key)).QuickCheckThrowOnFailure();
    }

    [Test]
    public void RandomBodiesBehindValidHeader_NeverThrow()
    {
        using var key = new StunIntegrityKey("k"u8);
        var gen = from body in Bytes(50).Select(b => b.Length % 4 == 0 ? b : b[..(b.Length / 4 * 4)])
                  from msTurnCookie in Gen.Elements(false, true)
                  select BuildWithBody(body, msTurnCookie);
        Prop.ForAll(gen.ToArbitrary(), bytes => Exercise(bytes, key)).QuickCheckThrowOnFailure();
    }

    [Test]
    public void MutatedVectors_NeverThrow()
    {
        using var key = new StunIntegrityKey("k"u8);
        var vectors = new[] { "rfc5769-2.1-request", "rfc5769-2.2-response-ipv4", "rfc5769-2.3-response-ipv6", "rfc5769-2.4-request-long-term" }
            .Select(Fixtures.Rfc5769).ToArray();
        var gen = from vector in Gen.Elements(vectors)
                  from edits in Gen.Zip(Gen.Choose(0, 200), Gen.Choose(0, 255)).ArrayOf()
                  from truncate in Gen.Choose(0, 120)
                  select Mutate(vector, edits, truncate);
        Prop.ForAll(gen.ToArbitrary(), bytes => Exercise(bytes, key)).QuickCheckThrowOnFailure();
    }

    [TestCase("rfc5769-2.1-request", true)]
    [TestCase("rfc5769-2.2-response-ipv4", true)]
    [TestCase("rfc5769-2.3-response-ipv6", true)]
    [TestCase("rfc5769-2.4-request-long-term", false)]
    public void EverySingleBitFlip_FailsIntegrityOrFingerprint(string vector, bool shortTerm)
    {
        var original = Fixtures.Rfc5769(vector);
        using var key = shortTerm
            ? StunIntegrityKey.ForShortTerm(Fixtures.ShortTermPassword)
            : StunIntegrityKey.ForLongTerm(Fixtures.LongTermUsername, Fixtures.LongTermRealm, Fixtures.LongTermPassword, StunPasswordAlgorithm.Md5, StunPasswordProfile.SaslPrep);
        Assert.That(Protected(original, key, shortTerm), Is.True, "the unmodified vector verifies");

        // Exhaustive over every bit (at most 928 of them), which is stronger than sampling.
        var undetected = new List<int>();
        for (var bit = 0; bit < original.Length * 8; bit++)
        {
            var copy = (byte[])original.Clone();
            copy[bit / 8] ^= (byte)(0x80 >> (bit % 8));
            if (Protected(copy, key, shortTerm))
            {
                undetected.Add(bit);
            }
        }

        Assert.That(undetected, Is.Empty);
    }

    private static bool Protected(byte[] message, StunIntegrityKey key, bool hasFingerprint)
    {
        if (!StunMessageReader.TryParse(message, out var reader, out _))
        {
            return false;
        }

        return reader.VerifyMessageIntegrity(key) == StunVerification.Ok
            && (!hasFingerprint || reader.VerifyFingerprint() == StunVerification.Ok);
    }

    private static bool IsXored(ushort type) => type is (ushort)StunAttributeType.XorMappedAddress or (ushort)StunAttributeType.XorPeerAddress or (ushort)StunAttributeType.XorRelayedAddress;

    private static byte[] BuildWithBody(byte[] body, bool msTurnCookie)
    {
        var prefix = msTurnCookie ? new byte[] { 0x00, 0x0F, 0x00, 0x04, 0x72, 0xC6, 0x4B, 0xC6 } : [];
        var message = new byte[20 + prefix.Length + body.Length];
        message[1] = 0x01;
        message[2] = (byte)((prefix.Length + body.Length) >> 8);
        message[3] = (byte)(prefix.Length + body.Length);
        if (!msTurnCookie)
        {
            message[4] = 0x21;
            message[5] = 0x12;
            message[6] = 0xA4;
            message[7] = 0x42;
        }

        prefix.CopyTo(message, 20);
        body.CopyTo(message, 20 + prefix.Length);
        return message;
    }

    private static byte[] Mutate(byte[] vector, (int Position, int Value)[] edits, int truncate)
    {
        var copy = (byte[])vector.Clone();
        foreach (var (position, value) in edits)
        {
            copy[position % copy.Length] = (byte)value;
        }

        return copy[..Math.Max(0, copy.Length - (truncate % 8 == 0 ? truncate / 8 : 0))];
    }

    /// <summary>Parses and, on success, calls every getter, the enumeration and the verifiers.</summary>
    private static bool Exercise(byte[] bytes, StunIntegrityKey key)
    {
        Span<ushort> unknown = stackalloc ushort[16];
        foreach (var options in new[] { StunParseOptions.Default, MsTurn })
        {
            if (!StunMessageReader.TryParse(bytes, options, out var reader, out var error))
            {
                if (error.Code == StunParseErrorCode.None || error.Offset < 0 || error.Offset > bytes.Length)
                {
                    return false;
                }

                continue;
            }

            foreach (var attribute in reader.Attributes)
            {
                _ = attribute.Value.Length + attribute.Offset;
            }

            reader.GetUnknownComprehensionRequired(unknown);
            reader.TryGetXorMappedAddress(out _);
            reader.TryGetMappedAddress(out _);
            reader.TryGetXorPeerAddress(out _);
            reader.TryGetXorRelayedAddress(out _);
            reader.TryGetAlternateServer(out _);
            reader.TryGetMsDestinationAddress(out _);
            reader.TryGetErrorCode(out _, out _);
            reader.TryGetAddressErrorCode(out _, out _, out _);
            if (reader.TryGetUnknownAttributes(out var list))
            {
                for (var i = 0; i < list.Count; i++)
                {
                    _ = list[i];
                }
            }

            if (reader.TryGetPasswordAlgorithms(out var algorithms))
            {
                foreach (var entry in algorithms)
                {
                    _ = entry.Parameters.Length;
                }
            }

            reader.TryGetPasswordAlgorithm(out _, out _);
            reader.TryGetPriority(out _);
            reader.TryGetIceControlled(out _);
            reader.TryGetIceControlling(out _);
            reader.TryGetChannelNumber(out _);
            reader.TryGetLifetime(out _);
            reader.TryGetEvenPort(out _);
            reader.TryGetRequestedTransport(out _);
            reader.TryGetReservationToken(out _);
            reader.TryGetRequestedAddressFamily(out _);
            reader.TryGetAdditionalAddressFamily(out _);
            reader.TryGetIcmp(out _, out _, out _);
            reader.TryGetConnectionId(out _);
            reader.TryGetMsVersion(out _);
            reader.TryGetMsSequenceNumber(out _, out _);
            reader.TryGetImplementationVersion(out _);
            reader.TryGetBandwidth(out _);
            reader.TryGetMsServiceQuality(out _, out _);
            _ = reader.Type.ToString();
            reader.VerifyMessageIntegrity(key);
            reader.VerifyMessageIntegritySha256(key);
            reader.VerifyFingerprint();
        }

        return true;
    }
}
