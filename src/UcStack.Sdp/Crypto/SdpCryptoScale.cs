using System.Diagnostics.CodeAnalysis;

namespace UcStack.Sdp;

/// <summary>
/// <c>a=cryptoscale:&lt;tag&gt; &lt;role&gt; &lt;crypto-suite&gt; &lt;key-params&gt;</c> ([MS-SDPEXT] §3.1.5.2, Scale SRTP keys),
/// as seen in Lync-era offers: <c>a=cryptoscale:1 client AES_CM_128_HMAC_SHA1_80 inline:...|2^31|1:1</c>.
/// The attribute itself is always kept verbatim in the attribute list; this is a reader of its observed shape.
/// The meaning of the role token ("client"/"server") is not interpreted here.
/// </summary>
public sealed record SdpCryptoScale
{
    /// <summary>Creates a value.</summary>
    /// <param name="tag">The tag, shared with the a=crypto tag space.</param>
    /// <param name="role">The role token, for example "client".</param>
    /// <param name="crypto">Suite, key parameters and session parameters, with the same <paramref name="tag"/>.</param>
    /// <exception cref="ArgumentException">The role is not a token or the tags differ.</exception>
    public SdpCryptoScale(int tag, string role, SdpCrypto crypto)
    {
        ArgumentNullException.ThrowIfNull(crypto);
        Role = SdpText.Token(role, nameof(role));
        Crypto = crypto.Tag == tag ? crypto : throw new ArgumentException("The crypto value must carry the same tag.", nameof(crypto));
    }

    /// <summary>The tag.</summary>
    public int Tag => Crypto.Tag;

    /// <summary>The role token.</summary>
    public string Role { get; }

    /// <summary>The suite, key and session parameters.</summary>
    public SdpCrypto Crypto { get; }

    /// <summary>Reads the value of an <c>a=cryptoscale</c> attribute.</summary>
    /// <param name="value">The text after <c>a=cryptoscale:</c>.</param>
    /// <param name="scale">The result.</param>
    /// <returns><see langword="false"/> when the value is malformed.</returns>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpCryptoScale? scale)
    {
        scale = null;
        if (!SdpCrypto.TryParse(value, hasRole: true, out var crypto, out var role, out _))
        {
            return false;
        }

        scale = new SdpCryptoScale(crypto.Tag, role!, crypto);
        return true;
    }

    /// <summary>Reads an <c>a=cryptoscale</c> attribute.</summary>
    /// <param name="attribute">The attribute.</param>
    /// <returns>The value.</returns>
    /// <exception cref="SdpParseException">The value is malformed.</exception>
    /// <exception cref="ArgumentException">The attribute is not a=cryptoscale.</exception>
    public static SdpCryptoScale Parse(SdpAttribute attribute)
    {
        var value = SdpAttributeValue.Require(attribute, SdpNames.CryptoScale);
        return SdpCrypto.TryParse(value, hasRole: true, out var crypto, out var role, out var problem)
            ? new SdpCryptoScale(crypto.Tag, role!, crypto)
            : throw SdpAttributeValue.Invalid(attribute, problem);
    }

    /// <summary>The attribute for this value.</summary>
    /// <returns>A new <c>a=cryptoscale</c> attribute.</returns>
    public SdpAttribute ToAttribute() => new(SdpNames.CryptoScale, ToString());

    /// <summary>The attribute value with single spaces.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => SdpCrypto.Format(Tag, Role, Crypto.Suite, Crypto.KeyParameters, Crypto.SessionParameters);
}
