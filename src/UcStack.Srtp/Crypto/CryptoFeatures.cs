using System.Runtime.Intrinsics.X86;
using UcStack.Crypto;

namespace UcStack.Srtp.Crypto;

/// <summary>
/// Reports which implementation the SRTP primitives pick on this machine, so benchmarks, logs and docs
/// can state what actually ran. Read-only: it only inspects the CPU and the one-time libcrypto probe.
/// </summary>
internal static class CryptoFeatures
{
    /// <summary>AES-CM and AES-GCM encrypt blocks with AES-NI (else the platform AES).</summary>
    public static bool HasAesNi => AesNi.IsSupported;

    /// <summary>GHASH uses PCLMULQDQ (with AES-NI; else AES-GCM runs on the platform AesGcm).</summary>
    public static bool HasPclmulqdq => Pclmulqdq.IsSupported;

    /// <summary>The CPU has 256-bit VPCLMULQDQ. Reported only: GHASH here uses the 128-bit form.</summary>
    public static bool HasVectorPclmulqdq => Pclmulqdq.V256.IsSupported;

    /// <summary>
    /// The CPU reports the SHA extensions (CPUID leaf 7, EBX bit 29). .NET has no x86 SHA intrinsics, so only
    /// libcrypto can use them; this says whether it can.
    /// </summary>
    public static bool HasShaNi => X86Base.IsSupported && (X86Base.CpuId(7, 0).Ebx & (1 << 29)) != 0;

    /// <summary>HMAC-SHA1 runs on libcrypto's SHA1_Update (which uses SHA-NI where the CPU has it).</summary>
    public static bool UsesLibCryptoSha1 => LibCryptoSha1.Instance is not null;

    /// <summary>The active AES-CM implementation.</summary>
    public static string AesCtrPath => HasAesNi ? "AES-NI (8 blocks in flight)" : "platform AES (ECB transform)";

    /// <summary>The active AES-GCM implementation.</summary>
    public static string AesGcmPath => AesGcmCipher.IsAcceleratedPathSupported ? "AES-NI + PCLMULQDQ (8/4-block aggregated GHASH)" : "platform AesGcm";

    /// <summary>The active HMAC-SHA1 implementation and why.</summary>
    public static string HmacSha1Path => LibCryptoSha1.Status;

    /// <summary>One line per primitive, for reports.</summary>
    public static string Describe() =>
        $"AES-CM: {AesCtrPath}; AES-GCM: {AesGcmPath}; HMAC-SHA1: {HmacSha1Path}; " +
        $"CPU: AES-NI={HasAesNi}, PCLMULQDQ={HasPclmulqdq}, VPCLMULQDQ={HasVectorPclmulqdq}, SHA-NI={HasShaNi}, AVX2={Avx2.IsSupported}";
}
