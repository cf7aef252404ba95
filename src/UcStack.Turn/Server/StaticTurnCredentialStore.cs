using System.Collections.Concurrent;
using UcStack.Stun;

namespace UcStack.Turn.Server;

/// <summary>
/// A fixed set of users and passwords. Keys are derived once per user and realm (MD5, RFC 8489 §9.2.2)
/// and zeroed on <see cref="Dispose"/> (also those replaced by <see cref="AddUser"/>). Thread-safe; dispose only
/// after the server using it has stopped.
/// </summary>
public sealed class StaticTurnCredentialStore : ITurnCredentialStore, IDisposable
{
    private readonly ConcurrentDictionary<string, string> _passwords = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string User, string Realm), StunIntegrityKey> _keys = new();
    private readonly ConcurrentBag<StunIntegrityKey> _retired = [];
    private readonly StunPasswordProfile _profile;
    private bool _disposed;

    /// <summary>Creates an empty store.</summary>
    /// <param name="profile">Preparation of realm and password (OpaqueString, RFC 8489, by default).</param>
    public StaticTurnCredentialStore(StunPasswordProfile profile = StunPasswordProfile.OpaqueString) => _profile = profile;

    /// <summary>Adds or replaces a user.</summary>
    /// <param name="username">The username (as clients send it in USERNAME).</param>
    /// <param name="password">The password.</param>
    /// <exception cref="ArgumentException">The username or password is empty.</exception>
    /// <exception cref="ObjectDisposedException">The store was disposed.</exception>
    public void AddUser(string username, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentException.ThrowIfNullOrEmpty(password);
        ObjectDisposedException.ThrowIf(_disposed, this);
        _passwords[username] = password;
        foreach (var entry in _keys)
        {
            if (entry.Key.User == username && _keys.TryRemove(entry.Key, out var old))
            {
                // A request may be verifying with the old key right now: retire it, zero it on Dispose.
                _retired.Add(old);
            }
        }
    }

    /// <inheritdoc />
    public StunIntegrityKey? FindKey(string username, string realm)
    {
        if (_disposed || !_passwords.TryGetValue(username, out var password))
        {
            return null;
        }

        if (_keys.TryGetValue((username, realm), out var key))
        {
            return key;
        }

        StunIntegrityKey created;
        try
        {
            created = StunIntegrityKey.ForLongTerm(username, realm, password, StunPasswordAlgorithm.Md5, _profile);
        }
        catch (ArgumentException)
        {
            // A password the profile refuses can never authenticate.
            return null;
        }

        var stored = _keys.GetOrAdd((username, realm), created);
        if (!ReferenceEquals(stored, created))
        {
            created.Dispose();
        }

        return stored;
    }

    /// <summary>Zeroes every derived key and forgets the passwords.</summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }

        foreach (var key in _retired)
        {
            key.Dispose();
        }

        _keys.Clear();
        _retired.Clear();
        _passwords.Clear();
    }
}
