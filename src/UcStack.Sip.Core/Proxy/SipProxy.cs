using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using UcStack.Sip.Registrar;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;

namespace UcStack.Sip.Proxy;

/// <summary>
/// A stateful proxy (RFC 3261 §16) on a <see cref="SipEndpoint"/>: requests for users of its domains are routed
/// through the <see cref="ILocationService"/> and forked to every registered contact in parallel; dialog-creating
/// requests are record-routed, so in-dialog requests (and the ACK for a 2xx) come back through the proxy and are
/// loose-routed on (§16.4, §16.12). Responses are forwarded as §16.7 says: provisional and 2xx at once, a 6xx
/// cancels the other branches, otherwise the best final response once every branch has ended. A CANCEL from the
/// caller, or a 2xx on one branch, cancels the pending branches. Requests from users of the domain are
/// authenticated with digest (407) except ACK and CANCEL, which cannot be challenged (§22.1).
/// </summary>
/// <remarks>
/// <para>Threading: thread-safe. Routing decisions run on the thread pool; transaction work runs on the
/// endpoint's loop. The proxy installs itself on the endpoint to receive in-dialog requests and ACKs that belong
/// to dialogs between other user agents; one proxy per endpoint.</para>
/// <para>Not done (yet): timer C (§16.6 step 11; a silent branch ends by timer B), merging 401/407 challenges from
/// several branches (§16.7 step 7), recursion on 3xx, loop detection beyond Max-Forwards (§16.3 step 4), strict
/// routers (§16.4 Request-URI rewriting), and RFC 3263 DNS: targets must be IP literals unless the endpoint has a
/// <see cref="SipEndpointOptions.ResolveTarget"/>. The endpoint answers a Require it does not know with 420
/// before the proxy sees the request (§16.3 says a proxy should ignore Require).</para>
/// </remarks>
public sealed partial class SipProxy
{
    private readonly SipEndpoint _endpoint;
    private readonly SipProxyOptions _options;
    private readonly ILocationService _locations;
    private readonly ISipUserStore _users;
    private readonly DigestAuthenticator? _authenticator;
    private readonly ILogger _logger;

