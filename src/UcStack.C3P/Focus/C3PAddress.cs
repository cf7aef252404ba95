using System.Diagnostics.CodeAnalysis;

namespace UcStack.C3P;

/// <summary>What a conferencing URI addresses.</summary>
public enum C3PAddressKind
{
    /// <summary>The focus factory (<c>opaque=app:conf:focusfactory</c>): provisioning.</summary>
    FocusFactory = 1,

    /// <summary>A conference's focus (<c>opaque=app:conf:focus:id:ID</c>).</summary>
    Focus,

    /// <summary>One of a conference's MCUs (<c>opaque=app:conf:TYPE:id:ID</c>).</summary>
    Mcu,
}

/// <summary>
/// A parsed conferencing URI: the user part (focus factory owner or organizer) and the <c>opaque</c> parameter that
/// names the focus factory, a focus, or an MCU of a conference (digest §1). The MCU URIs are virtual: they route to
/// the focus server.
/// </summary>
/// <param name="Kind">What the URI addresses.</param>
/// <param name="UserUri">The URI without parameters, e.g. <c>sip:ann@example.org</c>.</param>
/// <param name="ConferenceId">The conference id (focus and MCU URIs), otherwise <see langword="null"/>.</param>
/// <param name="McuType">The MCU type (MCU URIs), e.g. <c>chat</c>, otherwise <see langword="null"/>.</param>
public sealed record C3PAddress(C3PAddressKind Kind, string UserUri, string? ConferenceId = null, string? McuType = null)
{
    private const string OpaquePrefix = "opaque=app:conf:";
    private const string FocusFactoryName = "focusfactory";
    private const string FocusName = "focus";
    private const int MaxUriLength = 1024;

    /// <summary>The focus factory URI of a user.</summary>
    /// <param name="userUri">The user's URI without parameters.</param>
    /// <returns>The URI.</returns>
    /// <exception cref="ArgumentException"><paramref name="userUri"/> is empty or has parameters.</exception>
    public static string FocusFactory(string userUri) => Check(userUri) + ";gruu;" + OpaquePrefix + FocusFactoryName;

    /// <summary>The focus URI of a conference.</summary>
    /// <param name="organizerUri">The organizer's URI without parameters.</param>
    /// <param name="conferenceId">The conference id.</param>
    /// <returns>The URI.</returns>
    /// <exception cref="ArgumentException">A part is empty or not allowed.</exception>
    public static string Focus(string organizerUri, string conferenceId) => Mcu(organizerUri, FocusName, conferenceId);

    /// <summary>The (virtual) URI of one of a conference's MCUs.</summary>
    /// <param name="organizerUri">The organizer's URI without parameters.</param>
    /// <param name="mcuType">The MCU type, e.g. <c>chat</c>.</param>
    /// <param name="conferenceId">The conference id.</param>
    /// <returns>The URI.</returns>
    /// <exception cref="ArgumentException">A part is empty or not allowed.</exception>
    public static string Mcu(string organizerUri, string mcuType, string conferenceId)
    {
        if (!IsToken(mcuType) || mcuType == FocusFactoryName) throw new ArgumentException("not an MCU type token", nameof(mcuType));
        if (!IsConferenceId(conferenceId)) throw new ArgumentException("a conference id is 1-64 letters and digits", nameof(conferenceId));
        return Check(organizerUri) + ";gruu;" + OpaquePrefix + mcuType + ":id:" + conferenceId;
    }

    /// <summary>The URI this address stands for (the form <see cref="FocusFactory"/>, <see cref="Focus"/> and
    /// <see cref="Mcu(string, string, string)"/> build).</summary>
    /// <returns>The URI.</returns>
    public override string ToString() => Kind switch
    {
        C3PAddressKind.FocusFactory => FocusFactory(UserUri),
        C3PAddressKind.Focus => Focus(UserUri, ConferenceId!),
        _ => Mcu(UserUri, McuType!, ConferenceId!),
    };

    /// <summary>Parses a conferencing URI (optionally in angle brackets); other parameters are ignored.</summary>
    /// <param name="uri">The URI.</param>
    /// <param name="address">The address, when this returns <see langword="true"/>.</param>
    /// <returns>Whether <paramref name="uri"/> is a focus factory, focus or MCU URI.</returns>
    public static bool TryParse(string? uri, [NotNullWhen(true)] out C3PAddress? address)
    {
        address = null;
        if (string.IsNullOrEmpty(uri) || uri.Length > MaxUriLength) return false;
        var text = uri.AsSpan().Trim();
        if (text.Length > 1 && text[0] == '<' && text[^1] == '>') text = text[1..^1];
        var semicolon = text.IndexOf(';');
        if (semicolon <= 0) return false;
        var user = text[..semicolon].ToString();
        if (!IsUserUri(user)) return false;

        // The opaque parameter carries what the URI names; other parameters (gruu, transport...) do not matter here.
        var parameters = text[(semicolon + 1)..];
        while (!parameters.IsEmpty)
        {
            var end = parameters.IndexOf(';');
            var parameter = end < 0 ? parameters : parameters[..end];
            parameters = end < 0 ? default : parameters[(end + 1)..];
            if (!parameter.StartsWith(OpaquePrefix, StringComparison.OrdinalIgnoreCase)) continue;
            var value = parameter[OpaquePrefix.Length..];
            if (value.Equals(FocusFactoryName, StringComparison.OrdinalIgnoreCase))
            {
                address = new C3PAddress(C3PAddressKind.FocusFactory, user);
                return true;
            }

            var marker = value.IndexOf(":id:", StringComparison.OrdinalIgnoreCase);
            if (marker <= 0) return false;
            var type = value[..marker].ToString();
            var id = value[(marker + 4)..].ToString();
            if (!IsToken(type) || !IsConferenceId(id)) return false;
            address = type.Equals(FocusName, StringComparison.OrdinalIgnoreCase)
                ? new C3PAddress(C3PAddressKind.Focus, user, id)
                : new C3PAddress(C3PAddressKind.Mcu, user, id, type.ToLowerInvariant());
            return true;
        }

        return false;
    }

    /// <summary>Whether two URIs name the same resource, compared as this library writes them (case-insensitive,
    /// angle brackets ignored).</summary>
    /// <param name="a">A URI.</param>
    /// <param name="b">Another URI.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool SameUri(string? a, string? b)
    {
        if (a is null || b is null) return false;
        static ReadOnlySpan<char> Strip(string s)
        {
            var t = s.AsSpan().Trim();
            return t.Length > 1 && t[0] == '<' && t[^1] == '>' ? t[1..^1] : t;
        }

        return Strip(a).Equals(Strip(b), StringComparison.OrdinalIgnoreCase);
    }

    internal static bool IsConferenceId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 64) return false;
        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c)) return false;
        }

        return true;
    }

    private static bool IsToken(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 64) return false;
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_' && c != '.') return false;
        }

        return true;
    }

    private static bool IsUserUri(string uri) =>
        uri.Length > 4 && (uri.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("sips:", StringComparison.OrdinalIgnoreCase))
        && uri.IndexOfAny([';', '<', '>', '?', ' ']) < 0;

    private static string Check(string userUri)
    {
        ArgumentException.ThrowIfNullOrEmpty(userUri);
        if (!IsUserUri(userUri)) throw new ArgumentException("a sip: or sips: URI without parameters is expected", nameof(userUri));
        return userUri;
    }
}
