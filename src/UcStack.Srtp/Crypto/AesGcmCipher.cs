using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace UcStack.Srtp.Crypto;

/// <summary>
/// AES-GCM with a 12-byte IV and a 16-byte tag, as SRTP AEAD uses it (RFC 7714: AEAD_AES_128_GCM and
/// AEAD_AES_256_GCM). Runs on AES-NI + PCLMULQDQ when the CPU has both, else on the platform
/// <see cref="AesGcm"/>. One instance per session key; not thread-safe; zeroes its key state on dispose.
/// </summary>
internal sealed class AesGcmCipher : IDisposable
{
    /// <summary>Length of the GCM nonce (IV) RFC 7714 uses.</summary>
    public const int NonceLength = 12;

    /// <summary>Length of the authentication tag RFC 7714 requires.</summary>
    public const int TagLength = 16;

    // Slots 0..14: AES round keys; 15..22: H, H^2, ..., H^8 in GHASH's reflected form.
    private const int PowersSlot = AesNi.RoundKeySlots;

    private readonly Vector128<byte>[]? _state;
    private readonly int _rounds;
    private readonly AesGcm? _platform;
    private bool _disposed;

    /// <summary>Creates the cipher for a 16 or 32 byte key.</summary>
    /// <exception cref="ArgumentException">The key is not 16 or 32 bytes long.</exception>
    public AesGcmCipher(ReadOnlySpan<byte> key)
        : this(key, IsAcceleratedPathSupported)
    {
    }

    /// <summary>Creates the cipher and chooses the implementation (tests force the platform one).</summary>
    /// <exception cref="ArgumentException">The key is not 16 or 32 bytes long.</exception>
    /// <exception cref="PlatformNotSupportedException">The accelerated path was requested on a CPU without AES-NI or PCLMULQDQ.</exception>
    internal AesGcmCipher(ReadOnlySpan<byte> key, bool useAesNi)
    {
        AesKeyLength.ThrowIfInvalidForGcm(key, nameof(key));
        if (useAesNi)
        {
            if (!IsAcceleratedPathSupported)
            {
                throw new PlatformNotSupportedException("This CPU lacks AES-NI or PCLMULQDQ.");
            }

            _state = GC.AllocateArray<Vector128<byte>>(PowersSlot + GHashPclmul.PowerCount, pinned: true);
            _rounds = AesNi.ExpandKey(key, _state);

            // SP 800-38D §6.4: the hash subkey is H = E(K, 0^128).
            ref var roundKeys = ref MemoryMarshal.GetArrayDataReference(_state);
            var h = AesNi.Encrypt(Vector128<byte>.Zero, ref roundKeys, _rounds);
            GHashPclmul.InitPowers(h, _state.AsSpan(PowersSlot));
        }
        else
        {
            _platform = new AesGcm(key, TagLength);
        }
    }

    /// <summary>True when the CPU supports the AES-NI + PCLMULQDQ implementation.</summary>
    public static bool IsAcceleratedPathSupported => AesNi.IsSupported && GHashPclmul.IsSupported;

    /// <summary>True when this instance runs on AES-NI + PCLMULQDQ.</summary>
    public bool UsesAesNi => _state is not null;

    /// <summary>Encrypts <paramref name="data"/> in place and writes the 16-byte tag over <paramref name="aad"/> and the ciphertext.</summary>
    /// <exception cref="ArgumentException">The nonce is not 12 bytes or the tag buffer not 16 bytes.</exception>
    /// <exception cref="ObjectDisposedException">The instance was disposed.</exception>
    public void Encrypt(ReadOnlySpan<byte> nonce12, ReadOnlySpan<byte> aad, Span<byte> data, Span<byte> tag16)
    {
        CheckLengths(nonce12, tag16.Length);
        Encrypt(new GcmNonce(nonce12), aad, data, tag16);
    }

    /// <summary>As <see cref="Encrypt(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte}, Span{byte})"/>, with the nonce
    /// already in registers (SRTP forms it from salt, SSRC and index without a trip through memory).</summary>
    [SkipLocalsInit]
    public void Encrypt(GcmNonce nonce, ReadOnlySpan<byte> aad, Span<byte> data, Span<byte> tag16)
    {
        CheckTagLength(tag16.Length);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_state is null)
        {
            Span<byte> nonce12 = stackalloc byte[NonceLength];
            nonce.CopyTo(nonce12);
            _platform!.Encrypt(nonce12, data, data, tag16, aad);
            return;
        }

