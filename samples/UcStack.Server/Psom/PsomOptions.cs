namespace UcStack.Server;

/// <summary>The <c>Server:Psom</c> section: the Psom server (meeting content over TLS) and its admission tokens.</summary>
internal sealed class PsomOptions
{
    /// <summary>Whether the Psom server runs.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The address the Psom TLS listener binds to.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The TCP port; 0 picks a free one.</summary>
    public int Port { get; set; } = 8057;

    /// <summary>The host name written into the Psom URL the focus hands out; <see cref="Address"/> when empty.</summary>
    public string? PublicHostName { get; set; }

    /// <summary>The admission-token key shared by the focus and the Psom server, base64 (at least 32 bytes); a
    /// random key per process when empty (tokens then die with the process, which suits one process).</summary>
    public string? AdmissionKey { get; set; }

    /// <summary>How long an admission token from the focus stays valid, in minutes.</summary>
    public int TokenMinutes { get; set; } = 60;

    /// <summary>Where persistent objects are kept (one file per conference); in memory only when empty.</summary>
    public string? StoreDirectory { get; set; }

    /// <summary>The HTTPS prefix content download URLs start with (served by the HTTPS part).</summary>
    public string ContentBaseUri { get; set; } = "https://127.0.0.1:8443/content/";
}
