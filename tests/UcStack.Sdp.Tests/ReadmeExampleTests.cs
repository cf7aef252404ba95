namespace UcStack.Sdp.Tests;

/// <summary>The usage example of src/UcStack.Sdp/README.md, kept here so that it compiles and runs.</summary>
[TestFixture]
public sealed class ReadmeExampleTests
{
    [Test]
    public void ReadmeExample_ParseInspectAnswer()
    {
        var offerBytes = Fixtures.Bytes("audio-video-8-candidates.sdp");
        var lines = new List<string>();

        // --- README example begins ---
        var offer = SdpSession.Parse(offerBytes);
        foreach (var candidate in offer.Media[0].GetCandidates())
        {
            lines.Add($"{candidate.Type} {candidate.Transport} {candidate.Address}:{candidate.Port}");
        }

        var engine = new SdpOfferAnswerEngine(new SdpOfferAnswerOptions("192.0.2.50",
        [
            new SdpMediaCapability("audio", 40000, [SdpCodec.Pcmu, new SdpCodec("opus", 48000, 2), SdpCodec.TelephoneEvent])
            {
                Protocols = ["RTP/AVP", "RTP/SAVP", "RTP/SAVPF"],
            },
        ]));
        SdpAnswer answer = engine.CreateAnswer(offer);
        byte[] answerBytes = answer.Session.Encode();
        var audio = answer.Streams[0];
        // --- README example ends ---

        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Count.EqualTo(4));
            Assert.That(lines[2], Is.EqualTo("srflx UDP 203.0.113.77:50170"));
            Assert.That(SdpSession.Parse(answerBytes).Media, Has.Count.EqualTo(2));
            Assert.That(audio.Codecs.Select(c => c.EncodingName), Is.EqualTo(new[] { "opus", "PCMU", "telephone-event" }));
            Assert.That(audio.LocalCrypto!.Tag, Is.EqualTo(1));
            Assert.That(answer.Streams[1].Rejection, Is.EqualTo(SdpStreamRejection.NoCapability));
        });
    }
}
