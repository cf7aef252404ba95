using System.Security.Cryptography;
using System.Text;

namespace UcStack.Sip;

/// <summary>
/// The digest computations of RFC 2617 §3.2.2 / RFC 7616 §3.4 as SIP uses them (RFC 3261 §22.4, RFC 8760 §2):
/// every hash is written as lower-case hex and every input is joined with ':'.
/// </summary>
/// <remarks>Only <c>qop=auth</c> and the legacy no-qop form are computed; <c>auth-int</c> is not implemented.</remarks>
public static class DigestHash
{
    /// <summary>The base HA1 = H(username ":" realm ":" password) (RFC 7616 §3.4.2).</summary>
    /// <param name="algorithm">The algorithm (its hash; the session step is applied by <see cref="SessionHa1"/>).</param>
    /// <param name="username">The user name.</param>
    /// <param name="realm">The realm.</param>
    /// <param name="password">The password.</param>
    /// <returns>Lower-case hex.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static string Ha1(DigestAlgorithm algorithm, string username, string realm, string password)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(realm);
        ArgumentNullException.ThrowIfNull(password);
        return Hex(algorithm, username, realm, password);
    }

    /// <summary>For the <c>-sess</c> algorithms HA1 = H(H(user:realm:pw) ":" nonce ":" cnonce) (RFC 7616 §3.4.2);
    /// for the others the base HA1 unchanged.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="baseHa1">H(username:realm:password) in hex.</param>
    /// <param name="nonce">The server nonce.</param>
    /// <param name="cnonce">The client nonce (required for the session variants).</param>
    /// <returns>Lower-case hex.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="baseHa1"/> or <paramref name="nonce"/> is null, or
    /// <paramref name="cnonce"/> is null for a session variant.</exception>
    public static string SessionHa1(DigestAlgorithm algorithm, string baseHa1, string nonce, string? cnonce)
    {
        ArgumentNullException.ThrowIfNull(baseHa1);
        ArgumentNullException.ThrowIfNull(nonce);
        if (!DigestAlgorithms.IsSession(algorithm)) return baseHa1.ToLowerInvariant();
        ArgumentNullException.ThrowIfNull(cnonce);
        return Hex(algorithm, baseHa1.ToLowerInvariant(), nonce, cnonce);
    }

    /// <summary>HA2 = H(method ":" digest-uri) for <c>qop=auth</c> or no qop (RFC 7616 §3.4.3).</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="method">The request method (RFC 3261 §22.4: the method of the request, not of the challenge).</param>
    /// <param name="digestUri">The <c>uri</c> parameter value.</param>
    /// <returns>Lower-case hex.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static string Ha2(DigestAlgorithm algorithm, string method, string digestUri)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(digestUri);
        return Hex(algorithm, method, digestUri);
    }

    /// <summary>The request-digest: H(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" HA2) when
    /// <paramref name="qop"/> is given, else the RFC 2069 form H(HA1 ":" nonce ":" HA2) (RFC 7616 §3.4.1, RFC 2617 §3.2.2.1).</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="ha1">The effective HA1 (after <see cref="SessionHa1"/>).</param>
    /// <param name="nonce">The server nonce.</param>
    /// <param name="nc">The nonce count as 8 hex digits, when <paramref name="qop"/> is given.</param>
    /// <param name="cnonce">The client nonce, when <paramref name="qop"/> is given.</param>
    /// <param name="qop">The quality of protection (<c>auth</c>), or <see langword="null"/> for the legacy form.</param>
    /// <param name="ha2">HA2 in hex.</param>
    /// <returns>Lower-case hex.</returns>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    public static string Response(DigestAlgorithm algorithm, string ha1, string nonce, string? nc, string? cnonce, string? qop, string ha2)
    {
        ArgumentNullException.ThrowIfNull(ha1);
        ArgumentNullException.ThrowIfNull(nonce);
        ArgumentNullException.ThrowIfNull(ha2);
        if (qop is null) return Hex(algorithm, ha1, nonce, ha2);
        ArgumentNullException.ThrowIfNull(nc);
        ArgumentNullException.ThrowIfNull(cnonce);
        return Hex(algorithm, ha1, nonce, nc, cnonce, qop, ha2);
    }

    /// <summary>The whole computation from a password, for <c>qop=auth</c> or (with <paramref name="qop"/> null) none.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="username">The user name.</param>
    /// <param name="realm">The realm.</param>
    /// <param name="password">The password.</param>
    /// <param name="method">The request method.</param>
    /// <param name="digestUri">The digest-uri.</param>
    /// <param name="nonce">The server nonce.</param>
    /// <param name="nc">The nonce count (8 hex digits) or null without qop.</param>
    /// <param name="cnonce">The client nonce or null without qop (and without a session algorithm).</param>
    /// <param name="qop">"auth" or null.</param>
    /// <returns>Lower-case hex.</returns>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    public static string Response(DigestAlgorithm algorithm, string username, string realm, string password, string method,
        string digestUri, string nonce, string? nc, string? cnonce, string? qop)
    {
        var ha1 = SessionHa1(algorithm, Ha1(algorithm, username, realm, password), nonce, cnonce);
        return Response(algorithm, ha1, nonce, nc, cnonce, qop, Ha2(algorithm, method, digestUri));
    }

    /// <summary>The hex length of a hash of <paramref name="algorithm"/>: 32 for MD5, 64 for SHA-256.</summary>
    internal static int HexLength(DigestAlgorithm algorithm) => DigestAlgorithms.UsesSha256(algorithm) ? 64 : 32;

    private static string Hex(DigestAlgorithm algorithm, params ReadOnlySpan<string> parts)
    {
        var length = parts.Length - 1;
        foreach (var p in parts) length += Encoding.UTF8.GetByteCount(p);
        var rented = length <= 512 ? null : System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        var buffer = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
        try
        {
            var at = 0;
            for (var i = 0; i < parts.Length; i++)
            {
                if (i > 0) buffer[at++] = (byte)':';
                at += Encoding.UTF8.GetBytes(parts[i], buffer[at..]);
            }

            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
#pragma warning disable CA5351 // RFC 3261 §22.4 / RFC 8760 §2: MD5 is mandated for interoperability, not chosen for strength.
            var written = DigestAlgorithms.UsesSha256(algorithm) ? SHA256.HashData(buffer, hash) : MD5.HashData(buffer, hash);
#pragma warning restore CA5351
            return Convert.ToHexStringLower(hash[..written]);
        }
        finally
        {
            // The buffer may hold the password.
            CryptographicOperations.ZeroMemory(buffer);
            if (rented is not null) System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
