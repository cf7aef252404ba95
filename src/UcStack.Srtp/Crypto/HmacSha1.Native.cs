using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using UcStack.Crypto;

namespace UcStack.Srtp.Crypto;

/// <content>
/// The libcrypto backend: precomputed SHA_CTX states after the ipad and opad blocks are copied into a
/// working context per MAC. We append the SHA-1 padding ourselves, so after the last SHA1_Update the
/// context holds no buffered bytes and h0..h4 (its first five words) are the finished digest; SHA1_Final
/// is never called and the precomputed states are never touched.
/// </content>
internal sealed unsafe partial class HmacSha1
{
    private void InitializeNative(ReadOnlySpan<byte> keyBlock)
    {
        var padded = _base + NativeLayout.Scratch;
        var paddedSpan = new Span<byte>(padded, Sha1Managed.BlockLength);

        XorInto(paddedSpan, keyBlock, InnerPad);
        Check(_native!.Init(_base + NativeLayout.InnerContext));
        Check(_native.Update(_base + NativeLayout.InnerContext, padded, Sha1Managed.BlockLength));

        XorInto(paddedSpan, keyBlock, OuterPad);
        Check(_native.Init(_base + NativeLayout.OuterContext));
        Check(_native.Update(_base + NativeLayout.OuterContext, padded, Sha1Managed.BlockLength));
        paddedSpan.Clear();
    }

    private void ComputeNative(ReadOnlySpan<byte> part1, ReadOnlySpan<byte> part2, Span<byte> mac20)
    {
        var native = _native!;
        var work = _base + NativeLayout.WorkContext;
        var scratch = _base + NativeLayout.Scratch;
        var outerBlock = _base + NativeLayout.OuterBlock;

        LibCryptoSha1.CopyState(work, _base + NativeLayout.InnerContext);
        var totalBits = ((ulong)Sha1Managed.BlockLength + (ulong)part1.Length + (ulong)part2.Length) * 8;

        // Hand libcrypto whole blocks only: the whole blocks of part1 straight from the caller's buffer,
        // then part1's tail, part2 and the padding assembled in scratch, so libcrypto never has to buffer a
        // partial block in the context (and the padding needs no SHA1_Final).
        var whole = part1.Length & ~(Sha1Managed.BlockLength - 1);
        var tail = part1.Length - whole;
        var scratchSpan = new Span<byte>(scratch, NativeLayout.ScratchLength);
        if (part2.Length <= NativeLayout.SmallPart2)
        {
            // The final block(s) are assembled before part1's blocks are hashed: by the time libcrypto reads
            // them, these many small stores have reached the cache, so its 16-byte loads do not stall waiting
            // to merge them (the stall was a visible share of a 160-byte packet's MAC).
            part1[whole..].CopyTo(scratchSpan);
            part2.CopyTo(scratchSpan[tail..]);
            tail += part2.Length;
            tail += Sha1Managed.WritePadding(scratchSpan[tail..], totalBits);
            if (whole != 0)
            {
                fixed (byte* p1 = part1)
                {
                    Check(native.Update(work, p1, (nuint)whole));
                }
            }
        }
        else
        {
            // Rare (SRTP's part2 is the 4-byte ROC): let libcrypto buffer across the seam.
            fixed (byte* p1 = part1)
            {
                Check(native.Update(work, p1, (nuint)part1.Length));
            }

            fixed (byte* p2 = part2)
            {
                Check(native.Update(work, p2, (nuint)part2.Length));
            }

            tail = Sha1Managed.WritePadding(scratchSpan, totalBits);
        }

        Check(native.Update(work, scratch, (nuint)tail));

        // h0..h4 of the finished inner hash, as native words, become the big-endian inner digest at the start of
        // the outer block. Written as two 16-byte stores (digest words 0-3; word 4 with the constant 0x80 pad
        // octet after it) so that libcrypto's 16-byte loads of the block are each served by one store.
        LibCryptoSha1.WriteDigestBlockStart(work, outerBlock);
        LibCryptoSha1.CopyState(work, _base + NativeLayout.OuterContext);
        Check(native.Update(work, outerBlock, Sha1Managed.BlockLength));
        WriteBigEndianDigest((uint*)work, mac20);
    }

    private static void WriteBigEndianDigest(uint* h, byte* destination) =>
        WriteBigEndianDigest(h, new Span<byte>(destination, Sha1Managed.DigestLength));

    private static void WriteBigEndianDigest(uint* h, Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, h[0]);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], h[1]);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], h[2]);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], h[3]);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], h[4]);
    }

    private static void Check(int result)
    {
        if (result != 1)
        {
            throw new CryptographicException("libcrypto SHA1_Init/SHA1_Update failed.");
        }
    }

    /// <summary>Byte offsets into the pinned state array for the libcrypto backend.</summary>
    private static class NativeLayout
    {
        public const int InnerContext = 0;
        public const int OuterContext = InnerContext + LibCryptoSha1.ContextSlotLength;
        public const int WorkContext = OuterContext + LibCryptoSha1.ContextSlotLength;
        public const int OuterBlock = WorkContext + LibCryptoSha1.ContextSlotLength;
        public const int Scratch = OuterBlock + Sha1Managed.BlockLength;

        // Room for part1's tail (up to 63 bytes), a small part2 and at most 72 bytes of padding.
        public const int SmallPart2 = 64;
        public const int ScratchLength = 63 + SmallPart2 + 72;
        public const int Length = Scratch + ScratchLength;
    }
}
