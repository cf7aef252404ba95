namespace UcStack.Sdp;

/// <summary>Typed accessors for session-level attributes.</summary>
public sealed partial class SdpSession
{
    /// <summary>The session-level direction attribute, or <see langword="null"/> (RFC 8866 §6.7).</summary>
    /// <exception cref="SdpParseException">More than one direction attribute at session level.</exception>
    public SdpDirection? Direction
    {
        get => SdpDirectionAccess.Get(Attributes);
        set => SdpDirectionAccess.Set(Attributes, value);
    }

    /// <summary>
    /// The direction that applies to <paramref name="media"/>: its own attribute, else the session's, else sendrecv
    /// (RFC 8866 §6.7: a media-level attribute overrides the session-level one; sendrecv is the default).
    /// </summary>
    /// <param name="media">A media section of this session.</param>
    /// <returns>The effective direction.</returns>
    /// <exception cref="SdpParseException">A section holds more than one direction attribute.</exception>
    public SdpDirection GetEffectiveDirection(SdpMedia media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Direction ?? Direction ?? SdpDirection.SendRecv;
    }

    /// <summary>Every <c>a=group</c> line (RFC 5888), in order.</summary>
    /// <returns>The groups.</returns>
    /// <exception cref="SdpParseException">A value is malformed.</exception>
    public IReadOnlyList<SdpGroup> GetGroups() => Attributes.FindAll(SdpNames.Group).Select(SdpGroup.Parse).ToArray();

    /// <summary>The media section whose <c>a=mid</c> is <paramref name="mid"/>, or <see langword="null"/>.</summary>
    /// <param name="mid">The identification tag.</param>
    /// <returns>The section or <see langword="null"/>.</returns>
    /// <exception cref="SdpParseException">An a=mid value is malformed.</exception>
    public SdpMedia? FindMediaByMid(string mid) =>
        Media.FirstOrDefault(media => string.Equals(media.Mid, mid, StringComparison.Ordinal));
}
