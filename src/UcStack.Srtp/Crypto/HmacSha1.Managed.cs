using System.Runtime.InteropServices;
using UcStack.Crypto;

namespace UcStack.Srtp.Crypto;

/// <content>The managed SHA-1 backend: precomputed inner/outer states as five words each.</content>
internal sealed unsafe partial class HmacSha1
{
    private void InitializeManaged(ReadOnlySpan<byte> keyBlock)
    {
        Span<byte> padded = stackalloc byte[Sha1Managed.BlockLength];
        var inner = StateWords(ManagedLayout.InnerState);
        var outer = StateWords(ManagedLayout.OuterState);

        XorInto(padded, keyBlock, InnerPad);
        Sha1Managed.Initialize(inner);
        Sha1Managed.CompressBlocks(ref inner[0], padded);

        XorInto(padded, keyBlock, OuterPad);
        Sha1Managed.Initialize(outer);
        Sha1Managed.CompressBlocks(ref outer[0], padded);
        padded.Clear();
    }

    private void ComputeManaged(ReadOnlySpan<byte> part1, ReadOnlySpan<byte> part2, Span<byte> mac20)
    {
        // RFC 2104 §2: H(K XOR opad || H(K XOR ipad || text)), both hashes resumed after their key block.
        Span<uint> state = stackalloc uint[Sha1Managed.StateWords];
        StateWords(ManagedLayout.InnerState).CopyTo(state);
        Sha1Managed.HashFinal(state, part1, part2, Sha1Managed.BlockLength);

        var outerBlock = new Span<byte>(_base + ManagedLayout.OuterBlock, Sha1Managed.BlockLength);
        Sha1Managed.WriteDigest(state, outerBlock);
        StateWords(ManagedLayout.OuterState).CopyTo(state);
        Sha1Managed.CompressBlocks(ref MemoryMarshal.GetReference(state), outerBlock);
        Sha1Managed.WriteDigest(state, mac20);
    }

    private Span<uint> StateWords(int offset) => new(_base + offset, Sha1Managed.StateWords);

    /// <summary>Byte offsets into the pinned state array for the managed backend.</summary>
    private static class ManagedLayout
    {
        public const int InnerState = 0;
        public const int OuterState = 32;
        public const int OuterBlock = 64;
        public const int Length = OuterBlock + Sha1Managed.BlockLength;
    }
}
