using System.Net;
using UcStack.Sip.Transport;

namespace UcStack.Client;

/// <summary>Who the client is and which server it talks to. The defaults match the sample server's demo set-up.</summary>
internal sealed record ClientSettings
{
    /// <summary>The user name (also the digest user name).</summary>
    public string User { get; init; } = "alice";

    /// <summary>The digest password.</summary>
    public string Password { get; init; } = "alicepass";

    /// <summary>The SIP domain (and the name the server's TLS certificate must carry).</summary>
    public string Domain { get; init; } = "example.org";

    /// <summary>The server's SIP address; its port defaults by transport (5061 TLS, 5060 otherwise).</summary>
    public IPEndPoint Server { get; init; } = new(IPAddress.Loopback, 5061);

    /// <summary>How requests reach the server.</summary>
    public SipTransportProtocol Transport { get; init; } = SipTransportProtocol.Tls;

    /// <summary>A certificate file (PKCS#12 or PEM/DER) the server's TLS certificate must equal; the server's
    /// development certificate on this machine when null.</summary>
    public string? TrustedCertificate { get; init; }

    /// <summary>The address of record, <c>sip:user@domain</c>.</summary>
    public string AddressOfRecord => $"sip:{User}@{Domain}";

    /// <summary>The address of record of another user of the same domain (a bare name is completed).</summary>
    public string UriOf(string user) => user.Contains(':', StringComparison.Ordinal) ? user : $"sip:{user}@{Domain}";

    /// <summary>Where the sample server keeps its self-signed development certificate (see docs/server.md).</summary>
    public static string DevelopmentCertificatePath
    {
        get
        {
            var folder = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            if (string.IsNullOrEmpty(folder)) folder = Path.GetTempPath();
            return Path.Combine(folder, "ucstack", "server-development.pfx");
        }
    }
}
