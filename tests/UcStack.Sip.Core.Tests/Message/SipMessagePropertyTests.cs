using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using UcStack.Sip.Tests.Conformance;

namespace UcStack.Sip.Tests.Message;

[TestFixture]
public sealed class SipMessagePropertyTests
{
    private static readonly Config PropertyConfig = Config.QuickThrowOnFailure.WithMaxTest(300);

    [Test]
    public void Property_ParseOfGeneratedMessage_RecoversEveryPart()
        => Check.One(PropertyConfig, Prop.ForAll(SipMessageGenerators.Messages.ToArbitrary(), c =>
        {
            using var m = SipMessage.Parse(c.ToWire());
            Assert.That(m.IsRequest, Is.EqualTo(c.IsRequest));
            if (m is SipRequest r)
            {
                Assert.That(r.Method, Is.EqualTo(c.Method));
                Assert.That(r.RequestUriText, Is.EqualTo(c.RequestUri));
            }
            else
            {
                var s = (SipResponse)m;
                Assert.That(s.StatusCode, Is.EqualTo(c.StatusCode));
                Assert.That(s.ReasonPhrase, Is.EqualTo(c.Reason));
            }

            var headers = new List<(string, string)>();
            foreach (var h in m.Headers) headers.Add((h.CanonicalName, h.Value));
            Assert.That(headers, Is.EqualTo(c.Headers.Select(h => (h.CanonicalName, h.CanonicalValue)).ToList()));
            Assert.That(m.Body.ToArray(), Is.EqualTo(c.Body));
            Assert.That(m.TopViaBranch, Is.EqualTo(c.Branch));
            Assert.That(m.FromTag, Is.EqualTo(c.FromTag));
            Assert.That(m.CallId, Is.EqualTo(c.CallId));
            Assert.That(m.CSeqNumber, Is.EqualTo(c.CSeq));
        }));

    [Test]
    public void Property_ParseOfSerialize_IsEquivalent()
        => Check.One(PropertyConfig, Prop.ForAll(SipMessageGenerators.Messages.ToArbitrary(), c =>
        {
            using var m = SipMessage.Parse(c.ToWire());
            var bytes = m.ToArray();
            var writer = new ArrayBufferWriter<byte>();
            m.WriteTo(writer);
            Assert.That(writer.WrittenSpan.ToArray(), Is.EqualTo(bytes));
            using var again = SipMessage.Parse(bytes);
            MessageAssert.AreEquivalent(again, m);
            Assert.That(again.ToArray(), Is.EqualTo(bytes), "the canonical form is a fixed point");
        }));

    [Test]
    public void Property_RandomBytes_NeverEscapeTheParserError()
        => Check.One(PropertyConfig.WithMaxTest(1000), Prop.ForAll(
            Gen.Choose(0, 300).SelectMany(n => Gen.ArrayOf(SipMessageGenerators.AnyByte, n)).ToArbitrary(),
            b => ParseAndTouchEverything(b)));

    [Test]
    public void Property_RandomText_NeverEscapesTheParserError()
    {
        // Mostly SIP-looking octets so that parsing gets past the first checks.
        var text = Gen.Choose(0, 300).SelectMany(n => Gen.ArrayOf(Gen.Elements("INVITE SIP/2.0 sip:a@b Via: v: ;branch=z9hG4bK f: t: i: CSeq: 1 \r\n : \t ; = , < > \" \\ 0 l: 5 abc"u8.ToArray()), n));
        Check.One(PropertyConfig.WithMaxTest(1000), Prop.ForAll(text.ToArbitrary(), b => ParseAndTouchEverything(b)));
    }

    private static readonly byte[][] Corpus = FixtureFiles.DatFiles("rfc4475").Select(f => FixtureFiles.Read("rfc4475", f))
        .Concat(FixtureFiles.DatFiles("rfc5118").Select(f => FixtureFiles.Read("rfc5118", f)))
        .Append(SipTestMessages.Bytes(SipTestMessages.Invite))
        .Append(SipTestMessages.Bytes(SipTestMessages.Ok))
        .ToArray();

    [Test]
    public void Property_MutatedFixtures_NeverEscapeTheParserError()
    {
        var mutated =
            from sample in Gen.Elements(Corpus)
            from count in Gen.Choose(1, 3)
            from positions in Gen.ArrayOf(Gen.Choose(0, sample.Length - 1), count)
            from values in Gen.ArrayOf(Gen.Elements((byte)0, (byte)'\r', (byte)'\n', (byte)' ', (byte)':', (byte)';', (byte)'"', (byte)'<', (byte)'>', (byte)'\\', (byte)'9', (byte)'-', (byte)0xFF, (byte)'\t'), count)
            select Mutate(sample, positions, values);
        Check.One(PropertyConfig.WithMaxTest(2000), Prop.ForAll(mutated.ToArbitrary(), b => ParseAndTouchEverything(b)));
    }