        ref var roundKeys = ref MemoryMarshal.GetArrayDataReference(_state);
        var j0 = nonce.InitialCounterBlock();

        // SP 800-38D §7.1: C = GCTR(K, inc32(J0), P); the tag is E(K, J0) XOR GHASH(A, C).
        var encryptedJ0 = AesNiCounterMode.TransformGcm(ref roundKeys, _rounds, j0, data);
        ref var powers = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_state), PowersSlot);
        (encryptedJ0 ^ GHashPclmul.Compute(ref powers, aad, data)).CopyTo(tag16);
    }

    /// <summary>
    /// Verifies the tag and decrypts <paramref name="data"/> in place. Returns false when the tag does not
    /// match; <paramref name="data"/> is then zeroed on every implementation, so no unauthenticated or
    /// half-processed bytes are handed on.
    /// </summary>
    /// <exception cref="ArgumentException">The nonce is not 12 bytes or the tag not 16 bytes.</exception>
    /// <exception cref="ObjectDisposedException">The instance was disposed.</exception>
    public bool Decrypt(ReadOnlySpan<byte> nonce12, ReadOnlySpan<byte> aad, Span<byte> data, ReadOnlySpan<byte> tag16)
    {
        CheckLengths(nonce12, tag16.Length);
        return Decrypt(new GcmNonce(nonce12), aad, data, tag16);
    }

    /// <summary>As <see cref="Decrypt(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte}, ReadOnlySpan{byte})"/>, with
    /// the nonce already in registers.</summary>
    [SkipLocalsInit]
    public bool Decrypt(GcmNonce nonce, ReadOnlySpan<byte> aad, Span<byte> data, ReadOnlySpan<byte> tag16)
    {
        CheckTagLength(tag16.Length);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_state is null)
        {
            Span<byte> nonce12 = stackalloc byte[NonceLength];
            nonce.CopyTo(nonce12);
            return DecryptOnPlatform(nonce12, aad, data, tag16);
        }

        ref var roundKeys = ref MemoryMarshal.GetArrayDataReference(_state);
        var j0 = nonce.InitialCounterBlock();

        // SP 800-38D §7.2: check the tag over the ciphertext first, decrypt only when it matches.
        Span<byte> expected = stackalloc byte[TagLength];
        ComputeTag(ref roundKeys, j0, aad, data).CopyTo(expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, tag16))
        {
            CryptographicOperations.ZeroMemory(data);
            return false;
        }

        AesNiCounterMode.Transform(ref roundKeys, _rounds, new Gcm32Counter(j0, 2), data);
        return true;
    }

    /// <summary>Zeroes the key schedule and the powers of H.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_state is not null)
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_state.AsSpan()));
        }

        _platform?.Dispose();
    }

    private Vector128<byte> ComputeTag(ref Vector128<byte> roundKeys, Vector128<byte> j0, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext)
    {
        ref var powers = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_state!), PowersSlot);
        var s = GHashPclmul.Compute(ref powers, aad, ciphertext);
        return AesNi.Encrypt(j0, ref roundKeys, _rounds) ^ s;
    }

    private bool DecryptOnPlatform(ReadOnlySpan<byte> nonce12, ReadOnlySpan<byte> aad, Span<byte> data, ReadOnlySpan<byte> tag16)
    {
        try
        {
            _platform!.Decrypt(nonce12, data, tag16, data, aad);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            // The platform already clears the output on failure; clear again so the contract holds regardless.
            CryptographicOperations.ZeroMemory(data);
            return false;
        }
    }

    private static void CheckLengths(ReadOnlySpan<byte> nonce12, int tag16)
    {
        if (nonce12.Length != NonceLength)
        {
            throw new ArgumentException($"The GCM nonce must be 12 bytes, got {nonce12.Length}.", nameof(nonce12));
        }

        CheckTagLength(tag16);
    }

    private static void CheckTagLength(int tag16)
    {
        if (tag16 != TagLength)
        {
            throw new ArgumentException($"The GCM tag must be 16 bytes, got {tag16}.", nameof(tag16));
        }
    }
}
