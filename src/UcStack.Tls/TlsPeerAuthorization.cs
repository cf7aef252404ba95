using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;

namespace UcStack.Tls;

/// <summary>
/// An allow list of peer FQDNs for server-to-server links: a peer whose certificate is trusted is
/// accepted only if one of its DNS names is on the list.
/// </summary>
/// <remarks>
/// <para>Entries are exact names (<c>edge1.contoso.com</c>) or wildcards (<c>*.contoso.com</c>, matching
/// exactly one more label: <c>edge1.contoso.com</c> but neither <c>contoso.com</c> nor
/// <c>a.b.contoso.com</c>, as RFC 6125 §6.4.3 restricts wildcards). Matching is case-insensitive and
/// IDN-normalised (U-labels and A-labels are the same name); a trailing dot is ignored.</para>
/// <para>The certificate's names are its subjectAltName dNSName entries, or its subject common name when
/// it has no dNSName (RFC 6125 §6.4.4). Wildcard names in the certificate never authorize a peer: a
/// certificate for <c>*.contoso.com</c> does not say which host presented it.</para>
/// <para>Immutable; safe to share between threads and connections.</para>
/// </remarks>
public sealed class TlsPeerAuthorization
{
    private readonly HashSet<string> _exact = new(StringComparer.Ordinal);
    private readonly HashSet<string> _wildcardParents = new(StringComparer.Ordinal);
    private readonly List<string> _allowedNames = [];

    /// <summary>Creates an allow list.</summary>
    /// <param name="allowedNames">Exact FQDNs and <c>*.domain</c> wildcards.</param>
    /// <exception cref="ArgumentNullException"><paramref name="allowedNames"/> is null.</exception>
    /// <exception cref="ArgumentException">An entry is not a valid host name or wildcard; the message names it.</exception>
    public TlsPeerAuthorization(IEnumerable<string> allowedNames)
    {
        ArgumentNullException.ThrowIfNull(allowedNames);
        foreach (var entry in allowedNames)
        {
            if (!TlsDnsName.TryNormalize(entry, allowWildcard: true, out var normalized, out var problem))
            {
                throw new ArgumentException($"Allow-list entry '{entry}' is refused: {problem}.", nameof(allowedNames));
            }

            var added = normalized.StartsWith("*.", StringComparison.Ordinal)
                ? _wildcardParents.Add(normalized[2..])
                : _exact.Add(normalized);
            if (added)
            {
                _allowedNames.Add(normalized);
            }
        }
    }

    /// <summary>The entries in normalised form (lower-case A-labels), duplicates removed, in the order given.</summary>
    public IReadOnlyList<string> AllowedNames => _allowedNames;

    /// <summary>Whether <paramref name="dnsName"/> is on the list.</summary>
    /// <param name="dnsName">A host name; a wildcard or an invalid name is never allowed.</param>
    /// <returns>True if an exact entry or a wildcard entry matches.</returns>
    public bool IsAllowed(string dnsName)
    {
        return TlsDnsName.TryNormalize(dnsName, allowWildcard: false, out var normalized, out _) && IsAllowedNormalized(normalized);
    }

    /// <summary>Finds the first DNS name of <paramref name="certificate"/> that the list allows.</summary>
    /// <param name="certificate">The peer's certificate, already validated for trust.</param>
    /// <param name="peerName">The matching name as the certificate spells it, normalised; null when none matches.</param>
    /// <returns>True if the peer is authorized.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="certificate"/> is null.</exception>
    public bool TryAuthorize(X509Certificate2 certificate, [NotNullWhen(true)] out string? peerName)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        foreach (var name in TlsCertificateNames.GetDnsNames(certificate))
        {
            if (TlsDnsName.TryNormalize(name, allowWildcard: false, out var normalized, out _) && IsAllowedNormalized(normalized))
            {
                peerName = normalized;
                return true;
            }
        }

        peerName = null;
        return false;
    }

    private bool IsAllowedNormalized(string normalized)
    {
        if (_exact.Contains(normalized))
        {
            return true;
        }

        // RFC 6125 §6.4.3: the wildcard stands for exactly one whole left-most label.
        var firstDot = normalized.IndexOf('.', StringComparison.Ordinal);
        return firstDot > 0 && _wildcardParents.Contains(normalized[(firstDot + 1)..]);
    }
}
