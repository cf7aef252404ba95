using System.Buffers.Binary;
using System.Security.Cryptography;

namespace UcStack.Turn.Server;

/// <summary>
/// Stateless nonces: 16 hex digits of the expiry timestamp followed by 32 hex digits of an HMAC-SHA256
/// (truncated to 16 bytes) over it with a per-server random key. Validating needs no table, so a flood
/// of unauthenticated requests costs no memory (RFC 8489 §9.2: the nonce's form is the server's choice).
/// </summary>
internal sealed class TurnNonces : IDisposable
{
    private const int TimestampHexLength = 16;
    private const int MacLength = 16;
    public const int NonceLength = TimestampHexLength + (MacLength * 2);

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly TimeProvider _time;
    private readonly long _lifetimeTicks;

    public TurnNonces(TimeProvider time, TimeSpan lifetime)
    {
        _time = time;
        _lifetimeTicks = (long)(lifetime.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>A fresh nonce, valid for the configured lifetime.</summary>
    public string Create()
    {
        var expiry = _time.GetTimestamp() + _lifetimeTicks;
        Span<byte> stamp = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(stamp, expiry);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, stamp, mac);
        return Convert.ToHexStringLower(stamp) + Convert.ToHexStringLower(mac[..MacLength]);
    }

    /// <summary>Whether <paramref name="nonce"/> is one of ours and has not expired.</summary>
    public bool IsValid(ReadOnlySpan<byte> nonce)
    {
        if (nonce.Length != NonceLength)
        {
            return false;
        }

        Span<byte> stamp = stackalloc byte[8];
        Span<byte> given = stackalloc byte[MacLength];
        if (Convert.FromHexString(nonce[..TimestampHexLength], stamp, out _, out var stampWritten) != System.Buffers.OperationStatus.Done
            || stampWritten != 8
            || Convert.FromHexString(nonce[TimestampHexLength..], given, out _, out var macWritten) != System.Buffers.OperationStatus.Done
            || macWritten != MacLength)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, stamp, mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..MacLength], given))
        {
            return false;
        }

        return BinaryPrimitives.ReadInt64BigEndian(stamp) > _time.GetTimestamp();
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);
}
