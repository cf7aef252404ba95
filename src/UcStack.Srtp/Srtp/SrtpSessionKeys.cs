using System.Security.Cryptography;
using UcStack.Srtp.Crypto;

namespace UcStack.Srtp;

/// <summary>
/// The session keys of one master key for one of SRTP or SRTCP (RFC 3711 §4.3): encryption key, salt and
/// authentication key, held as ready-to-use cipher objects. With a key derivation rate above 0 they are derived
/// again whenever the packet index enters a new r = index DIV kdr (§4.3.1).
/// </summary>
internal sealed class SrtpSessionKeys : IDisposable
{
    private readonly SrtpSuite _suite;
    private readonly byte[] _masterKey;
    private readonly byte[] _masterSalt;
    private readonly ulong _keyDerivationRate;
    private readonly byte _encryptionLabel;
    private readonly byte[] _salt;
    private AesCtr? _counterMode;
    private HmacSha1? _hmac;
    private AesGcmCipher? _gcm;
    private ulong _epoch;
    private bool _derived;
    private bool _fixedKeys;

    /// <summary>Derives the session keys for index 0. The master key and salt arrays are the owner's copies: kept, not zeroed here.</summary>
    internal SrtpSessionKeys(SrtpSuite suite, byte[] masterKey, byte[] masterSalt, ulong keyDerivationRate, bool rtcp)
    {
        _suite = suite;
        _masterKey = masterKey;
        _masterSalt = masterSalt;
        _keyDerivationRate = keyDerivationRate;
        _encryptionLabel = rtcp ? SrtpKdf.SrtcpEncryptionKeyLabel : SrtpKdf.SrtpEncryptionKeyLabel;
        _salt = new byte[suite.MasterSaltLength];
        Derive(0);
    }

    /// <summary>Makes sure the keys match the epoch of <paramref name="index"/> (RFC 3711 §4.3.1); a no-op when kdr = 0.</summary>
    internal void PrepareFor(ulong index)
    {
        if (_keyDerivationRate == 0 || _fixedKeys)
        {
            return;
        }

        var epoch = index / _keyDerivationRate;
        if (!_derived || epoch != _epoch)
        {
            Derive(index);
        }
    }

    /// <summary>
    /// AES-CM transform in place (RFC 3711 §4.1.1): IV = (k_s·2^16) XOR (SSRC·2^64) XOR (i·2^16), where i is the
    /// 48-bit SRTP index or the 31-bit SRTCP index. A no-op for the NULL cipher.
    /// </summary>
    internal void TransformCounterMode(uint ssrc, ulong index, Span<byte> data)
    {
        if (_counterMode is null || data.IsEmpty)
        {
            return;
        }

        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        _salt.CopyTo(iv);
        XorBigEndian32(iv[4..], ssrc);
        XorBigEndian48(iv[8..], index);
        _counterMode.Transform(iv, data);
    }

    /// <summary>HMAC-SHA1 over <paramref name="part1"/> || <paramref name="part2"/> (RFC 3711 §4.2.1).</summary>
    internal void ComputeMac(ReadOnlySpan<byte> part1, ReadOnlySpan<byte> part2, Span<byte> mac20) =>
        _hmac!.Compute(part1, part2, mac20);

    /// <summary>
    /// RFC 7714 §8.1 / §9.1: IV = (0x0000 || SSRC || ROC || SEQ) XOR salt for SRTP, and
    /// (0x0000 || SSRC || 0x0000 || 0 + SRTCP index) XOR salt for SRTCP; both are SSRC then the 48-bit index.
    /// </summary>
    internal void FormGcmNonce(uint ssrc, ulong index, Span<byte> nonce12)
    {
        _salt.CopyTo(nonce12);
        XorBigEndian32(nonce12[2..], ssrc);
        XorBigEndian48(nonce12[6..], index);
    }

    internal void GcmEncrypt(ReadOnlySpan<byte> nonce12, ReadOnlySpan<byte> aad, Span<byte> data, Span<byte> tag16) =>
        _gcm!.Encrypt(nonce12, aad, data, tag16);

    internal bool GcmDecrypt(ReadOnlySpan<byte> nonce12, ReadOnlySpan<byte> aad, Span<byte> data, ReadOnlySpan<byte> tag16) =>
        _gcm!.Decrypt(nonce12, aad, data, tag16);

    /// <summary>Replaces the derived keys with given session keys (RFC 7714 vectors give session keys, not master keys).</summary>
    internal void UseFixedSessionKeys(ReadOnlySpan<byte> encryptionKey, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> authKey)
    {
        DisposeCiphers();
        salt.CopyTo(_salt);
        CreateCiphers(encryptionKey, authKey);
        _fixedKeys = true;
    }

    public void Dispose()
    {
        DisposeCiphers();
        CryptographicOperations.ZeroMemory(_salt);
    }

    private void Derive(ulong index)
    {
        // RFC 3711 §4.3.1 / §4.3.2: labels 0/1/2 for SRTP, 3/4/5 for SRTCP (encryption, authentication, salt).
        Span<byte> encryptionKey = stackalloc byte[32];
        Span<byte> authKey = stackalloc byte[20];
        encryptionKey = encryptionKey[.._suite.MasterKeyLength];
        authKey = authKey[.._suite.AuthKeyLength];
        try
        {
            DisposeCiphers();
            SrtpKdf.Derive(_masterKey, _masterSalt, _encryptionLabel, index, _keyDerivationRate, encryptionKey);
            SrtpKdf.Derive(_masterKey, _masterSalt, (byte)(_encryptionLabel + 1), index, _keyDerivationRate, authKey);
            SrtpKdf.Derive(_masterKey, _masterSalt, (byte)(_encryptionLabel + 2), index, _keyDerivationRate, _salt);
            CreateCiphers(encryptionKey, authKey);
            _epoch = _keyDerivationRate == 0 ? 0 : index / _keyDerivationRate;
            _derived = true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(encryptionKey);
            CryptographicOperations.ZeroMemory(authKey);
        }
    }

    private void CreateCiphers(ReadOnlySpan<byte> encryptionKey, ReadOnlySpan<byte> authKey)
    {
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
    }

    private void DisposeCiphers()
    {
        _counterMode?.Dispose();
        _hmac?.Dispose();
        _gcm?.Dispose();
        _counterMode = null;
        _hmac = null;
        _gcm = null;
    }

    private static void XorBigEndian32(Span<byte> target, uint value)
    {
        target[0] ^= (byte)(value >> 24);
        target[1] ^= (byte)(value >> 16);
        target[2] ^= (byte)(value >> 8);
        target[3] ^= (byte)value;
    }

    private static void XorBigEndian48(Span<byte> target, ulong value)
    {
        target[0] ^= (byte)(value >> 40);
        target[1] ^= (byte)(value >> 32);
        target[2] ^= (byte)(value >> 24);
        target[3] ^= (byte)(value >> 16);
        target[4] ^= (byte)(value >> 8);
        target[5] ^= (byte)value;
    }
}
