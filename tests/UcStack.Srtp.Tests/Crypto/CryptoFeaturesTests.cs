using UcStack.Srtp.Crypto;

namespace UcStack.Srtp.Tests.Crypto;

[TestFixture]
public sealed class CryptoFeaturesTests
{
    [Test]
    public void Describe_NamesThePathsTheConstructorsActuallyPick()
    {
        using var ctr = new AesCtr(new byte[16]);
        using var gcm = new AesGcmCipher(new byte[16]);
        using var hmac = new HmacSha1(new byte[20]);
        var text = CryptoFeatures.Describe();

        Assert.Multiple(() =>
        {
            Assert.That(ctr.UsesAesNi, Is.EqualTo(CryptoFeatures.HasAesNi));
            Assert.That(gcm.UsesAesNi, Is.EqualTo(AesGcmCipher.IsAcceleratedPathSupported));
            Assert.That(hmac.UsesLibCrypto, Is.EqualTo(CryptoFeatures.UsesLibCryptoSha1));
            Assert.That(text, Does.Contain(CryptoFeatures.AesCtrPath));
            Assert.That(text, Does.Contain(CryptoFeatures.AesGcmPath));
            Assert.That(text, Does.Contain(hmac.UsesLibCrypto ? "libcrypto SHA1_Update" : "managed SHA-1"));
            Assert.That(text, Does.Contain($"SHA-NI={CryptoFeatures.HasShaNi}"));
        });
    }

    [Test]
    public void CpuFlags_OnLinuxX64_AgreeWithProcCpuinfo()
    {
        Assume.That(OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64, "needs /proc/cpuinfo on x64");
        Assume.That(
            Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("DOTNET_Enable", StringComparison.OrdinalIgnoreCase)),
            Is.Empty,
            "instruction sets are masked for this run (e.g. DOTNET_EnableAES=0 to exercise the fallbacks)");
        var flagsLine = File.ReadLines("/proc/cpuinfo").First(l => l.StartsWith("flags", StringComparison.Ordinal));
        var flags = flagsLine[(flagsLine.IndexOf(':', StringComparison.Ordinal) + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();

        Assert.Multiple(() =>
        {
            Assert.That(CryptoFeatures.HasShaNi, Is.EqualTo(flags.Contains("sha_ni")), "SHA-NI");
            Assert.That(CryptoFeatures.HasPclmulqdq, Is.EqualTo(flags.Contains("pclmulqdq")), "PCLMULQDQ");
            Assert.That(CryptoFeatures.HasAesNi, Is.EqualTo(flags.Contains("aes") && flags.Contains("ssse3") && flags.Contains("sse4_1")), "AES-NI");
        });
    }
}
