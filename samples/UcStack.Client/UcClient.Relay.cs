using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using UcStack.Client.Media;
using UcStack.Ice;

namespace UcStack.Client;

/// <summary>TURN credentials handed out by the server.</summary>
/// <param name="Relay">The relay's UDP address.</param>
/// <param name="Username">The short-lived user name.</param>
/// <param name="Password">The password for it.</param>
/// <param name="Lifetime">How long they are valid.</param>
internal sealed record RelayCredentials(IPEndPoint Relay, string Username, string Password, TimeSpan Lifetime)
{
    /// <summary>Never prints the password.</summary>
    public override string ToString() => FormattableString.Invariant($"{Relay} user={Username} valid={Lifetime.TotalMinutes:F0}min");
}

internal sealed partial class UcClient
{
    /// <summary>The MRAS body's media type ([MS-AVEDGEA]).</summary>
    public const string MrasContentType = "application/msrtc-media-relay-auth+xml";

    private const string MrasNamespace = "http://schemas.microsoft.com/2006/09/sip/mrasp";
    private const int MaxMrasResponseBytes = 16 * 1024;

    /// <summary>
    /// Asks the server for TURN credentials with a SIP SERVICE shaped like the MRAS exchange ([MS-AVEDGEA]; see
    /// shared/specs/ms-extensions.md §3), then makes calls gather relayed candidates only through that relay.
    /// </summary>
    /// <exception cref="FeatureUnavailableException">The server does not hand out relay credentials.</exception>
    /// <exception cref="InvalidOperationException">The answer cannot be read.</exception>
    public async Task<RelayCredentials> RequestRelayAsync(CancellationToken cancellationToken = default)
    {
        var requestId = RandomNumberGenerator.GetInt32(int.MaxValue).ToString(CultureInfo.InvariantCulture);
        XNamespace ns = MrasNamespace;
        var body = new XDocument(new XElement(ns + "request",
            new XAttribute("requestID", requestId),
            new XAttribute("version", "1.0"),
            new XAttribute("from", Settings.AddressOfRecord),
            new XAttribute("to", MrasUri),
            new XElement(ns + "credentialsRequest",
                new XAttribute("credentialsRequestID", requestId),
                new XElement(ns + "identity", Settings.AddressOfRecord),
                new XElement(ns + "location", "internet"),
                new XElement(ns + "duration", "480"))));
        var request = Endpoint.CreateRequest("SERVICE", MrasUri, MrasUri, ServerTarget.Protocol)
            .SetBody(Encoding.UTF8.GetBytes(body.ToString(SaveOptions.DisableFormatting)), MrasContentType)
            .Build();
        using var response = await Endpoint.SendRequestAsync(request, ServerTarget, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (>= 200 and < 300))
        {
            throw new FeatureUnavailableException($"SERVICE for relay credentials (MRAS) answered {response.StatusCode} {response.ReasonPhrase}");
        }

        var credentials = ParseMrasResponse(response.Body.Span);
        Media = new MediaSettings([credentials.Relay], [new IceTurnServer(credentials.Relay, credentials.Username, credentials.Password)], RelayOnly: true);
        return credentials;
    }

    /// <summary>Where the MRAS SERVICE goes (docs/server.md).</summary>
    private string MrasUri => $"sip:mras@{Settings.Domain}";

    /// <summary>Reads <c>response/credentialsResponse/{credentials, mediaRelayList}</c>.</summary>
    /// <exception cref="InvalidOperationException">Not a usable MRAS response.</exception>
    internal static RelayCredentials ParseMrasResponse(ReadOnlySpan<byte> xml)
    {
        if (xml.Length > MaxMrasResponseBytes) throw new InvalidOperationException($"the MRAS response is {xml.Length} bytes; at most {MaxMrasResponseBytes}");
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(
                new MemoryStream(xml.ToArray()),
                new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxMrasResponseBytes });
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new InvalidOperationException("the MRAS response is not well-formed XML: " + e.Message, e);
        }

        XNamespace ns = MrasNamespace;
        var response = document.Root?.Element(ns + "credentialsResponse")
            ?? throw new InvalidOperationException("the MRAS response has no credentialsResponse");
        var credentials = response.Element(ns + "credentials") ?? throw new InvalidOperationException("the MRAS response has no credentials");
        var username = credentials.Element(ns + "username")?.Value;
        var password = credentials.Element(ns + "password")?.Value;
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password)) throw new InvalidOperationException("the MRAS credentials lack a username or password");
        var minutes = int.TryParse(credentials.Element(ns + "duration")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : 0;

        foreach (var relay in response.Element(ns + "mediaRelayList")?.Elements(ns + "mediaRelay") ?? [])
        {
            var host = relay.Element(ns + "hostName")?.Value ?? relay.Element(ns + "location")?.Value;
            if (!int.TryParse(relay.Element(ns + "udpPort")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535) continue;
            // The sample resolves only IP literals and localhost; a real client would use DNS here.
            var address = host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out var parsed) ? parsed : null;
            if (address is not null) return new RelayCredentials(new IPEndPoint(address, port), username, password, TimeSpan.FromMinutes(minutes));
        }

        throw new InvalidOperationException("the MRAS response names no media relay with an IP address and a UDP port");
    }
}
