using System.Diagnostics.CodeAnalysis;

namespace UcStack.Sdp;

/// <summary>
/// <c>a=group:&lt;semantics&gt; *(SP &lt;identification-tag&gt;)</c> (RFC 5888 §5), for example
/// <c>a=group:BUNDLE 0 1</c> (RFC 9143). Only the names are read here; bundling itself is the transport's job.
/// </summary>
public sealed record SdpGroup
{
    /// <summary>Creates a group.</summary>
    /// <param name="semantics">The semantics token ("BUNDLE", "LS", "FID", ...).</param>
    /// <param name="tags">The mid values of the grouped media sections.</param>
    /// <exception cref="ArgumentException">A value is not a token.</exception>
    public SdpGroup(string semantics, IEnumerable<string> tags)
    {
        Semantics = SdpText.Token(semantics, nameof(semantics));
        ArgumentNullException.ThrowIfNull(tags);
        Tags = tags.Select(static tag => SdpText.Token(tag, nameof(tags))).ToArray();
    }

    /// <summary>The semantics token.</summary>
    public string Semantics { get; }

    /// <summary>The identification tags (mid values), in order.</summary>
    public IReadOnlyList<string> Tags { get; }

    /// <summary>Whether this is a BUNDLE group (RFC 9143 §7.1).</summary>
    public bool IsBundle => string.Equals(Semantics, "BUNDLE", StringComparison.Ordinal);

    /// <summary>Reads the value of an <c>a=group</c> attribute.</summary>
    /// <param name="value">The text after <c>a=group:</c>.</param>
    /// <param name="group">The result.</param>
    /// <returns><see langword="false"/> when the value is malformed.</returns>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpGroup? group)
    {
        group = null;
        if (value is null)
        {
            return false;
        }

        var parts = value.Split(' ');
        foreach (var part in parts)
        {
            if (!SdpText.IsToken(part))
            {
                return false;
            }
        }

        group = new SdpGroup(parts[0], parts.Skip(1));
        return true;
    }

    /// <summary>Reads an <c>a=group</c> attribute.</summary>
    /// <param name="attribute">The attribute.</param>
    /// <returns>The group.</returns>
    /// <exception cref="SdpParseException">The value is malformed.</exception>
    /// <exception cref="ArgumentException">The attribute is not a=group.</exception>
    public static SdpGroup Parse(SdpAttribute attribute) =>
        TryParse(SdpAttributeValue.Require(attribute, SdpNames.Group), out var group)
            ? group
            : throw SdpAttributeValue.Invalid(attribute, "expected <semantics> *(SP <tag>)");

    /// <summary>The attribute for this group.</summary>
    /// <returns>A new <c>a=group</c> attribute.</returns>
    public SdpAttribute ToAttribute() =>
        new(SdpNames.Group, Tags.Count == 0 ? Semantics : $"{Semantics} {string.Join(' ', Tags)}");

    /// <inheritdoc/>
    public bool Equals(SdpGroup? other) =>
        other is not null && string.Equals(Semantics, other.Semantics, StringComparison.Ordinal) && Tags.SequenceEqual(other.Tags, StringComparer.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Semantics, Tags.Count);
}
