using UcStack.Stun;

namespace UcStack.Turn.Server;

/// <summary>
/// Supplies the long-term credential key (RFC 8489 §9.2.2) of a user in a realm. Called on the server's
/// request path for every authenticated request, so it must be fast and must not block.
/// </summary>
public interface ITurnCredentialStore
{
    /// <summary>Finds the key of <paramref name="username"/> in <paramref name="realm"/>.</summary>
    /// <param name="username">The USERNAME value as sent.</param>
    /// <param name="realm">The realm.</param>
    /// <returns>The key, owned by the store (the server never disposes it), or null for an unknown user.</returns>
    StunIntegrityKey? FindKey(string username, string realm);
}
