namespace UcStack.Sip;

/// <summary>
/// What a credential store knows about a user: the password, or precomputed HA1 values
/// H(username:realm:password) per hash (RFC 7616 §3.4.2; storing HA1 avoids storing the password).
/// </summary>
public sealed class DigestSecret
{
    private readonly string? _password;
    private readonly string? _md5Ha1;
    private readonly string? _sha256Ha1;

    private DigestSecret(string? password, string? md5Ha1, string? sha256Ha1)
    {
        _password = password;
        _md5Ha1 = md5Ha1?.ToLowerInvariant();
        _sha256Ha1 = sha256Ha1?.ToLowerInvariant();
    }

    /// <summary>A secret known as the password.</summary>
    /// <param name="password">The password.</param>
    /// <returns>The secret.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="password"/> is null.</exception>
    public static DigestSecret FromPassword(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return new DigestSecret(password, null, null);
    }

    /// <summary>A secret known only as HA1 values; algorithms whose hash has no HA1 here cannot be verified.</summary>
    /// <param name="md5Ha1">MD5(username:realm:password) in hex, for MD5 and MD5-sess, or <see langword="null"/>.</param>
    /// <param name="sha256Ha1">SHA-256(username:realm:password) in hex, for SHA-256 and SHA-256-sess, or <see langword="null"/>.</param>
    /// <returns>The secret.</returns>
    /// <exception cref="ArgumentException">Both are null, or one is not hex of the right length.</exception>
    public static DigestSecret FromHa1(string? md5Ha1, string? sha256Ha1)
    {
        if (md5Ha1 is null && sha256Ha1 is null) throw new ArgumentException("At least one HA1 is required.", nameof(md5Ha1));
        if (md5Ha1 is not null && !IsHex(md5Ha1, 32)) throw new ArgumentException("An MD5 HA1 is 32 hex digits.", nameof(md5Ha1));
        if (sha256Ha1 is not null && !IsHex(sha256Ha1, 64)) throw new ArgumentException("A SHA-256 HA1 is 64 hex digits.", nameof(sha256Ha1));
        return new DigestSecret(null, md5Ha1, sha256Ha1);
    }

    /// <summary>The base HA1 for <paramref name="algorithm"/>, or <see langword="null"/> when this secret cannot give it.</summary>
    internal string? BaseHa1(DigestAlgorithm algorithm, string username, string realm)
    {
        if (_password is not null) return DigestHash.Ha1(algorithm, username, realm, _password);
        return DigestAlgorithms.UsesSha256(algorithm) ? _sha256Ha1 : _md5Ha1;
    }

    private static bool IsHex(string s, int length) => s.Length == length && s.All(char.IsAsciiHexDigit);
}
