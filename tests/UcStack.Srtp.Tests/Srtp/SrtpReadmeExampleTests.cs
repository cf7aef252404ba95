namespace UcStack.Srtp.Tests.Srtp;

/// <summary>Keeps the usage example of src/UcStack.Srtp/README.md compiling and working (same code, same order).</summary>
[TestFixture]
public sealed class SrtpReadmeExampleTests
{
    [Test]
    public void ReadmeExample_ProtectThenUnprotect_RoundTrips()
    {
        byte[] rtpPacket = SrtpTestKeys.RtpPacket(1, 0x1234, "hello"u8);

        // --- README example starts ---
        // rtpPacket is a plain RTP packet (byte[]); the keys come from
// a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^31|1:1
        using var policy = SrtpPolicy.FromSdesInline(SrtpSuite.AesCm128HmacSha1Tag80, "inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^31|1:1");
        using var sender = new SrtpContext(policy);     // one context per direction
        using var receiver = new SrtpContext(policy);

        var buffer = new byte[1500];                     // room for the packet plus sender.RtpTrailerLength
        rtpPacket.CopyTo(buffer, 0);
        var sent = sender.ProtectRtp(buffer, rtpPacket.Length, out var srtpLength);
        // sent is Ok, and buffer[..srtpLength] is the SRTP packet to send; anything else: log it and drop.

        var received = buffer.AsSpan(0, srtpLength);     // exactly the datagram as it arrived
        var status = receiver.UnprotectRtp(received, out var rtpLength);
        // status is Ok, and received[..rtpLength] is the plain RTP packet again;
        // anything else (AuthenticationFailed, Replayed, ...) means: drop it.
        // --- README example ends ---

        Assert.That(sent, Is.EqualTo(SrtpStatus.Ok));
        Assert.That(status, Is.EqualTo(SrtpStatus.Ok));
        Assert.That(received[..rtpLength].ToArray(), Is.EqualTo(rtpPacket));
    }
}
