namespace UcStack.Sdp;

/// <summary>Typed accessors for session-level ICE attributes (RFC 8839).</summary>
public sealed partial class SdpSession
{
    /// <summary>Whether <c>a=ice-lite</c> (RFC 8839 §5.3) is present at session level.</summary>
    public bool IceLite
    {
        get => Attributes.Contains(SdpNames.IceLite);
        set
        {
            Attributes.RemoveAll(SdpNames.IceLite);
            if (value)
            {
                Attributes.Add(new SdpAttribute(SdpNames.IceLite));
            }
        }
    }

    /// <summary>Session-level <c>a=ice-ufrag</c>, or <see langword="null"/>.</summary>
    /// <exception cref="SdpParseException">The value is not 4..256 ice-chars.</exception>
    /// <exception cref="ArgumentException">Set to a value that is not 4..256 ice-chars.</exception>
    public string? IceUfrag
    {
        get => SdpIceAccess.GetCredential(Attributes, SdpNames.IceUfrag, 4);
        set => SdpIceAccess.SetCredential(Attributes, SdpNames.IceUfrag, value, 4);
    }

    /// <summary>Session-level <c>a=ice-pwd</c>, or <see langword="null"/>.</summary>
    /// <exception cref="SdpParseException">The value is not 22..256 ice-chars.</exception>
    /// <exception cref="ArgumentException">Set to a value that is not 22..256 ice-chars.</exception>
    public string? IcePwd
    {
        get => SdpIceAccess.GetCredential(Attributes, SdpNames.IcePwd, 22);
        set => SdpIceAccess.SetCredential(Attributes, SdpNames.IcePwd, value, 22);
    }

    /// <summary>Session-level <c>a=ice-options</c> tokens; empty when absent.</summary>
    /// <exception cref="SdpParseException">The value is malformed.</exception>
    public IReadOnlyList<string> IceOptions => SdpIceAccess.GetOptions(Attributes);

    /// <summary>The ICE user fragment for <paramref name="media"/>: media level overrides session level (RFC 8839 §5.4).</summary>
    /// <param name="media">A media section of this session.</param>
    /// <returns>The ufrag, or <see langword="null"/>.</returns>
    /// <exception cref="SdpParseException">A value is malformed.</exception>
    public string? GetEffectiveIceUfrag(SdpMedia media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.IceUfrag ?? IceUfrag;
    }

    /// <summary>The ICE password for <paramref name="media"/>: media level overrides session level (RFC 8839 §5.4).</summary>
    /// <param name="media">A media section of this session.</param>
    /// <returns>The password, or <see langword="null"/>.</returns>
    /// <exception cref="SdpParseException">A value is malformed.</exception>
    public string? GetEffectiveIcePwd(SdpMedia media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.IcePwd ?? IcePwd;
    }
}
