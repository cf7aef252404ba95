using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace UcStack.Sip;

/// <summary>Finds a user's secret; return <see langword="null"/> for an unknown user.</summary>
/// <param name="username">The user name from the credentials.</param>
/// <param name="realm">The realm (this authenticator's).</param>
/// <param name="cancellationToken">Cancels the lookup.</param>
/// <returns>The secret, or <see langword="null"/>.</returns>
public delegate ValueTask<DigestSecret?> DigestSecretLookup(string username, string realm, CancellationToken cancellationToken);

/// <summary>
/// The UAS/registrar/proxy side of SIP digest authentication (RFC 3261 §22.1, §22.3; RFC 7616; RFC 8760): issues
/// stateless, verifiable nonces, builds the 401/407 challenges and verifies credentials, with nonce-count replay
/// detection in bounded memory. Thread-safe.
/// </summary>
/// <remarks>
/// A nonce is base64(timestamp ‖ random ‖ HMAC-SHA256(serverKey, timestamp ‖ random ‖ realm)): the server keeps
/// nothing per challenge, and only its own nonces verify. Servers sharing a key accept each other's nonces, but
/// each keeps its own replay table. The digest-uri is not compared with the Request-URI (proxies may rewrite it).
/// </remarks>
public sealed partial class DigestAuthenticator : IDisposable
{
    private const int TimestampLength = 8;
    private const int RandomLength = 16;
    private const int MacLength = 32;
    private const int NonceLength = TimestampLength + RandomLength + MacLength;
    private const int MinKeyLength = 16;

    private readonly byte[] _key;
    private readonly DigestAuthenticatorOptions _options;
    private readonly DigestAlgorithm[] _algorithms;
    private readonly DigestSecretLookup _lookup;
    private readonly TimeProvider _time;
    private readonly NonceCountTracker _tracker;
    private bool _disposed;

    /// <summary>Creates an authenticator.</summary>
    /// <param name="options">Realm, nonce lifetime, replay table size and algorithms.</param>
    /// <param name="lookup">The credential store.</param>
    /// <param name="serverKey">The nonce HMAC key (copied; at least 16 bytes), shared by servers that must accept
    /// each other's nonces; empty for a random key (nonces then die with this instance).</param>
    /// <param name="timeProvider">The clock for nonce timestamps; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="lookup"/> is null.</exception>
    /// <exception cref="ArgumentException">The key is shorter than 16 bytes, the algorithm list is empty or
    /// holds undefined values, the lifetime is not positive, or the table size is below 1.</exception>
    public DigestAuthenticator(DigestAuthenticatorOptions options, DigestSecretLookup lookup, ReadOnlySpan<byte> serverKey = default,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Realm);
        ArgumentNullException.ThrowIfNull(lookup);
        if (!serverKey.IsEmpty && serverKey.Length < MinKeyLength)
        {
            throw new ArgumentException($"The server key must be at least {MinKeyLength} bytes, not {serverKey.Length}.", nameof(serverKey));
        }

        if (options.NonceLifetime <= TimeSpan.Zero) throw new ArgumentException("The nonce lifetime must be positive.", nameof(options));
        if (options.MaxTrackedNonces < 1) throw new ArgumentException("At least one nonce must be tracked.", nameof(options));
        if (options.Algorithms is not { Count: > 0 } || options.Algorithms.Any(a => !Enum.IsDefined(a)))
        {
            throw new ArgumentException("At least one defined algorithm is required.", nameof(options));
        }

        _options = options;
        // RFC 8760 §2.4: challenges are listed in order of preference, SHA-256 before MD5.
        _algorithms = [.. options.Algorithms.Distinct().OrderByDescending(DigestAlgorithms.Strength)];
        _lookup = lookup;
        _key = serverKey.IsEmpty ? RandomNumberGenerator.GetBytes(32) : serverKey.ToArray();
        _time = timeProvider ?? TimeProvider.System;
        _tracker = new NonceCountTracker(options.MaxTrackedNonces);
    }

    /// <summary>The realm challenged for.</summary>
    public string Realm => _options.Realm;

    /// <summary>The challenge header for a response: Proxy-Authenticate for a proxy's 407, WWW-Authenticate for a UAS's 401 (RFC 3261 §22.3).</summary>
    /// <param name="proxy"><see langword="true"/> for a proxy.</param>
    /// <returns>The header name.</returns>
    public static string ChallengeHeaderName(bool proxy) => proxy ? "Proxy-Authenticate" : "WWW-Authenticate";

    /// <summary>
    /// Builds the challenges for a 401 or 407: one per configured algorithm, strongest first, sharing a fresh nonce,
    /// each offering qop="auth" (RFC 8760 §2.4, RFC 7616 §3.3).
    /// </summary>
    /// <param name="stale"><see langword="true"/> after <see cref="DigestVerificationStatus.StaleNonce"/>.</param>
    /// <returns>The header values, in the order to send them.</returns>
    /// <exception cref="ObjectDisposedException">The authenticator was disposed.</exception>
    public IReadOnlyList<AuthenticationHeader> CreateChallenges(bool stale = false)
    {
        var nonce = CreateNonce();
        var result = new AuthenticationHeader[_algorithms.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new DigestChallenge(_options.Realm, nonce, _algorithms[i], ["auth"], stale: stale).ToHeader();
        }

        return result;
    }

    /// <summary>Issues a nonce: base64(timestamp ‖ random ‖ HMAC-SHA256(key, timestamp ‖ random ‖ realm)).</summary>
    /// <returns>The nonce.</returns>
    /// <exception cref="ObjectDisposedException">The authenticator was disposed.</exception>
    public string CreateNonce()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Span<byte> nonce = stackalloc byte[NonceLength];
        BinaryPrimitives.WriteInt64BigEndian(nonce, _time.GetUtcNow().ToUnixTimeMilliseconds());
        RandomNumberGenerator.Fill(nonce.Slice(TimestampLength, RandomLength));
        ComputeMac(nonce[..(TimestampLength + RandomLength)], nonce[(TimestampLength + RandomLength)..]);
        return Convert.ToBase64String(nonce);
    }

    /// <summary>Zeroes the server key.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        CryptographicOperations.ZeroMemory(_key);
    }

    /// <summary>Reads and authenticates a nonce: the issue time on success.</summary>
    private bool TryOpenNonce(string nonce, out long issuedAt)
    {
        issuedAt = 0;
        Span<byte> raw = stackalloc byte[NonceLength + 3];
        if (nonce.Length != (NonceLength + 2) / 3 * 4
            || !Convert.TryFromBase64String(nonce, raw, out var written) || written != NonceLength)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[MacLength];
        ComputeMac(raw[..(TimestampLength + RandomLength)], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, raw.Slice(TimestampLength + RandomLength, MacLength))) return false;
        issuedAt = BinaryPrimitives.ReadInt64BigEndian(raw);
        return true;
    }

    private void ComputeMac(ReadOnlySpan<byte> timestampAndRandom, Span<byte> mac)
    {
        var length = timestampAndRandom.Length + Encoding.UTF8.GetByteCount(_options.Realm);
        var onHeap = length <= 256 ? null : new byte[length];
        var input = onHeap ?? stackalloc byte[length];
        timestampAndRandom.CopyTo(input);
        Encoding.UTF8.GetBytes(_options.Realm, input[timestampAndRandom.Length..]);
        HMACSHA256.HashData(_key, input, mac);
    }
}
