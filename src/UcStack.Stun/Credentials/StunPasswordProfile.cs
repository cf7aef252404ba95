namespace UcStack.Stun;

/// <summary>How passwords (and realms, for long-term keys) are prepared before key derivation.</summary>
public enum StunPasswordProfile
{
    /// <summary>The PRECIS OpaqueString profile (RFC 8265 §4.2), which RFC 8489 requires. See <see cref="StunCredentials.PrepareOpaqueString"/>.</summary>
    OpaqueString = 0,

    /// <summary>SASLprep (RFC 4013), which RFC 5389 and RFC 5769 use. See <see cref="StunCredentials.PrepareSaslPrep"/>.</summary>
    SaslPrep,

    /// <summary>No preparation: the string's UTF-8 bytes are used as they are.</summary>
    None,
}
