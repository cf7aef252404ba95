using System.Diagnostics.CodeAnalysis;

namespace UcStack.Sip.Registrar;

/// <summary>Canonical addresses of record: the form bindings are stored and looked up under.</summary>
public static class SipAddressOfRecord
{
    /// <summary>The canonical address of record of a URI (RFC 3261 §10.3 step 5: the To URI converted to
    /// <c>sip:user@domain</c>, with the port, parameters and headers removed and the host lower-cased; a
    /// <c>sips</c> URI maps to the same address of record). The user part stays case-sensitive (§19.1.4).</summary>
    /// <param name="uri">A SIP or SIPS URI with a user part.</param>
    /// <param name="addressOfRecord">The canonical form.</param>
    /// <returns><see langword="false"/> for a URI without a user part or of another scheme.</returns>
    public static bool TryCanonicalize(AddressUri? uri, [NotNullWhen(true)] out string? addressOfRecord)
    {
        addressOfRecord = null;
        if (uri is not SipUri { EscapedUser: { Length: > 0 } user } sip) return false;
        addressOfRecord = string.Concat("sip:", user, "@", sip.Host.ToLowerInvariant());
        return true;
    }

    /// <summary>The user part of a canonical address of record (unescaped), or <see langword="null"/>.</summary>
    /// <param name="uri">A SIP or SIPS URI.</param>
    /// <returns>The user, or <see langword="null"/> when there is none.</returns>
    public static string? UserOf(AddressUri? uri) => uri is SipUri { User: { Length: > 0 } user } ? user : null;

    /// <summary>Whether a URI's host is one of <paramref name="domains"/> (compared case-insensitively, §19.1.4).</summary>
    /// <param name="uri">The URI.</param>
    /// <param name="domains">The domains served.</param>
    /// <returns><see langword="true"/> when the host is served.</returns>
    public static bool IsInDomain(AddressUri? uri, IReadOnlyCollection<string> domains)
    {
        ArgumentNullException.ThrowIfNull(domains);
        if (uri is not SipUri sip) return false;
        foreach (var domain in domains)
        {
            if (string.Equals(sip.Host, domain, StringComparison.OrdinalIgnoreCase)) return true;
        }

        return false;
    }
}
