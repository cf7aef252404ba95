using System.Text;

namespace UcStack.Sdp.Tests;

/// <summary>Loads the SDP fixture files copied into Fixtures/sdp.</summary>
internal static class Fixtures
{
    public static readonly string[] All =
    [
        "audio-video-8-candidates.sdp",
        "lync-offer.sdp",
        "lync-ice6-offer.sdp",
        "webrtc-bundle-offer.sdp",
        "multicast-session.sdp",
    ];

    public static byte[] Bytes(string name) =>
        File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "sdp", name));

    public static SdpSession Session(string name) => SdpSession.Parse(Bytes(name));

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Joins lines with CRLF, ending with CRLF.</summary>
    public static string Lines(params string[] lines) => string.Join("\r\n", lines) + "\r\n";

    public const string MinimalHead = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n";
}
