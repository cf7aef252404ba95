using System.Buffers.Binary;
using System.Security.Cryptography;
using UcStack.Srtp.Crypto;

namespace UcStack.Srtp;

/// <summary>
/// One set of session keys (RFC 3711 §4.3): encryption key, salt and authentication key for SRTP or SRTCP, held
/// as ready-to-use cipher objects, plus the transforms that use them. The salt is zeroed on dispose; the cipher
/// objects zero their own keys.
/// </summary>
internal sealed class SrtpCipherSet : IDisposable
{
    private readonly SrtpSuite _suite;
    private readonly byte[] _salt;
    private AesCtr? _counterMode;
    private HmacSha1? _hmac;
    private AesGcmCipher? _gcm;

    internal SrtpCipherSet(SrtpSuite suite)
    {
        _suite = suite;
        _salt = new byte[suite.MasterSaltLength];
    }

    /// <summary>The key derivation epoch r = index DIV kdr these keys belong to (0 when kdr = 0).</summary>
    internal ulong Epoch { get; private set; }

    internal bool IsKeyed { get; private set; }

    /// <summary>
    /// Derives the keys for <paramref name="index"/> (RFC 3711 §4.3.1, §4.3.2): labels 0/1/2 for SRTP and 3/4/5 for
    /// SRTCP (encryption, authentication, salt). Replaces any keys held before.
    /// </summary>
    internal void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte encryptionLabel, ulong index, ulong keyDerivationRate)
    {
        Span<byte> encryptionKey = stackalloc byte[32];
        Span<byte> authKey = stackalloc byte[20];
        encryptionKey = encryptionKey[.._suite.MasterKeyLength];
        authKey = authKey[.._suite.AuthKeyLength];
        try
        {
            SrtpKdf.Derive(masterKey, masterSalt, encryptionLabel, index, keyDerivationRate, encryptionKey);
            SrtpKdf.Derive(masterKey, masterSalt, (byte)(encryptionLabel + 1), index, keyDerivationRate, authKey);
            SrtpKdf.Derive(masterKey, masterSalt, (byte)(encryptionLabel + 2), index, keyDerivationRate, _salt);
            SetKeys(encryptionKey, authKey);
            Epoch = keyDerivationRate == 0 ? 0 : index / keyDerivationRate;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(encryptionKey);
            CryptographicOperations.ZeroMemory(authKey);
        }
    }

    /// <summary>Uses given session keys instead of derived ones (RFC 7714 vectors give session keys).</summary>
    internal void SetSessionKeys(ReadOnlySpan<byte> encryptionKey, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> authKey)
    {
        salt.CopyTo(_salt);
        SetKeys(encryptionKey, authKey);
    }

    /// <summary>
    /// AES-CM transform in place (RFC 3711 §4.1.1): IV = (k_s·2^16) XOR (SSRC·2^64) XOR (i·2^16), where i is the
    /// 48-bit SRTP index or the 31-bit SRTCP index. A no-op for the NULL cipher (§4.1.3).
    /// </summary>
    internal void TransformCounterMode(uint ssrc, ulong index, Span<byte> data)
    {
        if (_counterMode is null || data.IsEmpty)
        {
            return;
        }

        // The IV is formed in registers: octets 0-7 are salt[0..8] with the SSRC in octets 4-7, octets 8-15 are
        // salt[8..14] || 0x0000 with the index in octets 8-13.
        var salt = _salt.AsSpan();
        var high = BinaryPrimitives.ReadUInt64BigEndian(salt) ^ ssrc;
        var low = ((((ulong)BinaryPrimitives.ReadUInt32BigEndian(salt[8..12]) << 16) | BinaryPrimitives.ReadUInt16BigEndian(salt[12..14])) ^ index) << 16;
        _counterMode.Transform(high, low, data);
    }

    /// <summary>HMAC-SHA1 over <paramref name="part1"/> || <paramref name="part2"/> (RFC 3711 §4.2.1).</summary>
    internal void ComputeMac(ReadOnlySpan<byte> part1, ReadOnlySpan<byte> part2, Span<byte> mac20) =>
        _hmac!.Compute(part1, part2, mac20);

    /// <summary>
    /// RFC 7714 §8.1 / §9.1: IV = (0x0000 || SSRC || ROC || SEQ) XOR salt for SRTP, and
    /// (0x0000 || SSRC || 0x0000 || 0 + SRTCP index) XOR salt for SRTCP; both are SSRC then the 48-bit index.
    /// </summary>
    internal GcmNonce FormGcmNonce(uint ssrc, ulong index)
    {
        // Octets 2-5 carry the SSRC and octets 6-11 the 48-bit index, both big-endian, XORed into the salt; the
        // words are little-endian, so octet k sits at bit 8k.
        var salt = _salt.AsSpan();
        var low = BinaryPrimitives.ReadUInt64LittleEndian(salt)
                  ^ ((ulong)BinaryPrimitives.ReverseEndianness(ssrc) << 16)
                  ^ (((index >> 40) & 0xFF) << 48)
                  ^ (((index >> 32) & 0xFF) << 56);
        var high = BinaryPrimitives.ReadUInt32LittleEndian(salt[8..12]) ^ BinaryPrimitives.ReverseEndianness((uint)index);
        return new GcmNonce(low, high);
    }

    internal void GcmEncrypt(GcmNonce nonce, ReadOnlySpan<byte> aad, Span<byte> data, Span<byte> tag16) =>
        _gcm!.Encrypt(nonce, aad, data, tag16);

    internal bool GcmDecrypt(GcmNonce nonce, ReadOnlySpan<byte> aad, Span<byte> data, ReadOnlySpan<byte> tag16) =>
        _gcm!.Decrypt(nonce, aad, data, tag16);

    public void Dispose()
    {
        DisposeCiphers();
        CryptographicOperations.ZeroMemory(_salt);
    }

    private void SetKeys(ReadOnlySpan<byte> encryptionKey, ReadOnlySpan<byte> authKey)
    {
        DisposeCiphers();
        switch (_suite.Cipher)
        {
            case SrtpCipherKind.AesCounterMode:
                _counterMode = new AesCtr(encryptionKey);
                _hmac = new HmacSha1(authKey);
                break;
            case SrtpCipherKind.AesGcm:
                _gcm = new AesGcmCipher(encryptionKey);
                break;
            case SrtpCipherKind.Null:
                // RFC 3711 §4.1.3: the NULL cipher; only the authentication key is used.
                _hmac = new HmacSha1(authKey);
                break;
        }

        IsKeyed = true;
    }

    private void DisposeCiphers()
    {
        _counterMode?.Dispose();
        _hmac?.Dispose();
        _gcm?.Dispose();
        _counterMode = null;
        _hmac = null;
        _gcm = null;
        IsKeyed = false;
    }
}
