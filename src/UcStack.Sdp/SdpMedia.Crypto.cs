namespace UcStack.Sdp;

/// <summary>Typed accessors for SDES attributes (RFC 4568, [MS-SDPEXT]).</summary>
public sealed partial class SdpMedia
{
    /// <summary>Every <c>a=crypto</c> line, in order.</summary>
    /// <returns>The values.</returns>
    /// <exception cref="SdpParseException">A value is malformed.</exception>
    public IReadOnlyList<SdpCrypto> GetCryptos() => Attributes.FindAll(SdpNames.Crypto).Select(SdpCrypto.Parse).ToArray();

    /// <summary>Every <c>a=cryptoscale</c> line, in order.</summary>
    /// <returns>The values.</returns>
    /// <exception cref="SdpParseException">A value is malformed.</exception>
    public IReadOnlyList<SdpCryptoScale> GetCryptoScales() => Attributes.FindAll(SdpNames.CryptoScale).Select(SdpCryptoScale.Parse).ToArray();
}
