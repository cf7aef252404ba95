namespace UcStack.Server;

/// <summary>The <c>Server:Federation</c> section: the mutual-TLS SIP listener for server-to-server links.</summary>
internal sealed class FederationOptions
{
    /// <summary>Whether the listener runs.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The address it binds to.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The TLS port; 0 picks a free one, -1 turns the listener off (as <see cref="Enabled"/> = false does).</summary>
    public int Port { get; set; } = 5062;

    /// <summary>The peers allowed: exact FQDNs or <c>*.domain</c> wildcards that a peer certificate must name.
    /// Empty refuses every peer.</summary>
    public List<string> AllowedPeers { get; set; } = [];

    /// <summary>Extra trust anchors for peer certificates (PEM or DER files), e.g. a private CA or a peer's self-signed
    /// certificate; the system store is trusted too.</summary>
    public List<string> TrustedRootFiles { get; set; } = [];
}
