using System.Buffers.Binary;
using System.Numerics;

namespace UcStack.Srtp.Crypto;

/// <summary>
/// The SRTP key derivation function: the AES-CM PRF of RFC 3711 §4.3 (AES_128_CM_PRF), with
/// AES-192/256 master keys per RFC 6188 and the 96-bit GCM master salt per RFC 7714 §11.
/// </summary>
internal static class SrtpKdf
{
    /// <summary>Label of the SRTP encryption key (RFC 3711 §4.3.1).</summary>
    public const byte SrtpEncryptionKeyLabel = 0x00;

    /// <summary>Label of the SRTP authentication key (RFC 3711 §4.3.1).</summary>
    public const byte SrtpAuthenticationKeyLabel = 0x01;

    /// <summary>Label of the SRTP salting key (RFC 3711 §4.3.1).</summary>
    public const byte SrtpSaltLabel = 0x02;

    /// <summary>Label of the SRTCP encryption key (RFC 3711 §4.3.2).</summary>
    public const byte SrtcpEncryptionKeyLabel = 0x03;

    /// <summary>Label of the SRTCP authentication key (RFC 3711 §4.3.2).</summary>
    public const byte SrtcpAuthenticationKeyLabel = 0x04;

    /// <summary>Label of the SRTCP salting key (RFC 3711 §4.3.2).</summary>
    public const byte SrtcpSaltLabel = 0x05;

    /// <summary>Length of the master salt RFC 3711 §8.2 uses (112 bits).</summary>
    public const int MasterSaltLength = 14;

    /// <summary>Length of the AEAD_AES_GCM master salt RFC 7714 uses (96 bits).</summary>
    public const int GcmMasterSaltLength = 12;

    /// <summary>Largest key derivation rate RFC 3711 §3.2.1 allows (2^24).</summary>
    public const ulong MaxKeyDerivationRate = 1UL << 24;

    /// <summary>Largest output one derivation can produce: the PRF's 16-bit block counter must not wrap.</summary>
    public const int MaxOutputLength = 65536 * 16;

    private const ulong MaxIndex = (1UL << 48) - 1;

    /// <summary>
    /// Derives <paramref name="output"/>.Length bytes of session key material for <paramref name="label"/>.
    /// </summary>
    /// <param name="masterKey">Master key, 16, 24 or 32 bytes (the PRF runs AES with the same key size).</param>
    /// <param name="masterSalt">Master salt, 14 bytes, or 12 bytes for the AEAD transforms (RFC 7714 §11).</param>
    /// <param name="label">One of the label constants of this class.</param>
    /// <param name="index">The 48-bit SRTP packet index, or the 31-bit SRTCP index.</param>
    /// <param name="keyDerivationRate">0 (derive once) or a power of two up to 2^24.</param>
    /// <param name="output">Receives the derived bytes.</param>
    /// <exception cref="ArgumentException">A key, salt, index, rate or output length is out of range.</exception>
    public static void Derive(
        ReadOnlySpan<byte> masterKey,
        ReadOnlySpan<byte> masterSalt,
        byte label,
        ulong index,
        ulong keyDerivationRate,
        Span<byte> output)
    {
        AesKeyLength.ThrowIfInvalid(masterKey, nameof(masterKey));
        if (masterSalt.Length is not (MasterSaltLength or GcmMasterSaltLength))
        {
            throw new ArgumentException($"The master salt must be 14 bytes (or 12 for AEAD_AES_GCM), got {masterSalt.Length}.", nameof(masterSalt));
        }

        // RFC 3711 §3.2.1: the key derivation rate is zero or a power of two in 1..2^24.
        if (keyDerivationRate != 0 && (keyDerivationRate > MaxKeyDerivationRate || !BitOperations.IsPow2(keyDerivationRate)))
        {
            throw new ArgumentOutOfRangeException(nameof(keyDerivationRate), keyDerivationRate, "The key derivation rate must be 0 or a power of two no larger than 2^24.");
        }

        if (index > MaxIndex)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, "The SRTP index is 48 bits.");
        }

        if (output.Length > MaxOutputLength)
        {
            throw new ArgumentOutOfRangeException(nameof(output), output.Length, $"One derivation produces at most {MaxOutputLength} bytes.");
        }

        // RFC 3711 §4.3.1: r = index DIV key_derivation_rate, with DIV by zero defined as 0.
        var r = keyDerivationRate == 0 ? 0 : index / keyDerivationRate;

        // RFC 3711 §4.3.1: key_id = label || r (8 + 48 bits); x = key_id XOR master_salt, key_id right-aligned
        // in the 112-bit salt. RFC 7714 §11 (errata 4938): a 96-bit salt is first multiplied by 2^16.
        // RFC 3711 §4.3.2 makes the SRTCP index 32 bits wide, which read literally would move the label to
        // octet 9; libsrtp and the pion-derived stacks keep the label in octet 7 for every label (r stays
        // right-aligned either way), and interoperating means doing the same.
        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        masterSalt.CopyTo(iv);
        iv[7] ^= label;
        Span<byte> rBytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(rBytes, r);
        for (var i = 0; i < 6; i++)
        {
            iv[8 + i] ^= rBytes[2 + i];
        }

        // RFC 3711 §4.3.3: the PRF is AES-CM keyed with the master key, IV = x * 2^16 (the last two bytes stay 0).
        using var prf = new AesCtr(masterKey);
        output.Clear();
        prf.Transform(iv, output);
    }
}
