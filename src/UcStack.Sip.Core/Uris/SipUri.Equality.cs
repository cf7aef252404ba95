namespace UcStack.Sip;

public sealed partial class SipUri
{
    /// <summary>URI parameters that must match even when only one URI has them (RFC 3261 §19.1.4).</summary>
    private static readonly string[] AlwaysCompared = ["user", "ttl", "method", "maddr", "transport"];

    /// <summary>
    /// RFC 3261 §19.1.4 equivalence: scheme, user, password, host and port must match (userinfo
    /// case-sensitively, the rest case-insensitively; an omitted port never equals an explicit one);
    /// escaped and unescaped forms of unreserved characters are equal; parameters present in both must
    /// match, and <c>user</c>, <c>ttl</c>, <c>method</c>, <c>maddr</c> and <c>transport</c> must match even when only
    /// one URI has them; every header must be present in both. As the RFC notes, this relation is not
    /// transitive.
    /// </summary>
    /// <param name="other">The other URI.</param>
    public override bool Equals(AddressUri? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is not SipUri o) return false;
        if (IsSecure != o.IsSecure || Port != o.Port || HostKind != o.HostKind) return false;
        if (!string.Equals(HostKey, o.HostKey, StringComparison.Ordinal)) return false;

        // "Comparison of the userinfo of SIP and SIPS URIs is case-sensitive."
        if (!UriEscaping.EscapedEquals(EscapedUser, o.EscapedUser, ignoreCase: false)) return false;
        if (!UriEscaping.EscapedEquals(EscapedPassword, o.EscapedPassword, ignoreCase: false)) return false;
        if (!ParametersMatch(Parameters, o.Parameters) || !ParametersMatch(o.Parameters, Parameters)) return false;
        return HeadersContained(Headers, o.Headers) && HeadersContained(o.Headers, Headers);
    }

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(IsSecure);
        hash.Add(Port);
        hash.Add(HostKey, StringComparer.Ordinal);
        hash.Add(UriEscaping.EscapedHash(EscapedUser, ignoreCase: false));
        hash.Add(UriEscaping.EscapedHash(EscapedPassword, ignoreCase: false));
        foreach (var name in AlwaysCompared)
        {
            // These take part in every comparison, so they can take part in the hash; other parameters
            // are ignored when only one side has them and must stay out of it.
            var i = Parameters.IndexOf(name);
            hash.Add(i < 0 ? -1 : UriEscaping.EscapedHash(Parameters[i].Value, ignoreCase: true));
        }

        var headers = 0;
        for (var i = 0; i < Headers.Count; i++)
        {
            headers |= UriEscaping.EscapedHash(Headers[i].Name, ignoreCase: true);
        }

        hash.Add(headers);
        return hash.ToHashCode();
    }

    private static bool ParametersMatch(SipParameters a, SipParameters b)
    {
        for (var i = 0; i < a.Count; i++)
        {
            var p = a[i];
            var j = b.IndexOf(p.Name);
            if (j < 0)
            {
                if (IsAlwaysCompared(p.Name)) return false;
                continue;
            }

            // "Comparison of all other components of the URI is case-insensitive."
            if (!UriEscaping.EscapedEquals(p.Value, b[j].Value, ignoreCase: true)) return false;
        }

        return true;
    }

    private static bool IsAlwaysCompared(string rawName)
    {
        foreach (var name in AlwaysCompared)
        {
            if (UriEscaping.EscapedEquals(rawName, name, ignoreCase: true)) return true;
        }

        return false;
    }

    /// <summary>
    /// "Any present header component MUST be present in both URIs and match": names compare
    /// case-insensitively; values compare case-sensitively after unescaping, because the per-header
    /// rules of RFC 3261 §20 are mostly case-sensitive (URIs, quoted text) and we cannot know them all.
    /// </summary>
    private static bool HeadersContained(SipUriHeaders a, SipUriHeaders b)
    {
        for (var i = 0; i < a.Count; i++)
        {
            var h = a[i];
            var found = false;
            for (var j = 0; j < b.Count; j++)
            {
                var k = b[j];
                if (UriEscaping.EscapedEquals(h.Name, k.Name, ignoreCase: true) && UriEscaping.EscapedEquals(h.Value, k.Value, ignoreCase: false))
                {
                    found = true;
                    break;
                }
            }

            if (!found) return false;
        }

        return true;
    }
}