    [Test]
    public void Property_TruncatedFixtures_NeverEscapeTheParserError()
    {
        var truncated = from sample in Gen.Elements(Corpus) from n in Gen.Choose(0, sample.Length) select sample[..n];
        Check.One(PropertyConfig.WithMaxTest(1000), Prop.ForAll(truncated.ToArbitrary(), b => ParseAndTouchEverything(b)));
    }

    [Test]
    public void Property_StreamSegmentation_GivesTheSameMessagesAsOneSpan()
    {
        var cases =
            from messages in Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(SipMessageGenerators.Messages, n))
            from keepAlives in Gen.ArrayOf(Gen.Elements(string.Empty, "\r\n", "\r\n\r\n"), messages.Length)
            let stream = messages.SelectMany((m, i) => SipTestMessages.Bytes(keepAlives[i]).Concat(m.ToWire())).ToArray()
            from cuts in Gen.Choose(0, 12).SelectMany(n => Gen.ArrayOf(Gen.Choose(1, Math.Max(1, stream.Length - 1)), n))
            select (messages.Length, stream, cuts);

        Check.One(PropertyConfig.WithMaxTest(200), Prop.ForAll(cases.ToArbitrary(), t =>
        {
            var (count, stream, cuts) = t;
            var reader = new SipStreamReader();
            var whole = ReadAll(reader, new ReadOnlySequence<byte>(stream));
            var pieces = ReadAll(reader, SegmentedSequence.Create(stream, cuts));
            try
            {
                Assert.That(whole, Has.Count.EqualTo(count));
                Assert.That(pieces, Has.Count.EqualTo(count));
                for (var i = 0; i < count; i++) MessageAssert.AreEquivalent(pieces[i], whole[i]);
            }
            finally
            {
                foreach (var m in whole.Concat(pieces)) m.Dispose();
            }
        }));
    }

    [Test]
    public void Property_StreamArrivingInPieces_GivesEachMessageOnce()
    {
        var cases =
            from messages in Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(SipMessageGenerators.Messages, n))
            let stream = messages.SelectMany(m => m.ToWire()).ToArray()
            from step in Gen.Choose(1, 64)
            select (messages.Length, stream, step);

        Check.One(PropertyConfig.WithMaxTest(100), Prop.ForAll(cases.ToArbitrary(), t =>
        {
            var (count, stream, step) = t;
            var reader = new SipStreamReader();
            var read = 0;
            var consumed = 0;
            for (var available = 0; available <= stream.Length; available = Math.Min(available + step, stream.Length))
            {
                var buffer = new ReadOnlySequence<byte>(stream, consumed, available - consumed);
                while (reader.TryRead(ref buffer, out var m, out var e))
                {
                    m.Dispose();
                    read++;
                }

                Assert.That(buffer.Length == 0 || !reader.TryRead(ref buffer, out _, out var again) && !again.IsError, Is.True);
                consumed = available - (int)buffer.Length;
                if (available == stream.Length) break;
            }

            Assert.That(read, Is.EqualTo(count));
            Assert.That(consumed, Is.EqualTo(stream.Length));
        }));
    }

    private static List<SipMessage> ReadAll(SipStreamReader reader, ReadOnlySequence<byte> buffer)
    {
        var list = new List<SipMessage>();
        while (reader.TryRead(ref buffer, out var m, out var e)) list.Add(m);
        return list;
    }

    private static byte[] Mutate(byte[] sample, int[] positions, byte[] values)
    {
        var copy = (byte[])sample.Clone();
        for (var i = 0; i < positions.Length; i++) copy[positions[i]] = values[i];
        return copy;
    }

    /// <summary>Parses through every entry point and touches every member; only the parser's own error may surface.</summary>
    private static void ParseAndTouchEverything(byte[] bytes)
    {
        if (SipMessage.TryParse(bytes, out var m, out var error))
        {
            using (m)
            {
                _ = m.CallId + m.TopViaBranch + m.TopViaHost + m.TopViaTransport + m.FromTag + m.ToTag + m.CSeqMethod;
                foreach (var h in m.Headers) _ = h.Name + h.CanonicalName + h.Value;
                using var again = SipMessage.Parse(m.ToArray());
            }
        }
        else
        {
            Assert.That(error.IsError, Is.True);
            Assert.That(error.Offset, Is.InRange(0, bytes.Length));
            Assert.Throws<SipParseException>(() => SipMessage.Parse(bytes));
        }

        var buffer = new ReadOnlySequence<byte>(bytes);
        var reader = new SipStreamReader();
        while (reader.TryRead(ref buffer, out var s, out _)) s.Dispose();
    }
}
