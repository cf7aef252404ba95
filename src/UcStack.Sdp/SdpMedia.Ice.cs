namespace UcStack.Sdp;

/// <summary>Typed accessors for the ICE attributes of a media section (RFC 8839, [MS-ICE2], [MS-ICE]).</summary>
public sealed partial class SdpMedia
{
    /// <summary><c>a=ice-ufrag</c> of this section, or <see langword="null"/>.</summary>
    /// <exception cref="SdpParseException">The value is not 4..256 ice-chars (RFC 8839 §5.4).</exception>
    /// <exception cref="ArgumentException">Set to a value that is not 4..256 ice-chars.</exception>
    public string? IceUfrag
    {
        get => SdpIceAccess.GetCredential(Attributes, SdpNames.IceUfrag, 4);
        set => SdpIceAccess.SetCredential(Attributes, SdpNames.IceUfrag, value, 4);
    }

    /// <summary><c>a=ice-pwd</c> of this section, or <see langword="null"/>.</summary>
    /// <exception cref="SdpParseException">The value is not 22..256 ice-chars (RFC 8839 §5.4).</exception>
    /// <exception cref="ArgumentException">Set to a value that is not 22..256 ice-chars.</exception>
    public string? IcePwd
    {
        get => SdpIceAccess.GetCredential(Attributes, SdpNames.IcePwd, 22);
        set => SdpIceAccess.SetCredential(Attributes, SdpNames.IcePwd, value, 22);
    }

    /// <summary>The tokens of <c>a=ice-options</c> (RFC 8839 §5.6) at this level; empty when absent.</summary>
    /// <exception cref="SdpParseException">The value is malformed.</exception>
    public IReadOnlyList<string> IceOptions => SdpIceAccess.GetOptions(Attributes);

    /// <summary>Whether <c>a=end-of-candidates</c> (RFC 8840 §8.2) is present.</summary>
    public bool EndOfCandidates
    {
        get => Attributes.Contains(SdpNames.EndOfCandidates);
        set => ReplaceOrRemove(SdpNames.EndOfCandidates, value ? new SdpAttribute(SdpNames.EndOfCandidates) : null);
    }

    /// <summary>
    /// The candidates of this section in order: <c>a=candidate</c> lines (RFC 8839 / ICE-19 form) and
    /// <c>a=x-candidate-ipv6</c> lines (each remembers its attribute name).
    /// </summary>
    /// <returns>The candidates.</returns>
    /// <exception cref="SdpParseException">A candidate line is malformed or in the ICE-6 form (read those with <see cref="GetIce6Candidates"/>).</exception>
    public IReadOnlyList<SdpCandidate> GetCandidates()
    {
        var result = new List<SdpCandidate>();
        foreach (var attribute in Attributes)
        {
            if (attribute.Is(SdpNames.Candidate) || attribute.Is(SdpNames.XCandidateIpv6))
            {
                result.Add(SdpCandidate.Parse(attribute));
            }
        }

        return result;
    }

    /// <summary>The <c>a=candidate</c> lines in the older [MS-ICE] ICE-6 form, in order.</summary>
    /// <returns>The candidates.</returns>
    /// <exception cref="SdpParseException">An a=candidate line is not in the ICE-6 form.</exception>
    public IReadOnlyList<SdpIce6Candidate> GetIce6Candidates() =>
        Attributes.FindAll(SdpNames.Candidate).Select(SdpIce6Candidate.Parse).ToArray();

    /// <summary>Whether the candidate lines of this section use the ICE-6 form (judged by the first a=candidate).</summary>
    public bool UsesIce6Candidates => Attributes.Find(SdpNames.Candidate) is { } first && SdpIce6Candidate.IsIce6Form(first.Value);

    /// <summary>The entries of <c>a=remote-candidates</c> (RFC 8839 §5.2), or an empty list.</summary>
    /// <returns>The remote candidates.</returns>
    /// <exception cref="SdpParseException">The value is not a list of &lt;component&gt; &lt;address&gt; &lt;port&gt; triples.</exception>
    public IReadOnlyList<SdpRemoteCandidate> GetRemoteCandidates()
    {
        if (Attributes.Find(SdpNames.RemoteCandidates) is not { } attribute)
        {
            return [];
        }

        var parts = SdpAttributeValue.Require(attribute, SdpNames.RemoteCandidates).Split(' ');
        if (parts.Length % 3 != 0)
        {
            throw SdpAttributeValue.Invalid(attribute, "expected <component> <address> <port> triples");
        }

        var result = new List<SdpRemoteCandidate>(parts.Length / 3);
        for (var i = 0; i < parts.Length; i += 3)
        {
            if (!SdpAttributeValue.TryParseInt(parts[i], 1, 256, out var component)
                || !SdpText.IsNonWhitespace(parts[i + 1])
                || !SdpAttributeValue.TryParseInt(parts[i + 2], 0, 65535, out var port))
            {
                throw SdpAttributeValue.Invalid(attribute, "expected <component> <address> <port> triples");
            }

            result.Add(new SdpRemoteCandidate(component, parts[i + 1], port));
        }

        return result;
    }

    /// <summary>Appends a candidate line (named by the candidate's <see cref="SdpCandidate.AttributeName"/>).</summary>
    /// <param name="candidate">The candidate.</param>
    /// <exception cref="ArgumentException">The candidate cannot be written.</exception>
    public void AddCandidate(SdpCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        Attributes.Add(candidate.ToAttribute());
    }
}

/// <summary>ICE attribute helpers shared by sessions and media sections.</summary>
internal static class SdpIceAccess
{
    private const int MaxCredentialLength = 256;

    public static string? GetCredential(SdpAttributeList attributes, string name, int minLength)
    {
        if (attributes.Find(name) is not { } attribute)
        {
            return null;
        }

        var value = SdpAttributeValue.Require(attribute, name);
        return IsCredential(value, minLength)
            ? value
            : throw SdpAttributeValue.Invalid(attribute, $"must be {minLength}..{MaxCredentialLength} ice-chars (RFC 8839 §5.4)");
    }

    public static void SetCredential(SdpAttributeList attributes, string name, string? value, int minLength)
    {
        if (value is null)
        {
            attributes.RemoveAll(name);
            return;
        }

        if (!IsCredential(value, minLength))
        {
            throw new ArgumentException($"a={name} must be {minLength}..{MaxCredentialLength} ice-chars (RFC 8839 §5.4).", nameof(value));
        }

        attributes.Replace(name, new SdpAttribute(name, value));
    }

    public static IReadOnlyList<string> GetOptions(SdpAttributeList attributes)
    {
        if (attributes.Find(SdpNames.IceOptions) is not { } attribute)
        {
            return [];
        }

        var parts = SdpAttributeValue.Require(attribute, SdpNames.IceOptions).Split(' ');
        foreach (var part in parts)
        {
            if (!SdpText.IsToken(part))
            {
                throw SdpAttributeValue.Invalid(attribute, "ice-option-tags are tokens separated by one space");
            }
        }

        return parts;
    }

    private static bool IsCredential(string value, int minLength) =>
        value.Length >= minLength && value.Length <= MaxCredentialLength && SdpCandidate.IsIceChars(value);
}
