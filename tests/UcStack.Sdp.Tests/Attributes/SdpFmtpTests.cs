namespace UcStack.Sdp.Tests.Attributes;

[TestFixture]
public sealed class SdpFmtpTests
{
    [Test]
    public void TryParse_Parameters_SplitsNameValuePairs()
    {
        Assert.That(SdpFmtp.TryParse("96 profile-level-id=42e01f; packetization-mode=1;flag", out var fmtp), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(fmtp!.Format, Is.EqualTo("96"));
            Assert.That(fmtp.GetParameters(), Is.EqualTo(new[]
            {
                new KeyValuePair<string, string>("profile-level-id", "42e01f"),
                new KeyValuePair<string, string>("packetization-mode", "1"),
                new KeyValuePair<string, string>("flag", string.Empty),
            }));
            Assert.That(fmtp.ToAttribute().Value, Is.EqualTo("96 profile-level-id=42e01f; packetization-mode=1;flag"));
        });
    }

    [TestCase("96")]
    [TestCase(" 96 x=1")]
    [TestCase("")]
    public void TryParse_Malformed_ReturnsFalse(string value) => Assert.That(SdpFmtp.TryParse(value, out _), Is.False);

    [Test]
    public void GetFmtp_ByFormat_FindsTheRightLine()
    {
        var media = Fixtures.Session("audio-video-8-candidates.sdp").Media[0];
        Assert.Multiple(() =>
        {
            Assert.That(media.GetFmtp("101")!.Parameters, Is.EqualTo("0-16"));
            Assert.That(media.GetFmtp("111")!.Parameters, Does.StartWith("minptime=10"));
            Assert.That(media.GetFmtp("10"), Is.Null);
            Assert.That(media.GetFmtp("0"), Is.Null);
        });
    }
}
