namespace UcStack.Sdp.Tests.OfferAnswer;

/// <summary>
/// Whole exchanges between two engines shaped like the examples of RFC 3264 §10 (retold with our own addresses, ports
/// and codecs lists): a basic exchange, a re-offer that moves a port and adds a stream, and hold/resume.
/// </summary>
[TestFixture]
public sealed class Rfc3264FlowTests
{
    private static SdpOfferAnswerEngine Alice() => new(new SdpOfferAnswerOptions("198.51.100.10",
    [
        new SdpMediaCapability("audio", 30000, [SdpCodec.Pcmu, SdpCodec.Pcma, new SdpCodec("iLBC", 8000)]) { Srtp = SdpSrtpPolicy.Disabled, RtcpMux = false },
        new SdpMediaCapability("video", 30002, [new SdpCodec("H261", 90000), new SdpCodec("MPV", 90000)]) { Srtp = SdpSrtpPolicy.Disabled, RtcpMux = false },
    ])
    { Username = "alice" });

    private static SdpOfferAnswerEngine Bob() => new(new SdpOfferAnswerOptions("203.0.113.20",
    [
        new SdpMediaCapability("audio", 40000, [SdpCodec.Pcmu, new SdpCodec("PCMA", 8000)]) { Srtp = SdpSrtpPolicy.Disabled, RtcpMux = false },
        new SdpMediaCapability("video", 40002, [new SdpCodec("MPV", 90000)]) { Srtp = SdpSrtpPolicy.Disabled, RtcpMux = false },
    ])
    { Username = "bob" });

    /// <summary>Sends a description "over the wire": write, then parse, as a peer would see it.</summary>
    private static SdpSession Wire(SdpSession session) => SdpSession.Parse(session.Encode());

    [Test]
    public void BasicExchange_AnswerIntersectsCodecsPerStream()
    {
        var alice = Alice();
        var bob = Bob();
        var offer = alice.CreateOffer();
        Assert.Multiple(() =>
        {
            Assert.That(offer.Media[0].Formats, Is.EqualTo(new[] { "0", "8", "96" }));
            Assert.That(offer.Media[1].Formats, Is.EqualTo(new[] { "31", "32" }));
        });

        var answer = bob.CreateAnswer(Wire(offer));
        var streams = alice.ApplyAnswer(Wire(answer.Session));
        Assert.Multiple(() =>
        {
            Assert.That(answer.Session.Media[0].Formats, Is.EqualTo(new[] { "0", "8" }));
            Assert.That(answer.Session.Media[1].Formats, Is.EqualTo(new[] { "32" }));
            Assert.That(streams.Select(s => s.RemotePort), Is.EqualTo(new[] { 40000, 40002 }));
            Assert.That(streams.Select(s => s.RemoteAddress), Is.All.EqualTo("203.0.113.20"));
            Assert.That(streams[1].Codecs.Single().EncodingName, Is.EqualTo("MPV"));
            Assert.That(answer.Streams[0].RemotePort, Is.EqualTo(30000));
            Assert.That(streams.Select(s => s.LocalDirection), Is.All.EqualTo(SdpDirection.SendRecv));
        });
    }

    [Test]
    public void ReOffer_MovesPortAndAddsSendOnlyStream_VersionGrows()
    {
        var alice = Alice();
        var bob = Bob();
        var firstOffer = alice.CreateOffer();
        var firstAnswer = bob.CreateAnswer(Wire(firstOffer));
        alice.ApplyAnswer(Wire(firstAnswer.Session));

        // Bob moves his audio port and adds a one-way music stream with a dynamic PCMA mapping.
        var reOffer = bob.CreateOffer(session =>
        {
            session.Media[0].Port = 40100;
            var music = new SdpMedia("audio", 40200, "RTP/AVP", []) { Direction = SdpDirection.SendOnly };
            music.AddCodec(new SdpRtpMap(110, "PCMA", 8000));
            session.Media.Add(music);
        });
        var answer = alice.CreateAnswer(Wire(reOffer));
        var streams = bob.ApplyAnswer(Wire(answer.Session));
        Assert.Multiple(() =>
        {
            Assert.That(reOffer.Origin.SessionVersion, Is.EqualTo(firstAnswer.Session.Origin.SessionVersion + 1));
            Assert.That(answer.Session.Media, Has.Count.EqualTo(3));
            Assert.That(answer.Streams[0].RemotePort, Is.EqualTo(40100));
            Assert.That(answer.Session.Media[2].Formats, Is.EqualTo(new[] { "110" }), "the offerer's dynamic number is kept");
            Assert.That(answer.Session.Media[2].Direction, Is.EqualTo(SdpDirection.RecvOnly));
            Assert.That(streams[2].LocalDirection, Is.EqualTo(SdpDirection.SendOnly));
            Assert.That(answer.Session.Origin.SessionVersion, Is.EqualTo(firstOffer.Origin.SessionVersion + 1), "Alice's o= grows once her description changes");
            Assert.That(answer.Session.Origin.SessionId, Is.EqualTo(firstOffer.Origin.SessionId));
        });
    }

    [Test]
    public void HoldThenResume_BothSidesAgreeOnDirections()
    {
        var alice = Alice();
        var bob = Bob();
        alice.ApplyAnswer(Wire(bob.CreateAnswer(Wire(alice.CreateOffer())).Session));

        var hold = bob.CreateAnswer(Wire(alice.CreateHoldOffer()));
        var held = alice.ApplyAnswer(Wire(hold.Session));
        Assert.Multiple(() =>
        {
            Assert.That(hold.Streams.Select(s => s.LocalDirection), Is.All.EqualTo(SdpDirection.RecvOnly));
            Assert.That(held.Select(s => s.LocalDirection), Is.All.EqualTo(SdpDirection.SendOnly));
        });

        var resume = bob.CreateAnswer(Wire(alice.CreateResumeOffer()));
        var resumed = alice.ApplyAnswer(Wire(resume.Session));
        Assert.Multiple(() =>
        {
            Assert.That(resumed.Select(s => s.LocalDirection), Is.All.EqualTo(SdpDirection.SendRecv));
            Assert.That(resume.Session.Origin.SessionVersion, Is.EqualTo(hold.Session.Origin.SessionVersion + 1));
        });
    }
}
