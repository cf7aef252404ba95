using System.Security.Cryptography;

namespace UcStack.Psom;

/// <summary>
/// The HMAC-SHA256 key the conference focus and the Psom server share to issue and verify admission
/// tokens. The key is copied in and zeroed on dispose.
/// </summary>
public sealed class PsomAdmissionKey : IDisposable
{
    /// <summary>Smallest key accepted: 32 bytes, the HMAC-SHA256 output size (RFC 2104 §3 recommends at least L bytes).</summary>
    public const int MinKeyLength = 32;

    private readonly byte[] _key;
    private bool _disposed;

    /// <summary>Creates a key from a copy of <paramref name="key"/>.</summary>
    /// <param name="key">At least <see cref="MinKeyLength"/> secret bytes.</param>
    /// <exception cref="ArgumentException">The key is too short.</exception>
    public PsomAdmissionKey(ReadOnlySpan<byte> key)
    {
        if (key.Length < MinKeyLength)
        {
            throw new ArgumentException($"An admission key needs at least {MinKeyLength} bytes; got {key.Length}.", nameof(key));
        }

        _key = key.ToArray();
    }

    /// <summary>Creates a fresh random key.</summary>
    /// <returns>The key.</returns>
    public static PsomAdmissionKey CreateRandom()
    {
        Span<byte> bytes = stackalloc byte[MinKeyLength];
        RandomNumberGenerator.Fill(bytes);
        try
        {
            return new PsomAdmissionKey(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    internal void ComputeMac(ReadOnlySpan<byte> data, Span<byte> mac)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        HMACSHA256.HashData(_key, data, mac);
    }

    /// <summary>Zeroes the key.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            CryptographicOperations.ZeroMemory(_key);
        }
    }
}
