using UcStack.Tool.Srtp;

namespace UcStack.Tool.Tests;

public sealed class SrtpCommandTests
{
    // RFC 3711 B.3 master key and salt, as one SDES-style base64 string.
    private static readonly string Key = Convert.ToBase64String(Convert.FromHexString("E1F97A0D3E018BE0D64FA32C06DE41390EC675AD498AFEEBB6960B3AABE6"));
    private const string Rtp = "800F1234DECAFBADCAFEBABEABABABABABABABABABABABABABABAB";

    private static (int Exit, string[] Lines, string Err) Run(bool protect, string input, string suite = "AES_CM_128_HMAC_SHA1_80", string? mki = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = SrtpCommands.Run(protect, suite, Key, rtcp: false, mki, new StringReader(input), stdout, stderr);
        return (exit, stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), stderr.ToString());
    }

    [Test]
    public void ProtectThenUnprotect_GivesThePacketBack_AndReportsBadPacketsPerLine()
    {
        var (exit, protectedLines, _) = Run(protect: true, Rtp + "\n");
        Assert.That(exit, Is.Zero);
        Assert.That(protectedLines, Has.Length.EqualTo(1));
        Assert.That(protectedLines[0].Length, Is.EqualTo(Rtp.Length + 20), "80-bit tag appended");

        var tampered = protectedLines[0][..^2] + (protectedLines[0][^2..] == "00" ? "01" : "00");
        var (exit2, lines, _) = Run(protect: false, $"{tampered}\n{protectedLines[0]}\nzz\n");
        Assert.Multiple(() =>
        {
            Assert.That(exit2, Is.EqualTo(1), "one packet failed");
            Assert.That(lines, Has.Length.EqualTo(3), "the tool carries on after a failure");
            Assert.That(lines[0], Does.StartWith("ERROR"));
            Assert.That(lines[1], Is.EqualTo(Rtp).IgnoreCase);
            Assert.That(lines[2], Does.StartWith("ERROR"));
        });
    }

    [Test]
    public void UnknownSuite_IsUsageError()
    {
        var (exit, _, err) = Run(protect: true, Rtp, suite: "ROT13");
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(err, Does.Contain("Unknown suite"));
    }
}