    /// <summary>Creates the proxy and installs it on <paramref name="endpoint"/>.</summary>
    /// <param name="endpoint">The endpoint the proxy runs on (not owned).</param>
    /// <param name="options">Domains and policy.</param>
    /// <param name="locations">The location service the registrar writes.</param>
    /// <param name="users">The users of the domains (404 for others).</param>
    /// <param name="authenticator">Digest authentication for requests from users of the domain; <see langword="null"/>
    /// trusts every request (closed test networks only).</param>
    /// <param name="logger">Logging; none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">A required argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public SipProxy(
        SipEndpoint endpoint, SipProxyOptions options, ILocationService locations, ISipUserStore users, DigestAuthenticator? authenticator,
        ILogger<SipProxy>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(locations);
        ArgumentNullException.ThrowIfNull(users);
        options.Validate();
        _endpoint = endpoint;
        _options = options;
        _locations = locations;
        _users = users;
        _authenticator = authenticator;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _ = endpoint.InvokeAsync(() =>
        {
            endpoint.ForeignDialogRequest = OnForeignDialogRequest;
            endpoint.ForeignAck = OnForeignAck;
            return true;
        });
    }

    internal SipEndpoint Endpoint => _endpoint;

    internal ILogger Logger => _logger;

    /// <summary>Proxies a request received outside any dialog of the endpoint: validates it (§16.3),
    /// authenticates it, decides the targets (§16.5) and forwards it (§16.6), or answers it when it cannot be
    /// routed (404 unknown user, 480 not registered, 483 too many hops, 403 relaying refused).</summary>
    /// <param name="incoming">The request.</param>
    /// <param name="cancellationToken">Cancels lookups.</param>
    /// <returns>A task that completes once the request is answered or its branches have started.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="incoming"/> is <see langword="null"/>.</exception>
    public async Task HandleAsync(SipIncomingRequest incoming, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        var request = incoming.Request;
        try
        {
            // RFC 3261 §16.3 step 3: a request with Max-Forwards 0 is not forwarded; 483 (Too Many Hops).
            if (request.MaxForwards == 0)
            {
                await AnswerAsync(incoming, 483, null, null, cancellationToken).ConfigureAwait(false);
                return;
            }

            // RFC 3261 §16.3 step 6: a Proxy-Require naming an extension we do not support gets 420 with Unsupported.
            if (request.ProxyRequire.Count > 0)
            {
                await AnswerAsync(incoming, 420, null, [new("Unsupported", string.Join(", ", request.ProxyRequire))], cancellationToken).ConfigureAwait(false);
                return;
            }

            var authorization = await AuthorizeAsync(incoming, cancellationToken).ConfigureAwait(false);
            if (!authorization.Allowed) return;
            var plan = await PlanAsync(request, authorization.User, cancellationToken).ConfigureAwait(false);
            if (plan.Status != 0)
            {
                await AnswerAsync(incoming, plan.Status, plan.Reason, plan.Headers, cancellationToken).ConfigureAwait(false);
                return;
            }

            await _endpoint.InvokeAsync(() =>
            {
                ProxyTransaction.Start(this, incoming, plan);
                return true;
            }).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SipParseException ex)
        {
            // RFC 3261 §16.3 step 1: a request that fails validation is answered, never forwarded.
            if (!incoming.HasFinalResponse) await AnswerAsync(incoming, 400, Clean(ex.Message), null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Authenticates a request from a user of the domain (RFC 3261 §22.3: 407 with Proxy-Authenticate) unless it
    /// arrived on a connection the user registered over (see <see cref="SipProxyOptions.TrustRegisteredConnections"/>),
    /// and checks that the credentials belong to the From user (403 otherwise). Requests from other domains pass
    /// unauthenticated; routing then limits them to users of this domain.</summary>
    /// <param name="incoming">The request.</param>
    /// <param name="cancellationToken">Cancels lookups.</param>
    /// <returns>Whether it may proceed; when not, it has been answered.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="incoming"/> is <see langword="null"/>.</exception>
    /// <exception cref="SipParseException">The From header is malformed.</exception>
    public async Task<SipRequestAuthorization> AuthorizeAsync(SipIncomingRequest incoming, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        var request = incoming.Request;
        var from = request.From.Uri;
        if (!SipAddressOfRecord.IsInDomain(from, _options.Domains)) return new SipRequestAuthorization(true, null);
        var user = SipAddressOfRecord.UserOf(from);
        if (user is null)
        {
            await AnswerAsync(incoming, 403, "From Has No User", null, cancellationToken).ConfigureAwait(false);
            return new SipRequestAuthorization(false, null);
        }

        // RFC 3261 §22.1: ACK and CANCEL cannot be challenged (they cannot be resubmitted with credentials).
        if (_authenticator is null || request.MethodKind is SipMethodKind.Ack or SipMethodKind.Cancel) return new SipRequestAuthorization(true, user);
        if (await IsTrustedFlowAsync(user, from!, incoming.Flow, cancellationToken).ConfigureAwait(false)) return new SipRequestAuthorization(true, user);
        var verification = await incoming.AuthenticateAsync(_authenticator, proxy: true, cancellationToken).ConfigureAwait(false);
        if (!verification.IsAuthenticated) return new SipRequestAuthorization(false, null);
        if (!string.Equals(verification.Username, user, StringComparison.Ordinal))
        {
            // RFC 3261 §22.3: the credentials must be those of the user the request claims to be from.
            await AnswerAsync(incoming, 403, "From Does Not Match Credentials", null, cancellationToken).ConfigureAwait(false);
            return new SipRequestAuthorization(false, null);
        }

        return new SipRequestAuthorization(true, user);
    }

    private async Task<bool> IsTrustedFlowAsync(string user, AddressUri from, SipFlow flow, CancellationToken cancellationToken)
    {
        var trustStreams = _options.TrustRegisteredConnections && flow.IsReliable && flow.ConnectionId != 0;
        var trustUdp = _options.TrustRegisteredUdpSources && !flow.IsReliable;
        if (!trustStreams && !trustUdp) return false;
        if (!SipAddressOfRecord.TryCanonicalize(from, out var addressOfRecord)) return false;
        var bindings = await _locations.LookupAsync(addressOfRecord, cancellationToken).ConfigureAwait(false);
        foreach (var binding in bindings)
        {
            if (binding.Flow is not { } registered || registered.Protocol != flow.Protocol) continue;
            if (!string.Equals(binding.AuthenticatedUser, user, StringComparison.Ordinal)) continue;
            if (trustStreams ? registered.ConnectionId == flow.ConnectionId : registered.Remote.Equals(flow.Remote)) return true;
        }

        return false;
    }

    /// <summary>Decides where a request goes (RFC 3261 §16.4, §16.5).</summary>
    private async Task<RoutePlan> PlanAsync(SipRequest request, string? localUser, CancellationToken cancellationToken)
    {
        // RFC 3261 §16.4: Route values naming this proxy are removed (two of them when it double record-routed).
        var routes = request.Routes;
        var popped = 0;
        while (popped < routes.Count && IsSelf(routes[popped].Uri)) popped++;
        var remaining = routes.Skip(popped).Select(r => r.ToString()).ToArray();
        var recordRoute = _options.RecordRoute && request.ToTag is null
            && request.MethodKind is SipMethodKind.Invite or SipMethodKind.Subscribe or SipMethodKind.Refer;
        var mayRelay = popped > 0 || (localUser is not null && _options.AllowOutbound);
        if (remaining.Length > 0)
        {
            // RFC 3261 §16.12: loose routing: the Request-URI stays, the next hop is the next Route.
            if (!mayRelay) return RoutePlan.Fail(403, "Relaying Denied");
            return Single(request.RequestUriText, routes[popped].Uri!, popped, remaining, recordRoute);
        }

        var target = request.RequestUri;
        if (SipAddressOfRecord.IsInDomain(target, _options.Domains) && SipAddressOfRecord.UserOf(target) is null)
        {
            return request.MethodKind == SipMethodKind.Options ? RoutePlan.Fail(200, null, [new("Allow", SipEndpoint.AllowedMethods)]) : RoutePlan.Fail(404, null);
        }

        if (TryLocalUser(target, out var addressOfRecord, out var user))
        {
            // RFC 3261 §16.5: a user the domain does not know: 404; known but with no binding: 480.
            if (!await _users.ExistsAsync(user, cancellationToken).ConfigureAwait(false)) return RoutePlan.Fail(404, null);
            var targets = await TargetsAsync(addressOfRecord, cancellationToken).ConfigureAwait(false);
            return targets.Count == 0
                ? RoutePlan.Fail(480, null)
                : new RoutePlan(0, null, null, targets, popped, remaining, recordRoute);
        }

        if (IsSelf(target))
        {
            if (request.MethodKind == SipMethodKind.Options) return RoutePlan.Fail(200, null, [new("Allow", SipEndpoint.AllowedMethods)]);
            return request.ToTag is null ? RoutePlan.Fail(404, null) : RoutePlan.Fail(481, null);
        }

        // Another domain or a contact address: only along a route we set, or for our own authenticated users.
        if (!mayRelay) return RoutePlan.Fail(403, "Relaying Denied");
        return Single(request.RequestUriText, target, popped, remaining, recordRoute);
    }

    private RoutePlan Single(string requestUri, AddressUri nextHop, int popped, string[] remaining, bool recordRoute) =>
        TryResolve(nextHop, out var hop)
            ? new RoutePlan(0, null, null, [new RouteTarget(requestUri, hop)], popped, remaining, recordRoute)
            : RoutePlan.Fail(404, "Next Hop Not Resolvable");

    private bool TryResolve(AddressUri uri, out SipTransportTarget target)
    {
        try
        {
            target = _endpoint.Resolve(uri);
            return true;
        }
        catch (SipTransportException)
        {
            target = null!;
            return false;
        }
    }

    /// <summary>The contacts of an address of record, as targets (at most <see cref="SipProxyOptions.MaxBranches"/>).</summary>
    private async Task<List<RouteTarget>> TargetsAsync(string addressOfRecord, CancellationToken cancellationToken)
    {
        var bindings = await _locations.LookupAsync(addressOfRecord, cancellationToken).ConfigureAwait(false);
        var targets = new List<RouteTarget>();
        foreach (var binding in bindings)
        {
            if (targets.Count == _options.MaxBranches) break;
            if (TryResolve(binding.Contact, out var hop)) targets.Add(new RouteTarget(binding.Contact.ToString(), hop));
        }

        return targets;
    }

    /// <summary>Whether a Request-URI names a user this proxy is responsible for: a user in one of its domains, or a
    /// user at one of its own addresses (as UAs that know only the server's address write it), which is taken as
    /// that user in the first domain.</summary>
    internal bool TryLocalUser(AddressUri? uri, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? addressOfRecord,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? user)
    {
        addressOfRecord = null;
        user = SipAddressOfRecord.UserOf(uri);
        if (user is null || uri is not SipUri sip) return false;
        if (SipAddressOfRecord.IsInDomain(uri, _options.Domains)) return SipAddressOfRecord.TryCanonicalize(uri, out addressOfRecord);
        if (!IsSelfHost(sip)) return false;
        addressOfRecord = string.Concat("sip:", sip.EscapedUser, "@", _options.Domains[0].ToLowerInvariant());
        return true;
    }

    /// <summary>Whether a URI names this proxy: no user part, and one of its listen addresses, host names or
    /// domains at one of its ports (or none).</summary>
    internal bool IsSelf(AddressUri? uri) => uri is SipUri { User: null } sip && IsSelfHost(sip);

    private bool IsSelfHost(SipUri sip)
    {
        var host = sip.Host.Trim('[', ']');
        var points = _endpoint.ListenPoints;
        var hostMatches = _options.Domains.Any(d => string.Equals(d, host, StringComparison.OrdinalIgnoreCase))
            || _options.HostNames.Any(d => string.Equals(d, host, StringComparison.OrdinalIgnoreCase))
            || (IPAddress.TryParse(host, out var address) && points.Any(p => p.EndPoint.Address.Equals(address)));
        if (!hostMatches) return false;
        var port = sip.Port ?? (sip.IsSecure || string.Equals(sip.Transport, "tls", StringComparison.OrdinalIgnoreCase) ? 5061 : 5060);
        return points.Any(p => p.EndPoint.Port == port);
    }

    private async Task AnswerAsync(
        SipIncomingRequest incoming, int status, string? reason, IReadOnlyList<KeyValuePair<string, string>>? headers, CancellationToken cancellationToken)
    {
        Log.Answered(_logger, incoming.Request.Method, incoming.Request.RequestUriText, status);
        try
        {
            await incoming.RespondAsync(status, reason, headers, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // answered meanwhile (a CANCEL got there first)
        }
    }

    private bool OnForeignDialogRequest(SipIncomingRequest incoming)
    {
        var request = incoming.Request;
        try
        {
            var routes = request.Routes;
            var throughUs = routes.Count > 0 ? IsSelf(routes[0].Uri) : !IsSelf(request.RequestUri);
            if (!throughUs) return false;
        }
        catch (SipParseException)
        {
            return false;
        }

        _ = Task.Run(() => HandleSafelyAsync(incoming));
        return true;
    }

    private async Task HandleSafelyAsync(SipIncomingRequest incoming)
    {
        try
        {
            await HandleAsync(incoming).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.HandlerFailed(_logger, incoming.Request.Method, ex);
            if (!incoming.HasFinalResponse) await AnswerAsync(incoming, 500, null, null, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static string Clean(string message) =>
        new([.. message.Take(100).Select(c => char.IsControl(c) ? ' ' : c)]);

    internal static string Seconds(long value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One place a request is forwarded to: the Request-URI it gets and the next hop.</summary>
internal sealed record RouteTarget(string RequestUri, SipTransportTarget NextHop);

/// <summary>What the proxy decided for a request: a status to answer, or targets to fork to.</summary>
internal sealed record RoutePlan(
    int Status, string? Reason, IReadOnlyList<KeyValuePair<string, string>>? Headers, IReadOnlyList<RouteTarget> Targets, int PoppedRoutes,
    IReadOnlyList<string> RemainingRoutes, bool RecordRoute)
{
    public static RoutePlan Fail(int status, string? reason, IReadOnlyList<KeyValuePair<string, string>>? headers = null) =>
        new(status, reason, headers, [], 0, [], false);
}
