using System.Security.Cryptography;

namespace UcStack.Srtp.Crypto;

/// <summary>
/// HMAC-SHA1 (RFC 2104) with a fixed key, as SRTP's default authentication transform uses it
/// (RFC 3711 §4.2.1). One instance per session key; not thread-safe; zeroes its key state on dispose.
/// </summary>
internal sealed class HmacSha1 : IDisposable
{
    /// <summary>Length of the full HMAC-SHA1 output.</summary>
    public const int MacLength = 20;

    private readonly IncrementalHash _hmac;
    private bool _disposed;

    /// <summary>Creates the MAC for a key of any length (SRTP uses 20 bytes).</summary>
    public HmacSha1(ReadOnlySpan<byte> key)
    {
        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);
    }

    /// <summary>
    /// Computes HMAC-SHA1 over <paramref name="part1"/> || <paramref name="part2"/> (SRTP authenticates
    /// packet || ROC without copying them together) and writes the full 20-byte MAC.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="mac20"/> is shorter than 20 bytes.</exception>
    /// <exception cref="ObjectDisposedException">The instance was disposed.</exception>
    public void Compute(ReadOnlySpan<byte> part1, ReadOnlySpan<byte> part2, Span<byte> mac20)
    {
        if (mac20.Length < MacLength)
        {
            throw new ArgumentException($"The HMAC-SHA1 output needs 20 bytes, got {mac20.Length}.", nameof(mac20));
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        _hmac.AppendData(part1);
        _hmac.AppendData(part2);
        _hmac.GetHashAndReset(mac20[..MacLength]);
    }

    /// <summary>Releases the key state.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _hmac.Dispose();
    }
}
