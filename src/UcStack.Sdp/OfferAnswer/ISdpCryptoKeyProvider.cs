using System.Security.Cryptography;

namespace UcStack.Sdp;

/// <summary>Supplies SRTP master key||salt bytes for a=crypto lines this endpoint writes.</summary>
public interface ISdpCryptoKeyProvider
{
    /// <summary>Fills <paramref name="keySalt"/> with a fresh master key followed by the master salt for <paramref name="suite"/>.</summary>
    /// <param name="suite">The crypto suite.</param>
    /// <param name="keySalt">The buffer, sized for the suite; the engine zeroes it after encoding.</param>
    void Fill(string suite, Span<byte> keySalt);
}

/// <summary>The default provider: every key from <see cref="RandomNumberGenerator"/>.</summary>
public sealed class RandomSdpCryptoKeyProvider : ISdpCryptoKeyProvider
{
    /// <summary>The shared instance (stateless).</summary>
    public static RandomSdpCryptoKeyProvider Instance { get; } = new();

    /// <inheritdoc/>
    public void Fill(string suite, Span<byte> keySalt) => RandomNumberGenerator.Fill(keySalt);
}
