namespace UcStack.Server.Web;

/// <summary>
/// The <c>Server:Https</c> section: where the HTTPS services listen, their certificate, the distribution groups
/// and the size limits. Users, realm and digest algorithms come from <c>Server:Sip</c>, so one user file serves
/// both (see docs/https.md).
/// </summary>
internal sealed class HttpsServiceOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Server:Https";

    /// <summary>The address the HTTPS listener binds to.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The port; 0 picks a free one, -1 turns the HTTPS services off.</summary>
    public int Port { get; set; } = 8443;

    /// <summary>A PKCS#12 certificate for HTTPS; when empty, the SIP TLS certificate (<c>Server:Sip:CertificateFile</c>,
    /// else the shared self-signed development certificate).</summary>
    public string? CertificateFile { get; set; }

    /// <summary>The certificate file's password, if any.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Distribution groups: name → members (user names, <c>sip:</c> URIs, or <c>group:&lt;name&gt;</c> for a
    /// nested group), e.g. <c>--Server:Https:Groups:sales:0=alice</c>.</summary>
    public Dictionary<string, List<string>> Groups { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A JSON file of more groups (<c>{ "sales": ["alice", "group:support"] }</c>), read at start.</summary>
    public string? GroupsFile { get; set; }

    /// <summary>Offer <c>Basic</c> next to <c>Digest</c> (the listener is TLS-only, so the password is not sent in clear).</summary>
    public bool AllowBasic { get; set; } = true;

    /// <summary>The most address book entries one search returns.</summary>
    public int MaxSearchResults { get; set; } = 50;

    /// <summary>The largest request body accepted (the C3P binding's limit too).</summary>
    public int MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Checks the values, naming the key at fault.</summary>
    /// <exception cref="InvalidOperationException">A value is out of range.</exception>
    public void Validate()
    {
        if (!System.Net.IPAddress.TryParse(Address, out _)) throw Invalid(nameof(Address), "must be an IP address such as 127.0.0.1");
        if (Port is < -1 or > 65535) throw Invalid(nameof(Port), "must be -1 (off), 0 (any) or a port number");
        if (MaxSearchResults is < 1 or > 1000) throw Invalid(nameof(MaxSearchResults), "must be 1 to 1000");
        if (MaxRequestBodyBytes is < 1024 or > 16 << 20) throw Invalid(nameof(MaxRequestBodyBytes), "must be 1 KiB to 16 MiB");
    }

    private static InvalidOperationException Invalid(string key, string what) => new($"{SectionName}:{key} {what}.");
}
