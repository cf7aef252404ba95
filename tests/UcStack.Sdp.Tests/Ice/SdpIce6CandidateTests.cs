namespace UcStack.Sdp.Tests.Ice;

[TestFixture]
public sealed class SdpIce6CandidateTests
{
    [Test]
    public void GetIce6Candidates_Fixture_ReadsPerCandidateCredentials()
    {
        var audio = Fixtures.Session("lync-ice6-offer.sdp").Media[0];
        var candidates = audio.GetIce6Candidates();
        Assert.Multiple(() =>
        {
            Assert.That(audio.UsesIce6Candidates, Is.True);
            Assert.That(candidates, Has.Count.EqualTo(3));
            Assert.That(candidates[0].Username, Is.EqualTo("Qk9vc3RlciBjYW5kaWRhdGUgb25l"));
            Assert.That(candidates[0].Password, Is.EqualTo("UmFuZG9tUGFzc3dvcmQx"));
            Assert.That(candidates[0].Priority, Is.EqualTo(0.830m));
            Assert.That(candidates[1].Component, Is.EqualTo(2));
            Assert.That(candidates[2].Transport, Is.EqualTo("TCP"));
            Assert.That(candidates[2].Port, Is.EqualTo(443));
            Assert.That(candidates.Select(c => c.ToAttribute()), Is.EqualTo(audio.Attributes.FindAll("candidate")));
            Assert.That(audio.Attributes.Find(SdpNames.RemoteCandidate)!.Value, Is.EqualTo("Qk9vc3RlciBjYW5kaWRhdGUgb25l"));
        });
    }

    [TestCase("u 1 p UDP 1.5 a 1")]
    [TestCase("u 1 p UDP 0.8300 a 1")]
    [TestCase("u 1 p SCTP 0.5 a 1")]
    [TestCase("u-x 1 p UDP 0.5 a 1")]
    [TestCase("u 1 p UDP 0.5 a")]
    [TestCase("1 1 UDP 2130706431 192.0.2.1 5000 typ host")]
    public void TryParse_NotIce6_ReturnsFalse(string value) => Assert.That(SdpIce6Candidate.TryParse(value, out _), Is.False);

    [Test]
    public void GetIce6Candidates_OnRfcCandidates_Throws() =>
        Assert.Throws<SdpParseException>(() => Fixtures.Session("audio-video-8-candidates.sdp").Media[0].GetIce6Candidates());
}
