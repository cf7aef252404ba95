using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using UcStack.Stun;
using UcStack.Turn.Server;

namespace UcStack.Turn.Mras;

/// <summary>
/// Short-lived TURN credentials that need no per-user state on the relay (the scheme of the TURN REST API draft,
/// draft-uberti-behave-turn-rest §2.2, which MRAS-issued credentials resemble): the username is
/// <c>&lt;expiry unix seconds&gt;:&lt;user&gt;</c>, the password is base64(HMAC-SHA256(secret, username)). The
/// credentials service issues them (<see cref="Issue"/>); the relay, given this as its
/// <see cref="ITurnCredentialStore"/>, recomputes the password from the username, refuses expired ones, and derives
/// the long-term key (RFC 8489 §9.2.2, MD5) as for any user.
/// </summary>
/// <remarks>Thread-safe. The secret is copied in and zeroed on <see cref="Dispose"/>, with every derived key;
/// dispose only after the relay using it has stopped. Derived keys are cached (at most
/// <see cref="MaxCachedKeys"/>); expired ones are swept and zeroed a minute after their expiry, since a request may
/// still be verifying with one.</remarks>
public sealed class MrasCredentialIssuer : ITurnCredentialStore, IDisposable
{
    /// <summary>The smallest secret accepted: 32 bytes (the HMAC-SHA256 output size, RFC 2104 §3).</summary>
    public const int MinSecretLength = 32;

    /// <summary>The most derived keys cached; beyond it the oldest are dropped from the cache (and rederived when used again).</summary>
    public const int MaxCachedKeys = 4096;

    /// <summary>The longest lifetime issued (MRAS asks for minutes; a week is far beyond any call).</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(7);

    private const int MaxUserLength = 256;

    private readonly byte[] _secret;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<(string User, string Realm), (StunIntegrityKey Key, long Expiry)> _keys = new();
    private readonly Lock _sweepGate = new();
    private readonly List<(StunIntegrityKey Key, long Expiry)> _retired = [];
    private int _additions;
    private bool _disposed;

    /// <summary>Creates an issuer with a copy of <paramref name="secret"/>.</summary>
    /// <param name="secret">At least <see cref="MinSecretLength"/> secret bytes, shared by everything that issues or checks.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException">The secret is too short.</exception>
    public MrasCredentialIssuer(ReadOnlySpan<byte> secret, TimeProvider? timeProvider = null)
    {
        if (secret.Length < MinSecretLength) throw new ArgumentException($"The secret needs at least {MinSecretLength} bytes; got {secret.Length}.", nameof(secret));
        _secret = secret.ToArray();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Creates an issuer with a fresh random secret (credentials then die with the process).</summary>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <returns>The issuer.</returns>
    public static MrasCredentialIssuer CreateRandom(TimeProvider? timeProvider = null)
    {
        Span<byte> secret = stackalloc byte[MinSecretLength];
        RandomNumberGenerator.Fill(secret);
        try
        {
            return new MrasCredentialIssuer(secret, timeProvider);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>Issues credentials for <paramref name="user"/> valid for <paramref name="lifetime"/> (rounded down to
    /// whole minutes, at least one, at most <see cref="MaxLifetime"/>).</summary>
    /// <param name="user">Who they are for, e.g. <c>alice@example.org</c> (printable, no white space, at most 256 characters).</param>
    /// <param name="lifetime">How long they should last.</param>
    /// <returns>The credentials.</returns>
    /// <exception cref="ArgumentException">The user is empty, too long or has white space or control characters.</exception>
    /// <exception cref="ObjectDisposedException">The issuer was disposed.</exception>
    public MrasCredentials Issue(string user, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (user.Length > MaxUserLength || user.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || char.IsSurrogate(c)))
            throw new ArgumentException($"The user must be 1 to {MaxUserLength} printable characters without white space.", nameof(user));
        var minutes = Math.Clamp(Math.Floor(lifetime.TotalMinutes), 1, MaxLifetime.TotalMinutes);
        var duration = TimeSpan.FromMinutes(minutes);
        var expires = _time.GetUtcNow() + duration;
        var username = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + ":" + user;
        return new MrasCredentials(username, PasswordFor(username), DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()), duration);
    }

    /// <inheritdoc/>
    /// <remarks>Null for a username not of this scheme, an expired one, or after disposal.</remarks>
    public StunIntegrityKey? FindKey(string username, string realm)
    {
        if (_disposed || string.IsNullOrEmpty(username) || realm is null) return null;
        if (!TryExpiry(username, out var expiry) || expiry <= _time.GetUtcNow().ToUnixTimeSeconds()) return null;
        if (_keys.TryGetValue((username, realm), out var cached)) return cached.Key;
        StunIntegrityKey created;
        try
        {
            created = StunIntegrityKey.ForLongTerm(username, realm, PasswordFor(username), StunPasswordAlgorithm.Md5);
        }
        catch (ArgumentException)
        {
            // A username or realm the string preparation refuses can never authenticate.
            return null;
        }

        if (_keys.Count >= MaxCachedKeys) Sweep(force: true);
        else if (Interlocked.Increment(ref _additions) % 256 == 0) Sweep(force: false);
        var stored = _keys.GetOrAdd((username, realm), (created, expiry));
        if (!ReferenceEquals(stored.Key, created)) created.Dispose();
        return stored.Key;
    }

    /// <summary>Zeroes the secret and every derived key.</summary>
    public void Dispose()
    {
        lock (_sweepGate)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var entry in _keys.Values) entry.Key.Dispose();
            foreach (var (key, _) in _retired) key.Dispose();
            _keys.Clear();
            _retired.Clear();
            CryptographicOperations.ZeroMemory(_secret);
        }
    }

    private string PasswordFor(string username)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(username), mac);
        return Convert.ToBase64String(mac);
    }

    private static bool TryExpiry(string username, out long expiry)
    {
        var colon = username.IndexOf(':', StringComparison.Ordinal);
        expiry = 0;
        return colon is > 0 and <= 19 && colon < username.Length - 1
            && long.TryParse(username.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out expiry);
    }

    private void Sweep(bool force)
    {
        lock (_sweepGate)
        {
            if (_disposed) return;
            var now = _time.GetUtcNow().ToUnixTimeSeconds();

            // A retired key is zeroed a minute after its expiry: a request that found it just before may still be
            // verifying with it, and the relay refuses the username by then anyway.
            _retired.RemoveAll(retired =>
            {
                if (retired.Expiry + 60 > now) return false;
                retired.Key.Dispose();
                return true;
            });
            foreach (var entry in _keys)
            {
                var evict = entry.Value.Expiry <= now || (force && _keys.Count >= MaxCachedKeys);
                if (evict && _keys.TryRemove(entry.Key, out var removed)) _retired.Add(removed);
            }
        }
    }
}
