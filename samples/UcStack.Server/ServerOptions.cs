namespace UcStack.Server;

/// <summary>
/// The server's configuration, bound from the <c>Server</c> section (command line
/// <c>--Server:Sip:Domain=example.net</c>, or a JSON file given with <c>--config</c>). One section per part; the
/// HTTPS services bind their own <c>Server:Https</c> section.
/// </summary>
internal sealed class ServerOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Server";

    /// <summary>The SIP part: registrar, proxy, presence and IM.</summary>
    public SipServerOptions Sip { get; set; } = new();

    /// <summary>The TURN relay and its MRAS-style credentials service.</summary>
    public TurnRelayOptions Turn { get; set; } = new();

    /// <summary>The C3P focus factory, focus and MCUs.</summary>
    public ConferenceOptions Conference { get; set; } = new();

    /// <summary>The Psom server for meeting content.</summary>
    public PsomOptions Psom { get; set; } = new();

    /// <summary>The mutual-TLS listener for server-to-server links.</summary>
    public FederationOptions Federation { get; set; } = new();
}

/// <summary>The <c>Server:Sip</c> section.</summary>
internal sealed class SipServerOptions
{
    /// <summary>The domain served and digest realm.</summary>
    public string Domain { get; set; } = "example.org";

    /// <summary>The address the SIP listeners bind to.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The UDP port; 0 picks a free one, -1 turns UDP off.</summary>
    public int UdpPort { get; set; } = 5060;

    /// <summary>The TCP port; 0 picks a free one, -1 turns TCP off.</summary>
    public int TcpPort { get; set; } = 5060;

    /// <summary>The TLS port; 0 picks a free one, -1 turns TLS off.</summary>
    public int TlsPort { get; set; } = 5061;

    /// <summary>The user file (one <c>user:password</c> or <c>user:ha1:&lt;hex&gt;</c> per line); the demo users
    /// alice/alicepass and bob/bobpass when empty.</summary>
    public string? UsersFile { get; set; }

    /// <summary>The TLS certificate (PKCS#12). When empty, a self-signed development certificate is made on first
    /// run and kept under the user's local application data.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>The certificate file's password, if any.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The digest algorithms offered, comma-separated (<c>SHA-256, MD5</c> by default; <c>MD5</c> for
    /// clients that only answer MD5 and read only the first challenge).</summary>
    public string DigestAlgorithms { get; set; } = "SHA-256, MD5";

    /// <summary>Accept requests from the UDP source a user registered from without a new challenge (see
    /// docs/server.md; UDP sources can be forged).</summary>
    public bool TrustRegisteredUdpSources { get; set; }

    /// <summary>The most SIP transactions in flight at once (finished UDP transactions linger 32 s, RFC 3261 §17);
    /// past it requests get 503 with Retry-After. 10,000 by default, which caps UDP at about 300 requests/s.</summary>
    public int MaxTransactions { get; set; } = 10_000;
}
