using Microsoft.Extensions.Logging;
using UcStack.Sip.Presence;
using UcStack.Sip.Registrar;
using UcStack.Sip.Stack;

namespace UcStack.Sip.Proxy;

/// <summary>
/// One domain's SIP services on one <see cref="SipEndpoint"/>: REGISTER goes to the <see cref="SipRegistrar"/>,
/// PUBLISH and SUBSCRIBE for presence to the <see cref="SipPresenceServer"/>, and everything else (INVITE, MESSAGE,
/// OPTIONS for users, in-dialog requests) through the <see cref="SipProxy"/>. Requests from users of the domain
/// are authenticated once, before they reach the presence server or the proxy.
/// </summary>
/// <remarks>Thread-safe. Takes the endpoint's <see cref="SipEndpoint.RequestReceived"/>; other services (a
/// conference focus, a relay-credentials service) can be put in front by wrapping <see cref="HandleAsync"/>.</remarks>
public sealed class SipDomainServer : IDisposable
{
    private readonly DigestAuthenticator? _authenticator;
    private readonly InMemoryLocationService? _ownedLocations;

    /// <summary>Creates the services and installs them on <paramref name="endpoint"/>.</summary>
    /// <param name="endpoint">The endpoint (not owned; start it before or after).</param>
    /// <param name="options">The domain and policies.</param>
    /// <param name="users">The users of the domain.</param>
    /// <param name="locations">The location service; an <see cref="InMemoryLocationService"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Logging; none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">A required argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public SipDomainServer(
        SipEndpoint endpoint, SipDomainServerOptions options, ISipUserStore users, ILocationService? locations = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Domain);
        var time = endpoint.TimeProvider;
        if (locations is null)
        {
            _ownedLocations = new InMemoryLocationService(time);
            locations = _ownedLocations;
        }

        if (options.RequireAuthentication)
        {
            _authenticator = new DigestAuthenticator(
                new DigestAuthenticatorOptions { Realm = options.Domain, Algorithms = options.DigestAlgorithms }, users.FindSecretAsync, options.NonceKey.Span, time);
        }

        string[] domains = [options.Domain];
        Locations = locations;
        Registrar = new SipRegistrar(
            new SipRegistrarOptions { Domains = domains, MinExpires = options.MinExpires, MaxExpires = options.MaxExpires, DefaultExpires = options.MaxExpires },
            locations, users, _authenticator, time, loggerFactory?.CreateLogger<SipRegistrar>());
        Proxy = new SipProxy(
            endpoint,
            new SipProxyOptions
            {
                Domains = domains,
                HostNames = options.HostNames,
                TrustRegisteredConnections = options.TrustRegisteredConnections,
                TrustRegisteredUdpSources = options.TrustRegisteredUdpSources,
            },
            locations, users, _authenticator, loggerFactory?.CreateLogger<SipProxy>());
        Presence = new SipPresenceServer(
            endpoint,
            new SipPresenceOptions { Domains = domains, MinExpires = options.MinExpires, MaxExpires = options.MaxExpires, DefaultExpires = options.MaxExpires },
            users, time, loggerFactory?.CreateLogger<SipPresenceServer>());
        endpoint.RequestReceived = HandleAsync;
    }

    /// <summary>The registrar.</summary>
    public SipRegistrar Registrar { get; }

    /// <summary>The proxy.</summary>
    public SipProxy Proxy { get; }

    /// <summary>The presence server.</summary>
    public SipPresenceServer Presence { get; }

    /// <summary>The location service the registrar writes and the proxy reads.</summary>
    public ILocationService Locations { get; }

    /// <summary>Dispatches one request received outside the endpoint's dialogs.</summary>
    /// <param name="incoming">The request.</param>
    /// <returns>A task that completes when the request is answered or forwarded.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="incoming"/> is <see langword="null"/>.</exception>
    public async Task HandleAsync(SipIncomingRequest incoming)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        var request = incoming.Request;
        if (request.MethodKind == SipMethodKind.Register)
        {
            await Registrar.HandleAsync(incoming).ConfigureAwait(false);
            return;
        }

        if (Presence.IsPresenceRequest(request))
        {
            var authorization = await Proxy.AuthorizeAsync(incoming).ConfigureAwait(false);
            if (!authorization.Allowed) return;
            if (request.MethodKind == SipMethodKind.Publish) await Presence.HandlePublishAsync(incoming, authorization.User).ConfigureAwait(false);
            else await Presence.HandleSubscribeAsync(incoming, authorization.User).ConfigureAwait(false);
            return;
        }

        await Proxy.HandleAsync(incoming).ConfigureAwait(false);
    }

    /// <summary>Releases the authenticator, the presence timers and the owned location service.</summary>
    public void Dispose()
    {
        Presence.Dispose();
        _authenticator?.Dispose();
        _ownedLocations?.Dispose();
    }
}
