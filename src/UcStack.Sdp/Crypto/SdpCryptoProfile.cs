namespace UcStack.Sdp;

/// <summary>
/// The stricter a=crypto profile of [MS-SDPEXT] §3.1.5.1 as a validator (not applied by default parsing): exactly one
/// space between fields, tags unique across <c>a=crypto</c> and <c>a=cryptoscale</c>, the only suite
/// AES_CM_128_HMAC_SHA1_80, and a 30-byte key||salt.
/// </summary>
public static class SdpCryptoProfile
{
    /// <summary>The only suite [MS-SDPEXT] allows.</summary>
    public const string MicrosoftSuite = "AES_CM_128_HMAC_SHA1_80";

    /// <summary>Checks the a=crypto and a=cryptoscale lines of <paramref name="media"/> against the Microsoft profile.</summary>
    /// <param name="media">The media section.</param>
    /// <returns>Every violation found, each pointing at its line; empty when the section conforms.</returns>
    public static IReadOnlyList<SdpParseError> ValidateMicrosoft(SdpMedia media)
    {
        ArgumentNullException.ThrowIfNull(media);
        var errors = new List<SdpParseError>();
        var tags = new HashSet<int>();
        foreach (var attribute in media.Attributes)
        {
            var isScale = attribute.Is(SdpNames.CryptoScale);
            if (!isScale && !attribute.Is(SdpNames.Crypto))
            {
                continue;
            }

            var value = attribute.Value ?? string.Empty;

            // [MS-SDPEXT] §3.1.5.1: fields are separated by exactly one space (RFC 4568 allows 1*WSP).
            if (value.Contains("  ", StringComparison.Ordinal) || value.Contains('\t', StringComparison.Ordinal) || value.StartsWith(' ') || value.EndsWith(' '))
            {
                errors.Add(Error(attribute, "fields must be separated by exactly one space ([MS-SDPEXT] §3.1.5.1)"));
            }

            SdpCrypto? crypto = null;
            if (isScale)
            {
                if (SdpCryptoScale.TryParse(value, out var scale))
                {
                    crypto = scale.Crypto;
                }
            }
            else if (SdpCrypto.TryParse(value, out var parsed))
            {
                crypto = parsed;
            }

            if (crypto is null)
            {
                errors.Add(Error(attribute, "not a valid crypto line"));
                continue;
            }

            // [MS-SDPEXT] §3.1.5.1: the tag is unique across a=crypto and a=cryptoscale of the section.
            if (!tags.Add(crypto.Tag))
            {
                errors.Add(Error(attribute, $"tag {crypto.Tag} is used twice across a=crypto and a=cryptoscale ([MS-SDPEXT] §3.1.5.1)"));
            }

            if (!string.Equals(crypto.Suite, MicrosoftSuite, StringComparison.Ordinal))
            {
                errors.Add(Error(attribute, $"suite must be {MicrosoftSuite} ([MS-SDPEXT] §3.1.5.1)"));
            }
        }

        return errors;
    }

    /// <summary>Throws for the first violation of the Microsoft profile.</summary>
    /// <param name="media">The media section.</param>
    /// <exception cref="SdpParseException">The section violates the profile (code <see cref="SdpParseErrorCode.ProfileViolation"/>).</exception>
    public static void EnsureMicrosoft(SdpMedia media)
    {
        var errors = ValidateMicrosoft(media);
        if (errors.Count > 0)
        {
            throw new SdpParseException(errors[0]);
        }
    }

    private static SdpParseError Error(SdpAttribute attribute, string detail) =>
        SdpAttributeValue.Invalid(attribute, detail, SdpParseErrorCode.ProfileViolation).Error;
}
