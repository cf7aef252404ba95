namespace UcStack.Sip.Registrar;

/// <summary>The users of a domain and their digest secrets: what the registrar, proxy and presence server
/// authenticate against and use to tell a known user (404 for others) from an unknown one.</summary>
public interface ISipUserStore
{
    /// <summary>Whether a user exists.</summary>
    /// <param name="username">The user name (the user part of the address of record).</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns><see langword="true"/> when the user exists.</returns>
    ValueTask<bool> ExistsAsync(string username, CancellationToken cancellationToken = default);

    /// <summary>The digest secret of a user for a realm (the <see cref="DigestSecretLookup"/> shape).</summary>
    /// <param name="username">The user name.</param>
    /// <param name="realm">The realm.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The secret, or <see langword="null"/> for an unknown user.</returns>
    ValueTask<DigestSecret?> FindSecretAsync(string username, string realm, CancellationToken cancellationToken = default);
}
