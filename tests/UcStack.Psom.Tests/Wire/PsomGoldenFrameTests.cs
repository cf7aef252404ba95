using System.Collections.Immutable;

namespace UcStack.Psom.Tests.Wire;

[TestFixture]
public sealed class PsomGoldenFrameTests
{
    private static readonly Dictionary<string, (ulong Sequence, PsomMessage Message)> Expected = new()
    {
        ["ping-1"] = (1, new PsomPingMessage { Nonce = 1 }),
        ["bye-normal"] = (2, new PsomByeMessage { Code = PsomErrorCode.None }),
        ["ack"] = (3, new PsomAckMessage { RequestId = 7, ObjectId = 2, Version = 1, TreeVersion = 3 }),
        ["create-poll"] = (4, new PsomCreateMessage { RequestId = 1, ParentId = 1, TypeName = "ucs.poll", Properties = PsomHarness.Props(("question", "Lunch?")), Persistent = true }),
        ["update-null-removes"] = (5, new PsomUpdateMessage
        {
            RequestId = 2,
            ObjectId = 5,
            BaseVersion = -1,
            Changes = PsomProperties.Empty.Add("closed", true).Add("note", PsomValue.Null),
        }),
        ["welcome"] = (1, new PsomWelcomeMessage { Version = 1, SessionId = 1, RootId = 1, TreeVersion = 0, PingIntervalMilliseconds = 30000, MaxFrameLength = 1 << 20, Incarnation = 42 }),
        ["event-created"] = (9, new PsomEventMessage
        {
            Change = new PsomChange
            {
                Kind = PsomChangeKind.Created,
                TreeVersion = 3,
                ObjectId = 4,
                Object = new PsomObject { Id = 4, ParentId = 1, TypeName = "x", Version = 1, Owner = "al", Properties = PsomHarness.Props(("n", PsomValue.FromDouble(1.5))) },
            },
        }),
    };

    private static IEnumerable<TestCaseData> Golden() =>
        File.ReadAllLines(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "golden-frames.txt"))
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line.Split(':', 2))
            .Select(parts => new TestCaseData(parts[0].Trim(), Convert.FromHexString(parts[1].Replace(" ", string.Empty, StringComparison.Ordinal))).SetName("Golden_" + parts[0].Trim()));

    [TestCaseSource(nameof(Golden))]
    public void Golden_DecodesToMessage_AndEncodesToSameBytes(string name, byte[] bytes)
    {
        var (sequence, message) = Expected[name];
        var frame = PsomFrameCodec.Decode(bytes);
        Assert.That(frame.Sequence, Is.EqualTo(sequence));
        Assert.That(PsomMessageEquality.AreEqual(frame.Message, message), Is.True, frame.Message.ToString());
        Assert.That(Convert.ToHexString(PsomFrameCodec.Encode(message, sequence)), Is.EqualTo(Convert.ToHexString(bytes)));
    }

    [Test]
    public void Golden_EveryExpectedFrameHasAFixture() =>
        Assert.That(Golden().Select(t => (string)t.Arguments[0]!), Is.EquivalentTo(Expected.Keys));

    [TestCase("A1 00 01 00", PsomParseErrorCode.TrailingBytes)]
    [TestCase("BF 00 01 FF", PsomParseErrorCode.PayloadMalformed)]
    [TestCase("A2 00 01 00 02", PsomParseErrorCode.PayloadMalformed)]
    [TestCase("A1 00 1B 0000000000000001", PsomParseErrorCode.PayloadMalformed)]
    [TestCase("A0", PsomParseErrorCode.MissingField)]
    public void Decode_NonDeterministicOrIncompletePayload_TypedError(string payloadHex, PsomParseErrorCode code)
    {
        var frame = PsomFrameCodecPropertyTests.Frame((byte)PsomMessageType.Ping, Convert.FromHexString(payloadHex.Replace(" ", string.Empty, StringComparison.Ordinal)));
        var e = Assert.Throws<PsomProtocolException>(() => PsomFrameCodec.Decode(frame));
        Assert.That(e!.Error.Code, Is.EqualTo(code));
        Assert.That(e.Error.Offset, Is.InRange(16, frame.Length));
    }

    [Test]
    public void Decode_WrongVersionOrTypeOrSize_TypedErrorAtField()
    {
        var ping = PsomFrameCodec.Encode(new PsomPingMessage { Nonce = 1 }, 1);
        var badVersion = (byte[])ping.Clone();
        badVersion[4] = 2;
        Assert.That(Assert.Throws<PsomProtocolException>(() => PsomFrameCodec.Decode(badVersion))!.Error, Is.EqualTo(new PsomParseError(PsomParseErrorCode.UnsupportedFrameVersion, 4)));
        var badType = (byte[])ping.Clone();
        badType[5] = 99;
        Assert.That(Assert.Throws<PsomProtocolException>(() => PsomFrameCodec.Decode(badType))!.Error.Code, Is.EqualTo(PsomParseErrorCode.UnknownMessageType));
        var tooShort = (byte[])ping.Clone();
        tooShort[3] = 4;
        Assert.That(Assert.Throws<PsomProtocolException>(() => PsomFrameCodec.Decode(tooShort))!.Error.Code, Is.EqualTo(PsomParseErrorCode.FrameTooShort));
        Assert.That(PsomFrameCodec.TryDecode(ping, 4096, out _, out _, out _), Is.EqualTo(PsomDecodeStatus.Complete));
        Assert.That(PsomFrameCodec.TryDecode(ping, 18, out _, out _, out var tooLarge), Is.EqualTo(PsomDecodeStatus.Invalid));
        Assert.That(tooLarge.Code, Is.EqualTo(PsomParseErrorCode.FrameTooLarge));
    }

    [Test]
    public void Decode_LimitExceeded_ForOversizedName()
    {
        var create = new PsomCreateMessage { RequestId = 1, ParentId = 1, TypeName = new string('t', 129) };
        var e = Assert.Throws<PsomProtocolException>(() => PsomFrameCodec.Decode(PsomFrameCodec.Encode(create, 1)));
        Assert.That(e!.Error.Code, Is.EqualTo(PsomParseErrorCode.LimitExceeded));
        Assert.That(e.Error.Detail, Is.EqualTo("typeName"));
    }

    [Test]
    public void TryEncode_SmallBuffer_ReturnsFalse()
    {
        var message = new PsomPingMessage { Nonce = 1 };
        Assert.That(PsomFrameCodec.TryEncode(message, 1, new byte[10], out _), Is.False);
        var buffer = new byte[64];
        Assert.That(PsomFrameCodec.TryEncode(message, 1, buffer, out var written), Is.True);
        Assert.That(buffer.AsSpan(0, written).ToArray(), Is.EqualTo(PsomFrameCodec.Encode(message, 1)));
        _ = ImmutableArray<int>.Empty;
    }
}
