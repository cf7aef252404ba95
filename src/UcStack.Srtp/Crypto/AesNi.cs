using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace UcStack.Srtp.Crypto;

/// <summary>
/// AES encryption with the x86 AES-NI instructions: key expansion (FIPS-197 §5.2) and block encryption
/// 1, 4 or 8 blocks at a time. Callers check <see cref="IsSupported"/> first. Round keys live in a
/// pinned array the caller owns (so the GC never leaves copies of them behind) and zeroes on dispose.
/// </summary>
internal static class AesNi
{
    /// <summary>Number of round-key slots an expanded key needs (AES-256: 14 rounds + the initial key).</summary>
    public const int RoundKeySlots = 15;

    /// <summary>True when the CPU has AES-NI and SSSE3/SSE4.1 (used for byte shuffles and inserts).</summary>
    public static bool IsSupported => X86Aes.IsSupported && Ssse3.IsSupported && Sse41.IsSupported;

    /// <summary>Allocates a pinned, zeroed round-key array.</summary>
    public static Vector128<byte>[] AllocateRoundKeys() => GC.AllocateArray<Vector128<byte>>(RoundKeySlots, pinned: true);

    /// <summary>
    /// Expands a 16, 24 or 32 byte key into <paramref name="roundKeys"/> and returns the number of rounds
    /// (10, 12 or 14). The key schedule is built in place, so no other copy of the key is made.
    /// </summary>
    public static int ExpandKey(ReadOnlySpan<byte> key, Vector128<byte>[] roundKeys)
    {
        // FIPS-197 §5.2: Nk = key words, Nr = Nk + 6 rounds, 4 * (Nr + 1) words in all.
        var nk = key.Length / 4;
        var rounds = nk + 6;
        var words = MemoryMarshal.Cast<Vector128<byte>, uint>(roundKeys.AsSpan());
        key.CopyTo(MemoryMarshal.AsBytes(words));
        uint rcon = 1;
        var total = 4 * (rounds + 1);
        for (var i = nk; i < total; i++)
        {
            // Words are loaded little-endian, so the first key byte is the low byte of the word.
            var temp = words[i - 1];
            if (i % nk == 0)
            {
                // RotWord moves the first byte to the end: a right rotation of the little-endian word.
                temp = SubWord(uint.RotateRight(temp, 8)) ^ rcon;
                rcon = XTime(rcon);
            }
            else if (nk > 6 && i % nk == 4)
            {
                temp = SubWord(temp);
            }

            words[i] = words[i - nk] ^ temp;
        }

        return rounds;
    }

    /// <summary>Encrypts one block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Encrypt(Vector128<byte> block, ref Vector128<byte> roundKeys, int rounds)
    {
        block ^= roundKeys;
        for (var r = 1; r < rounds; r++)
        {
            block = X86Aes.Encrypt(block, Unsafe.Add(ref roundKeys, r));
        }

        return X86Aes.EncryptLast(block, Unsafe.Add(ref roundKeys, rounds));
    }

    /// <summary>Encrypts four independent blocks with their rounds interleaved, to fill the AES pipeline.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Encrypt4(
        ref Vector128<byte> roundKeys,
        int rounds,
        ref Vector128<byte> b0,
        ref Vector128<byte> b1,
        ref Vector128<byte> b2,
        ref Vector128<byte> b3)
    {
        var k = roundKeys;
        Vector128<byte> s0 = b0 ^ k, s1 = b1 ^ k, s2 = b2 ^ k, s3 = b3 ^ k;
        for (var r = 1; r < rounds; r++)
        {
            k = Unsafe.Add(ref roundKeys, r);
            s0 = X86Aes.Encrypt(s0, k);
            s1 = X86Aes.Encrypt(s1, k);
            s2 = X86Aes.Encrypt(s2, k);
            s3 = X86Aes.Encrypt(s3, k);
        }

        k = Unsafe.Add(ref roundKeys, rounds);
        b0 = X86Aes.EncryptLast(s0, k);
        b1 = X86Aes.EncryptLast(s1, k);
        b2 = X86Aes.EncryptLast(s2, k);
        b3 = X86Aes.EncryptLast(s3, k);
    }

    // SubWord applies the S-box to each byte of a word. AESENCLAST does ShiftRows then SubBytes; with the
    // word repeated in all four columns ShiftRows changes nothing, so lane 0 is exactly SubWord.
    private static uint SubWord(uint word) =>
        X86Aes.EncryptLast(Vector128.Create(word).AsByte(), Vector128<byte>.Zero).AsUInt32().ToScalar();

    // Multiplication by x in GF(2^8) with the AES polynomial x^8 + x^4 + x^3 + x + 1 (FIPS-197 §4.2.1).
    private static uint XTime(uint value) => ((value << 1) ^ ((value & 0x80) != 0 ? 0x1Bu : 0u)) & 0xFF;
}
