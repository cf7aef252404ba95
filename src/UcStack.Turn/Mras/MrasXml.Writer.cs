using System.Globalization;
using System.Text;
using System.Xml;

namespace UcStack.Turn.Mras;

// Writing: UTF-8 without a byte order mark, MRAS namespace as the default namespace.
public static partial class MrasXml
{
    private static readonly XmlWriterSettings WriterSettings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = false,
        OmitXmlDeclaration = false,
    };

    /// <summary>Writes a credentials request.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The UTF-8 document.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">A value could not be read back (empty, too long, or the duration not 1 to 525600 whole minutes).</exception>
    public static byte[] Write(MrasCredentialsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Check(request.RequestId, nameof(request.RequestId));
        Check(request.From, nameof(request.From));
        Check(request.To, nameof(request.To));
        Check(request.CredentialsRequestId, nameof(request.CredentialsRequestId));
        Check(request.Identity, nameof(request.Identity));
        var minutes = Minutes(request.Duration);
        return WriteDocument(writer =>
        {
            writer.WriteStartElement("request", Namespace);
            writer.WriteAttributeString("requestID", request.RequestId);
            writer.WriteAttributeString("version", request.Version);
            writer.WriteAttributeString("to", request.To);
            writer.WriteAttributeString("from", request.From);
            writer.WriteStartElement("credentialsRequest", Namespace);
            writer.WriteAttributeString("credentialsRequestID", request.CredentialsRequestId);
            writer.WriteElementString("identity", Namespace, request.Identity);
            writer.WriteElementString("location", Namespace, LocationText(request.Location));
            writer.WriteElementString("duration", Namespace, minutes);
            writer.WriteEndElement();
            writer.WriteEndElement();
        });
    }

    /// <summary>Writes a credentials response (credentials and relays when <see cref="MrasCredentialsResponse.HasCredentials"/>).</summary>
    /// <param name="response">The response.</param>
    /// <returns>The UTF-8 document.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="response"/> is null.</exception>
    /// <exception cref="ArgumentException">A value could not be read back.</exception>
    public static byte[] Write(MrasCredentialsResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Check(response.RequestId, nameof(response.RequestId));
        Check(response.From, nameof(response.From));
        Check(response.To, nameof(response.To));
        var minutes = response.HasCredentials ? Minutes(response.Duration) : string.Empty;
        if (response.HasCredentials)
        {
            Check(response.CredentialsRequestId ?? string.Empty, nameof(response.CredentialsRequestId));
            Check(response.Username!, nameof(response.Username));
            Check(response.Password!, nameof(response.Password));
            if (response.MediaRelays.Count > MaxRelays) throw new ArgumentException($"At most {MaxRelays} relays.", nameof(response));
            foreach (var relay in response.MediaRelays)
            {
                Check(relay.HostName, nameof(relay.HostName));
                if (relay.UdpPort is < 0 or > 65535 || relay.TcpPort is < 0 or > 65535) throw new ArgumentException("A relay port is out of range.", nameof(response));
            }
        }

        return WriteDocument(writer =>
        {
            writer.WriteStartElement("response", Namespace);
            writer.WriteAttributeString("requestID", response.RequestId);
            writer.WriteAttributeString("version", response.Version);
            writer.WriteAttributeString("to", response.To);
            writer.WriteAttributeString("from", response.From);
            writer.WriteAttributeString("reasonPhrase", response.ReasonPhrase);
            if (response.HasCredentials)
            {
                writer.WriteStartElement("credentialsResponse", Namespace);
                writer.WriteAttributeString("credentialsRequestID", response.CredentialsRequestId);
                writer.WriteStartElement("credentials", Namespace);
                writer.WriteElementString("username", Namespace, response.Username);
                writer.WriteElementString("password", Namespace, response.Password);
                writer.WriteElementString("duration", Namespace, minutes);
                writer.WriteEndElement();
                writer.WriteStartElement("mediaRelayList", Namespace);
                foreach (var relay in response.MediaRelays)
                {
                    writer.WriteStartElement("mediaRelay", Namespace);
                    writer.WriteElementString("location", Namespace, LocationText(relay.Location));
                    writer.WriteElementString("hostName", Namespace, relay.HostName);
                    if (relay.UdpPort != 0) writer.WriteElementString("udpPort", Namespace, relay.UdpPort.ToString(CultureInfo.InvariantCulture));
                    if (relay.TcpPort != 0) writer.WriteElementString("tcpPort", Namespace, relay.TcpPort.ToString(CultureInfo.InvariantCulture));
                    writer.WriteEndElement();
                }

                writer.WriteEndElement();
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        });
    }

    private static byte[] WriteDocument(Action<XmlWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, WriterSettings))
        {
            writer.WriteStartDocument();
            body(writer);
            writer.WriteEndDocument();
        }

        return stream.ToArray();
    }

    private static string LocationText(MrasLocation location) => location switch
    {
        MrasLocation.Internet => "internet",
        MrasLocation.Intranet => "intranet",
        _ => throw new ArgumentOutOfRangeException(nameof(location)),
    };

    private static string Minutes(TimeSpan duration)
    {
        var minutes = duration.TotalMinutes;
        if (minutes is < 1 or > MaxDurationMinutes || minutes != Math.Floor(minutes))
            throw new ArgumentException("The duration must be 1 to 525600 whole minutes.", nameof(duration));
        return ((int)minutes).ToString(CultureInfo.InvariantCulture);
    }

    private static void Check(string value, string name)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxValueLength || value.Trim().Length != value.Length)
            throw new ArgumentException($"{name} must be 1 to {MaxValueLength} characters without surrounding white space.", name);
        foreach (var c in value)
        {
            // XmlWriter would refuse these (or the reader could not give them back).
            if (char.IsControl(c) || char.IsSurrogate(c)) throw new ArgumentException($"{name} has a character XML cannot carry.", name);
        }
    }
}
