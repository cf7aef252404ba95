namespace UcStack.Sip;

/// <summary>The digest algorithms SIP uses (RFC 8760 §2; RFC 7616 §3.4).</summary>
public enum DigestAlgorithm
{
    /// <summary><c>MD5</c>: the RFC 3261 default when a challenge names no algorithm.</summary>
    Md5,

    /// <summary><c>MD5-sess</c>: MD5 with the session variant of HA1.</summary>
    Md5Sess,

    /// <summary><c>SHA-256</c> (RFC 8760 §2.2).</summary>
    Sha256,

    /// <summary><c>SHA-256-sess</c> (RFC 8760 §2.2).</summary>
    Sha256Sess,
}

/// <summary>Names, parsing and strength order of <see cref="DigestAlgorithm"/>.</summary>
public static class DigestAlgorithms
{
    /// <summary>The token for <paramref name="algorithm"/> as written on the wire (<c>SHA-256-sess</c>, ...).</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns>The token.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="algorithm"/> is not a defined value.</exception>
    public static string GetName(DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Md5 => "MD5",
        DigestAlgorithm.Md5Sess => "MD5-sess",
        DigestAlgorithm.Sha256 => "SHA-256",
        DigestAlgorithm.Sha256Sess => "SHA-256-sess",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>Reads an algorithm token; tokens compare case-insensitively (RFC 7616 §3.3).</summary>
    /// <param name="name">The token, or <see langword="null"/> when the parameter is absent.</param>
    /// <param name="algorithm">The algorithm; <see cref="DigestAlgorithm.Md5"/> for an absent parameter
    /// (RFC 3261 §22.4 / RFC 2617 §3.2.1: "If this is not present it is assumed to be MD5").</param>
    /// <returns><see langword="false"/> for an algorithm this library does not implement (e.g. SHA-512-256).</returns>
    public static bool TryParse(string? name, out DigestAlgorithm algorithm)
    {
        algorithm = DigestAlgorithm.Md5;
        if (name is null) return true;
        foreach (var candidate in All)
        {
            if (GetName(candidate).Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                algorithm = candidate;
                return true;
            }
        }

        return false;
    }

    /// <summary>Every supported algorithm, strongest first.</summary>
    public static IReadOnlyList<DigestAlgorithm> All { get; } =
        [DigestAlgorithm.Sha256Sess, DigestAlgorithm.Sha256, DigestAlgorithm.Md5Sess, DigestAlgorithm.Md5];

    /// <summary>A rank where higher is preferred: SHA-256 over MD5 (RFC 8760 §2.4: the UAC uses the
    /// topmost header field it supports, and servers list the preferred algorithm first; when choosing
    /// among offers ourselves we pick the strongest hash).</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns>The rank.</returns>
    public static int Strength(DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Sha256 or DigestAlgorithm.Sha256Sess => 2,
        _ => 1,
    };

    /// <summary><see langword="true"/> for the <c>-sess</c> variants.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns>Whether HA1 is the session variant.</returns>
    public static bool IsSession(DigestAlgorithm algorithm) =>
        algorithm is DigestAlgorithm.Md5Sess or DigestAlgorithm.Sha256Sess;

    /// <summary><see langword="true"/> when the SHA-256 hash is used.</summary>
    internal static bool UsesSha256(DigestAlgorithm algorithm) =>
        algorithm is DigestAlgorithm.Sha256 or DigestAlgorithm.Sha256Sess;
}
