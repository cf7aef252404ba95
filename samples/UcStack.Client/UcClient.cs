using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using UcStack.Sip;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Sip.UserAgent;
using UcStack.Tls;

namespace UcStack.Client;

/// <summary>
/// One user's SIP client: a <see cref="SipEndpoint"/> that sends everything to the server (an outbound proxy),
/// a <see cref="SipUserAgent"/> on it, a digest registration, presence, IM and calls. This is the part to copy
/// into an application; the command line and the demo only drive it.
/// </summary>
internal sealed partial class UcClient : IAsyncDisposable
{
    private readonly ILoggerFactory _loggerFactory;
    private readonly X509Certificate2? _pinned;
    private readonly X509Certificate2? _ownCertificate;
    private SipRegistration? _registration;

    private UcClient(ClientSettings settings, SipEndpoint endpoint, X509Certificate2? pinned, X509Certificate2? ownCertificate, ILoggerFactory loggerFactory)
    {
        Settings = settings;
        Endpoint = endpoint;
        Agent = new SipUserAgent(endpoint) { IncomingCall = OnIncomingCallAsync, SubscriptionReceived = RefuseSubscriptionAsync };
        ServerTarget = new SipTransportTarget(settings.Transport, settings.Server, settings.Domain);
        _pinned = pinned;
        _ownCertificate = ownCertificate;
        _loggerFactory = loggerFactory;
        endpoint.RequestReceived = OnRequestAsync;
    }

    /// <summary>The settings it was started with.</summary>
    public ClientSettings Settings { get; }

    /// <summary>The SIP endpoint (transactions, dialogs, transport).</summary>
    public SipEndpoint Endpoint { get; }

    /// <summary>The user agent: calls, MESSAGE, SUBSCRIBE.</summary>
    public SipUserAgent Agent { get; }

    /// <summary>Where every request goes first: the server.</summary>
    public SipTransportTarget ServerTarget { get; }

    /// <summary>Starts the endpoint on loopback (a listener of the chosen transport on a free port) without
    /// sending anything yet.</summary>
    /// <exception cref="TlsCertificateException">The trusted certificate file cannot be read.</exception>
    public static UcClient Start(ClientSettings settings, ILoggerFactory loggerFactory)
    {
        X509Certificate2? pinned = null;
        X509Certificate2? own = null;
        TlsServerOptions? tlsServer = null;
        if (settings.Transport == SipTransportProtocol.Tls)
        {
            pinned = LoadTrusted(settings.TrustedCertificate ?? ClientSettings.DevelopmentCertificatePath);
            // Our Contact is a TLS listener, so we need a certificate. The sample server reaches a client by opening a new
            // connection to its Contact and cannot trust this self-signed one (nor reuse our connection, RFC 5626), so
            // requests from the server to a TLS client fail for now: the demo runs its session over TCP.
            own = TlsCertificates.CreateDevelopmentCertificate(["localhost"]);
            tlsServer = new TlsServerOptions { ServerCertificate = own };
        }

        var target = new SipTransportTarget(settings.Transport, settings.Server, settings.Domain);
        var transport = SipSocketTransportLayer.Start(
            new SipSocketTransportOptions
            {
                ListenPoints = [new SipListenPoint(settings.Transport, new IPEndPoint(IPAddress.Loopback, 0))],
                TlsServer = tlsServer,
                // RFC 5922 §7.2: the server's certificate must name the domain we asked for; we pin the one we were given.
                TlsClient = t => new TlsClientOptions
                {
                    TargetHost = t.HostName ?? t.EndPoint.Address.ToString(),
                    UseSystemTrustStore = pinned is null,
                    PinnedCertificates = pinned is null ? [] : [pinned],
                },
            },
            loggerFactory);
        var endpoint = new SipEndpoint(
            transport,
            new SipEndpointOptions
            {
                LocalUri = settings.AddressOfRecord,
                ContactUser = settings.User,
                UserAgent = "ucstack-client",
                // The server challenges PUBLISH, SUBSCRIBE, MESSAGE and INVITE with 407 (RFC 3261 §22.3).
                DigestClient = new DigestClient(settings.User, settings.Password),
                // Outbound proxy: every request that has no route of its own goes to the server.
                ResolveTarget = _ => target,
            },
            TimeProvider.System,
            loggerFactory);
        endpoint.Start();
        return new UcClient(settings, endpoint, pinned, own, loggerFactory);
    }

    /// <summary>Registers the address of record with digest authentication (RFC 3261 §10.2) and keeps the
    /// registration refreshed until disposal.</summary>
    /// <returns>The lifetime the registrar granted.</returns>
    /// <exception cref="SipRegistrationException">The registrar refused.</exception>
    public async Task<TimeSpan> RegisterAsync(CancellationToken cancellationToken = default)
    {
        _registration ??= new SipRegistration(Endpoint, new SipRegistrationOptions
        {
            RegistrarUri = "sip:" + Settings.Domain,
            AddressOfRecord = Settings.AddressOfRecord,
            Username = Settings.User,
            Password = Settings.Password,
            Expires = TimeSpan.FromMinutes(10),
            Target = ServerTarget,
        });
        return await _registration.RegisterAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the registration (REGISTER with Expires: 0).</summary>
    public async Task UnregisterAsync(CancellationToken cancellationToken = default)
    {
        if (_registration is not null) await _registration.UnregisterAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends calls, subscriptions and the registration, then stops the endpoint.</summary>
    public async ValueTask DisposeAsync()
    {
        await DisposeCallsAsync().ConfigureAwait(false);
        await DisposeConferenceAsync().ConfigureAwait(false);
        await DisposeWatchesAsync().ConfigureAwait(false);
        if (_registration is not null) await _registration.DisposeAsync().ConfigureAwait(false);
        await Endpoint.DisposeAsync().ConfigureAwait(false);
        _pinned?.Dispose();
        _ownCertificate?.Dispose();
    }

    private static X509Certificate2 LoadTrusted(string path)
    {
        if (!File.Exists(path))
        {
            throw new TlsCertificateException(
                $"no certificate to trust at {path}: start the server once (it makes its development certificate there) or pass --trust-cert");
        }

        return path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase)
            ? TlsCertificates.LoadPfx(path)
            : X509CertificateLoader.LoadCertificateFromFile(path);
    }

    private async Task OnRequestAsync(SipIncomingRequest incoming)
    {
        switch (incoming.Request.MethodKind)
        {
            case SipMethodKind.Message:
                await OnMessageAsync(incoming).ConfigureAwait(false);
                break;
            default:
                // RFC 3261 §8.2.1: a method we do not take gets 405 with what we do take.
                await incoming.RespondAsync(405, null, [new("Allow", "INVITE, ACK, BYE, CANCEL, MESSAGE, NOTIFY, OPTIONS")]).ConfigureAwait(false);
                break;
        }
    }

    private static Task RefuseSubscriptionAsync(SipIncomingSubscription subscription) =>
        // RFC 6665 §4.2.1.1: we offer no event package to others.
        subscription.RejectAsync(489);
}
