using Microsoft.Extensions.Logging;
using UcStack.Sip;
using UcStack.Sip.Proxy;
using UcStack.Sip.Registrar;
using UcStack.Sip.Stack;
using UcStack.Turn.Mras;

namespace UcStack.Server;

/// <summary>
/// The relay credentials service (MRAS-shaped, our digest <c>ms-extensions.md</c> §3): a SIP SERVICE to
/// <c>sip:mras@&lt;domain&gt;</c> with an <c>application/msrtc-media-relay-auth+xml</c> credentials request gets a
/// 200 whose body holds a TURN username and password for the relay, and the relay's address. Only users of the
/// domain who authenticate (digest, as for any request) and are registered get credentials, and only for
/// themselves.
/// </summary>
internal sealed partial class MrasSipService(
    SipDomainServer domain, string domainName, MrasCredentialIssuer issuer, TurnRelayService relay, TimeSpan maxLifetime, ILogger<MrasSipService> logger)
{
    /// <summary>The user part of the MRAS URI.</summary>
    public const string MrasUser = "mras";

    /// <summary>The MRAS URI of a domain.</summary>
    public static string UriOf(string domainName) => "sip:" + MrasUser + "@" + domainName;

    /// <summary>Whether a request is a SERVICE to this domain's MRAS URI.</summary>
    public bool Accepts(SipRequest request)
    {
        try
        {
            return request.Method == "SERVICE"
                && request.RequestUri is SipUri { User: { } user } uri
                && user.Equals(MrasUser, StringComparison.OrdinalIgnoreCase)
                && uri.Host.Equals(domainName, StringComparison.OrdinalIgnoreCase);
        }
        catch (SipParseException)
        {
            return false;
        }
    }

    /// <summary>Answers one credentials request.</summary>
    public async Task HandleAsync(SipIncomingRequest incoming)
    {
        var request = incoming.Request;
        if (request.ContentType is not { } type || !type.MediaType.Equals(MrasXml.ContentType, StringComparison.OrdinalIgnoreCase))
        {
            await incoming.RespondAsync(415, null, [new("Accept", MrasXml.ContentType)]).ConfigureAwait(false);
            return;
        }

        if (request.Body.Length > MrasXml.MaxDocumentBytes)
        {
            await incoming.RespondAsync(413).ConfigureAwait(false);
            return;
        }

        var authorization = await domain.Proxy.AuthorizeAsync(incoming).ConfigureAwait(false);
        if (!authorization.Allowed) return;
        if (authorization.User is not { } user)
        {
            await RefuseAsync(incoming, 403, "Relay Credentials Are For Users Of This Domain", "not a user of the domain").ConfigureAwait(false);
            return;
        }

        // The proxy checked that the credentials are the From user's, so the From URI names the user.
        if (!SipAddressOfRecord.TryCanonicalize(request.From.Uri, out var addressOfRecord))
        {
            await RefuseAsync(incoming, 403, "From Has No User", "no address of record").ConfigureAwait(false);
            return;
        }

        var bindings = await domain.Locations.LookupAsync(addressOfRecord).ConfigureAwait(false);
        if (bindings.Count == 0)
        {
            await RefuseAsync(incoming, 403, "Not Registered", user + " has no registration").ConfigureAwait(false);
            return;
        }

        if (!MrasXml.TryParseRequest(request.Body.Span, out var credentialsRequest, out var error))
        {
            await RefuseAsync(incoming, 400, "Malformed MRAS Request", error.ToString()).ConfigureAwait(false);
            return;
        }

        // Credentials are only for the authenticated user themself.
        if (!SameUser(credentialsRequest.Identity, addressOfRecord))
        {
            await RefuseAsync(incoming, 403, "Identity Is Not The Authenticated User", user + " asked for " + credentialsRequest.Identity).ConfigureAwait(false);
            return;
        }

        var relays = relay.Relays;
        if (relays.Count == 0)
        {
            await RefuseAsync(incoming, 503, "No Media Relay", "the TURN relay is off").ConfigureAwait(false);
            return;
        }

        var lifetime = credentialsRequest.Duration < maxLifetime ? credentialsRequest.Duration : maxLifetime;
        var issued = issuer.Issue(addressOfRecord["sip:".Length..], lifetime);
        var response = new MrasCredentialsResponse
        {
            RequestId = credentialsRequest.RequestId,
            From = credentialsRequest.To,
            To = credentialsRequest.From,
            Version = credentialsRequest.Version,
            CredentialsRequestId = credentialsRequest.CredentialsRequestId,
            Username = issued.Username,
            Password = issued.Password,
            Duration = issued.Duration,
            MediaRelays = relays,
        };
        Log.Issued(logger, user, issued.ExpiresAt);
        await incoming.RespondAsync(200, null, null, MrasXml.Write(response), MrasXml.ContentType).ConfigureAwait(false);
    }

    private static bool SameUser(string identity, string addressOfRecord)
    {
        var text = identity.Trim();
        if (text.StartsWith('<') && text.EndsWith('>')) text = text[1..^1];
        return AddressUri.TryParse(System.Text.Encoding.UTF8.GetBytes(text), out var uri, out _)
            && SipAddressOfRecord.TryCanonicalize(uri, out var canonical)
            && string.Equals(canonical, addressOfRecord, StringComparison.Ordinal);
    }

    private async Task RefuseAsync(SipIncomingRequest incoming, int status, string reason, string why)
    {
        Log.Refused(logger, status, why);
        await incoming.RespondAsync(status, reason).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Relay credentials for {User}, valid until {Expiry}")]
        public static partial void Issued(ILogger logger, string user, DateTimeOffset expiry);

        [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Relay credentials refused ({Status}): {Why}")]
        public static partial void Refused(ILogger logger, int status, string why);
    }
}
