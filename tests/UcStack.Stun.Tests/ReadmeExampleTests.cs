using System.Net;
using System.Text;

namespace UcStack.Stun.Tests;

/// <summary>The usage example of src/UcStack.Stun/README.md, kept here so that it compiles and runs.</summary>
[TestFixture]
public sealed class ReadmeExampleTests
{
    [Test]
    public void ReadmeExample_BindingRoundTrip()
    {
        // --- README example begins ---
        using var key = StunIntegrityKey.ForShortTerm("VOkJxbRl1RmTxUk/WvJxBt");

        // Client: a Binding request with ICE attributes, integrity and fingerprint.
        Span<byte> transactionId = stackalloc byte[12];
        StunMessageWriter.GenerateTransactionId(transactionId);
        Span<byte> request = stackalloc byte[256];
        var writer = new StunMessageWriter(request, StunMessageType.BindingRequest, transactionId);
        writer.AddUsername("evtj:h6vY");
        writer.AddPriority(0x6e0001ff);
        writer.AddIceControlled(0x932ff9b151263b36);
        writer.AddMessageIntegrity(key);
        writer.AddFingerprint();
        if (!writer.TryComplete(out var requestLength))
        {
            throw new InvalidOperationException("buffer too small");
        }

        // Server: parse, check, answer.
        if (!StunMessageReader.TryParse(request[..requestLength], out var reader, out var error))
        {
            throw new InvalidOperationException($"rejected: {error}");
        }

        var trusted = reader.VerifyFingerprint() == StunVerification.Ok
            && reader.VerifyMessageIntegrity(key) == StunVerification.Ok
            && reader.UnknownComprehensionRequiredCount == 0;
        reader.TryGetUsername(out var username);

        Span<byte> response = stackalloc byte[256];
        var answer = new StunMessageWriter(response, StunMessageType.BindingSuccessResponse, reader.TransactionId);
        answer.AddXorMappedAddress(new StunEndPoint(IPAddress.Parse("192.0.2.1"), 32853));
        answer.AddMessageIntegrity(key);
        answer.AddFingerprint();
        var responseLength = answer.Complete();
        // --- README example ends ---

        Assert.That(trusted, Is.True);
        Assert.That(Encoding.UTF8.GetString(username), Is.EqualTo("evtj:h6vY"));
        Assert.That(StunMessageReader.TryParse(response[..responseLength], out var parsed, out _), Is.True);
        Assert.That(parsed.TransactionId.SequenceEqual(transactionId), Is.True);
        Assert.That(parsed.TryGetXorMappedAddress(out var mapped) ? mapped.ToString() : null, Is.EqualTo("192.0.2.1:32853"));
    }

    [Test]
    public void TryDecodeAddress_EachOfSeveralPeerAddresses()
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, new StunMessageType(StunMessageClass.Request, StunMethod.CreatePermission), new byte[12]);
        writer.AddXorPeerAddress(new StunEndPoint(IPAddress.Parse("198.51.100.1"), 0));
        writer.AddXorPeerAddress(new StunEndPoint(IPAddress.Parse("2001:db8::7"), 0));
        writer.AddSoftware("x");
        Assert.That(StunMessageReader.TryParse(buffer.AsSpan(0, writer.Complete()), out var reader, out _), Is.True);

        var decoded = new List<string>();
        foreach (var attribute in reader.Attributes)
        {
            decoded.Add(reader.TryDecodeAddress(attribute, out var endPoint) ? endPoint.ToString() : "-");
        }

        Assert.That(decoded, Is.EqualTo(new[] { "198.51.100.1:0", "[2001:db8::7]:0", "-" }));
    }
}
