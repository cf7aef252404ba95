using System.Buffers.Binary;
using System.Text;

namespace UcStack.Stun.Tests;

[TestFixture]
public sealed class StunMessageReaderTests
{
    private const ushort BindingRequest = 0x0001;

    [Test]
    public void TryParse_FewerThan20Bytes_TooShort()
    {
        Assert.That(StunMessageReader.TryParse(new byte[19], out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(new StunParseError(StunParseErrorCode.TooShort, 19)));
    }

    [Test]
    public void TryParse_TopBitsSet_NotStun()
    {
        var message = RawMessage.Build(BindingRequest);
        message[0] |= 0x80;
        Assert.That(StunMessageReader.TryParse(message, out _, out var error), Is.False);
        Assert.That(error.Code, Is.EqualTo(StunParseErrorCode.NotStun));
    }

    [Test]
    public void TryParse_LengthNotMultipleOfFour_Rejected()
    {
        var message = RawMessage.Build(BindingRequest, (0x8022, new byte[4]));
        message[3] = 3;
        Assert.That(StunMessageReader.TryParse(message, out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(new StunParseError(StunParseErrorCode.LengthNotMultipleOfFour, 2)));
    }

    [Test]
    public void TryParse_LengthLongerThanDatagram_LengthMismatch()
    {
        var message = RawMessage.Build(BindingRequest, (0x8022, new byte[4]));
        Assert.That(StunMessageReader.TryParse(message.AsSpan(0, message.Length - 4), out _, out var error), Is.False);
        Assert.That(error.Code, Is.EqualTo(StunParseErrorCode.LengthMismatch));
    }

    [Test]
    public void TryParse_WrongCookie_BadMagicCookie()
    {
        var message = RawMessage.Build(BindingRequest, 0x2112A443u, RawMessage.DefaultTransactionId);
        Assert.That(StunMessageReader.TryParse(message, out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(new StunParseError(StunParseErrorCode.BadMagicCookie, 4)));
    }

    [Test]
    public void TryParse_AttributeValueRunsPastEnd_AttributeTruncated()
    {
        var message = RawMessage.Build(BindingRequest, (0x8022, new byte[4]));
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(22), 5);
        Assert.That(StunMessageReader.TryParse(message, out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(new StunParseError(StunParseErrorCode.AttributeTruncated, 20, 0x8022)));
    }

    [Test]
    public void TryParse_UsernameOver513Bytes_AttributeLength()
    {
        var message = RawMessage.Build(BindingRequest, (0x8022, new byte[4]), (0x0006, new byte[514]));
        Assert.That(StunMessageReader.TryParse(message, out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(new StunParseError(StunParseErrorCode.AttributeLength, 28, 0x0006)));
    }

    [Test]
    public void TryParse_Username513Bytes_Accepted()
    {
        var message = RawMessage.Build(BindingRequest, (0x0006, new byte[513]));
        Assert.That(StunMessageReader.TryParse(message, out var reader, out _), Is.True);
        Assert.That(reader.TryGetUsername(out var username) ? username.Length : -1, Is.EqualTo(513));
    }

    [TestCase((ushort)0x0020, "0003000101020304", StunParseErrorCode.AttributeValue)]
    [TestCase((ushort)0x0020, "0002000101020304", StunParseErrorCode.AttributeValue)]
    [TestCase((ushort)0x0001, "00010001010203", StunParseErrorCode.AttributeLength)]
    [TestCase((ushort)0x0009, "00000701", StunParseErrorCode.AttributeValue)]
    [TestCase((ushort)0x0009, "00000464", StunParseErrorCode.AttributeValue)]
    [TestCase((ushort)0x0009, "000004", StunParseErrorCode.AttributeLength)]
    [TestCase((ushort)0x0008, "00000000000000000000000000000000000000", StunParseErrorCode.AttributeLength)]
    [TestCase((ushort)0x001C, "000000000000000000000000000000000000", StunParseErrorCode.AttributeLength)]
    [TestCase((ushort)0x001C, "000000000000000000000000", StunParseErrorCode.AttributeLength)]
    [TestCase((ushort)0x8028, "0000000000000000", StunParseErrorCode.AttributeLength)]
    [TestCase((ushort)0x0024, "000000", StunParseErrorCode.AttributeLength)]
    [TestCase((ushort)0x0025, "00", StunParseErrorCode.AttributeLength)]
    [TestCase((ushort)0x8029, "00000000", StunParseErrorCode.AttributeLength)]
    [TestCase((ushort)0x000A, "000000", StunParseErrorCode.AttributeLength)]
    [TestCase((ushort)0x001E, "00000000000000000000000000000000000000000000000000000000000000", StunParseErrorCode.AttributeLength)]
    [TestCase((ushort)0x0017, "03000000", StunParseErrorCode.AttributeValue)]
    [TestCase((ushort)0x8002, "00010008", StunParseErrorCode.AttributeValue)]
    [TestCase((ushort)0x001D, "0001000000020000", StunParseErrorCode.AttributeValue)]
    [TestCase((ushort)0x8003, "", StunParseErrorCode.AttributeLength)]
    [TestCase((ushort)0x8050, "0000000000000000000000000000000000000000", StunParseErrorCode.AttributeLength)]
    public void TryParse_MalformedKnownAttribute_TypedErrorAtItsOffset(ushort type, string valueHex, StunParseErrorCode expected)
    {
        var message = RawMessage.Build(BindingRequest, (type, Convert.FromHexString(valueHex)));
        Assert.That(StunMessageReader.TryParse(message, out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(new StunParseError(expected, 20, type)));
    }

    [Test]
    public void TryParse_MoreAttributesThanLimit_TooManyAttributes()
    {
        var message = RawMessage.Build(BindingRequest, (0x8022, new byte[1]), (0x8022, new byte[1]), (0x8022, new byte[1]));
        var options = new StunParseOptions { MaxAttributes = 2 };
        Assert.That(StunMessageReader.TryParse(message, options, out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(new StunParseError(StunParseErrorCode.TooManyAttributes, 36)));
    }

    [Test]
    public void UnknownAttributes_RequiredReportedOptionalNot()
    {
        var message = RawMessage.Build(BindingRequest, (0x7777, new byte[2]), (0xC0DE, new byte[2]), (0x7777, new byte[1]), (0x0031, Array.Empty<byte>()));
        Assert.That(StunMessageReader.TryParse(message, out var reader, out _), Is.True);
        Span<ushort> unknown = stackalloc ushort[8];
        var count = reader.GetUnknownComprehensionRequired(unknown);
        Assert.That(reader.UnknownComprehensionRequiredCount, Is.EqualTo(3));
        Assert.That(unknown[..count].ToArray(), Is.EqualTo(new ushort[] { 0x7777, 0x0031 }));
    }

    [Test]
    public void MsTurnOnlyTypes_InRfcMessage_AreUnknownRequired()
    {
        var message = RawMessage.Build(BindingRequest, (0x000F, RawMessage.U32(0x72C64BC6)), (0x0010, RawMessage.U32(64)));
        Assert.That(StunMessageReader.TryParse(message, out var reader, out _), Is.True);
        Assert.That(reader.UnknownComprehensionRequiredCount, Is.EqualTo(2));
    }

    [Test]
    public void AttributesAfterIntegrity_IgnoredExceptSha256AndFingerprint()
    {
        var message = RawMessage.Build(
            BindingRequest,
            (0x0006, "user"u8.ToArray()),
            (0x0008, new byte[20]),
            (0x8022, "late"u8.ToArray()),
            (0x7001, new byte[4]),
            (0x001C, new byte[32]),
            (0x8028, new byte[4]),
            (0x0006, "after"u8.ToArray()));
        Assert.That(StunMessageReader.TryParse(message, out var reader, out var error), Is.True, error.ToString());

        var ignored = new List<ushort>();
        foreach (var attribute in reader.Attributes)
        {
            if (attribute.IsIgnored)
            {
                ignored.Add(attribute.Type);
            }
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reader.AttributeCount, Is.EqualTo(7));
            Assert.That(reader.IgnoredAttributeCount, Is.EqualTo(3));
            Assert.That(ignored, Is.EqualTo(new ushort[] { 0x8022, 0x7001, 0x0006 }));
            Assert.That(reader.TryGetSoftware(out _), Is.False);
            Assert.That(reader.TryGetUsername(out var username) ? Encoding.ASCII.GetString(username) : null, Is.EqualTo("user"));
            Assert.That(reader.UnknownComprehensionRequiredCount, Is.Zero);
            Assert.That(reader.TryGetAttribute(StunAttributeType.MessageIntegritySha256, out var sha), Is.True);
            Assert.That(sha.Length, Is.EqualTo(32));
            Assert.That(reader.Contains(StunAttributeType.Fingerprint), Is.True);
        }
    }

    [Test]
    public void AttributesAfterFingerprint_AllIgnored_EvenMalformedOnes()
    {
        var message = RawMessage.Build(BindingRequest, (0x8028, new byte[4]), (0x0020, new byte[3]), (0x0008, new byte[20]));
        Assert.That(StunMessageReader.TryParse(message, out var reader, out var error), Is.True, error.ToString());
        Assert.That(reader.IgnoredAttributeCount, Is.EqualTo(2));
        Assert.That(reader.TryGetAttribute(StunAttributeType.MessageIntegrity, out _), Is.False);
    }

    [Test]
    public void MsTurnFormat_RequiresOptionAndCookieAttribute()
    {
        var transactionId = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        var message = RawMessage.Build(0x0003, BinaryPrimitives.ReadUInt32BigEndian(transactionId), transactionId[4..], (0x000F, RawMessage.U32(0x72C64BC6)), (0x0010, RawMessage.U32(256)));
        var options = new StunParseOptions { AllowMsTurnFormat = true };

        Assert.That(StunMessageReader.TryParse(message, out _, out var error), Is.False);
        Assert.That(error.Code, Is.EqualTo(StunParseErrorCode.BadMagicCookie));
        Assert.That(StunMessageReader.TryParse(message, options, out var reader, out error), Is.True, error.ToString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reader.IsMsTurnFormat, Is.True);
            Assert.That(reader.TransactionId.ToArray(), Is.EqualTo(transactionId));
            Assert.That(reader.TryGetBandwidth(out var bandwidth) ? bandwidth : 0u, Is.EqualTo(256u));
            Assert.That(reader.UnknownComprehensionRequiredCount, Is.Zero);
        }

        message[27] ^= 1;
        Assert.That(StunMessageReader.TryParse(message, options, out _, out error), Is.False);
        Assert.That(error.Code, Is.EqualTo(StunParseErrorCode.BadMagicCookie));
    }

    [Test]
    public void IsStunMessage_AndTryGetMessageLength()
    {
        var message = Fixtures.Rfc5769("rfc5769-2.1-request");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(StunMessageReader.IsStunMessage(message), Is.True);
            Assert.That(StunMessageReader.IsStunMessage(message.AsSpan(0, 100)), Is.False);
            Assert.That(StunMessageReader.IsStunMessage([0x80, 0, 0, 0]), Is.False);
            Assert.That(StunMessageReader.TryGetMessageLength(message.AsSpan(0, 3), out _), Is.False);
            Assert.That(StunMessageReader.TryGetMessageLength(message.AsSpan(0, 4), out var length), Is.True);
            Assert.That(length, Is.EqualTo(108));
        }
    }

    [Test]
    public void ErrorCodeAndUnknownAttributes_Decoded()
    {
        var message = RawMessage.Build(0x0111, (0x0009, [0, 0, 4, 20, .. "Unknown Attribute"u8]), (0x000A, [0x77, 0x77, 0x00, 0x31]));
        Assert.That(StunMessageReader.TryParse(message, out var reader, out _), Is.True);
        Assert.That(reader.TryGetErrorCode(out var code, out var reason), Is.True);
        Assert.That(reader.TryGetUnknownAttributes(out var list), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reader.Class, Is.EqualTo(StunMessageClass.ErrorResponse));
            Assert.That(code, Is.EqualTo(420));
            Assert.That(Encoding.ASCII.GetString(reason), Is.EqualTo("Unknown Attribute"));
            Assert.That(list.Count, Is.EqualTo(2));
            Assert.That(list[0], Is.EqualTo(0x7777));
            Assert.That(list[1], Is.EqualTo(0x0031));
        }
    }
}
