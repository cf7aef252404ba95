using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using UcStack.Crypto;
using UcStack.Srtp.Crypto;

namespace UcStack.Srtp.Tests.Crypto;

/// <summary>Dispose must wipe every key-derived buffer the primitives own (STYLE.md §d).</summary>
[TestFixture]
public sealed class KeyZeroingTests
{
    [Test]
    public void AesCtr_Dispose_ZeroesRoundKeys()
    {
        Assume.That(AesNi.IsSupported, "the round keys are ours only on the AES-NI path");
        var ctr = new AesCtr(Enumerable.Repeat((byte)0xA5, 32).ToArray());
        var roundKeys = Field<Vector128<byte>[]>(ctr, "_roundKeys");
        Assert.That(MemoryMarshal.AsBytes(roundKeys.AsSpan()).ToArray(), Has.Some.Not.EqualTo((byte)0));

        ctr.Dispose();

        Assert.That(MemoryMarshal.AsBytes(roundKeys.AsSpan()).ToArray(), Is.All.EqualTo((byte)0));
    }

    [Test]
    public void AesGcmCipher_Dispose_ZeroesRoundKeysAndHashPowers()
    {
        Assume.That(AesGcmCipher.IsAcceleratedPathSupported, "the key state is ours only on the AES-NI path");
        var gcm = new AesGcmCipher(Enumerable.Repeat((byte)0x5A, 16).ToArray());
        var state = Field<Vector128<byte>[]>(gcm, "_state");
        Assert.That(MemoryMarshal.AsBytes(state.AsSpan()).ToArray(), Has.Some.Not.EqualTo((byte)0));

        gcm.Dispose();

        Assert.That(MemoryMarshal.AsBytes(state.AsSpan()).ToArray(), Is.All.EqualTo((byte)0));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void HmacSha1_Dispose_ZeroesPrecomputedStates(bool libCrypto)
    {
        Assume.That(!libCrypto || LibCryptoSha1.Instance is not null, LibCryptoSha1.Status);
        var hmac = new HmacSha1(Enumerable.Repeat((byte)0x3C, 20).ToArray(), libCrypto ? LibCryptoSha1.Instance : null);
        var mac = new byte[20];
        hmac.Compute("payload"u8, "roc!"u8, mac);
        var state = Field<byte[]>(hmac, "_state");
        Assert.That(state, Has.Some.Not.EqualTo((byte)0));

        hmac.Dispose();

        Assert.That(state, Is.All.EqualTo((byte)0));
    }

    private static T Field<T>(object owner, string name) =>
        (T)(owner.GetType().GetField(name, BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(owner)
            ?? throw new MissingFieldException(owner.GetType().Name, name));
}
