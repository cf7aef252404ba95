using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using UcStack.Sip;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Sip.UserAgent;

namespace UcStack.C3P;

/// <summary>
/// The SIP binding of the focus server (digest §2): SERVICE to a focus factory URI carries provisioning requests
/// (200 with the C3P response); an INVITE to a focus URI with an addUser body joins (200 with the response) and
/// becomes the user's focus dialog, in which INFO carries C3P requests (202 at once, then the final response in an
/// INFO to the client); SUBSCRIBE with Event: conference gets conference-info NOTIFYs (full, then partial); BYE
/// leaves. MESSAGE to a conference's chat MCU URI is fanned out to its other members. Malformed requests get SIP
/// 400 with an <c>ms-diagnostics</c> id and no C3P body (MS-CONFPRO §2.2.3).
/// </summary>
/// <remarks>Thread-safe. It takes over the user agent's IncomingCall and SubscriptionReceived handlers and the
/// endpoint's RequestReceived (requests it does not serve go to the handler that was there before).</remarks>
public sealed partial class C3PSipFocusServer : IAsyncDisposable
{
    private readonly SipUserAgent _agent;
    private readonly ConferenceFocusFactory _factory;
    private readonly C3PSipFocusServerOptions _options;
    private readonly ILogger _logger;
    private readonly Func<SipIncomingRequest, Task>? _previous;
    private readonly ConcurrentDictionary<string, FocusSession> _sessions = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConferenceChatMcu _chat;
    private int _disposed;

    /// <summary>Serves <paramref name="factory"/> on <paramref name="agent"/>.</summary>
    /// <param name="agent">The focus server's user agent.</param>
    /// <param name="factory">The focus factory.</param>
    /// <param name="options">Settings; defaults when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Logging (EventIds 6000-6099); none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public C3PSipFocusServer(SipUserAgent agent, ConferenceFocusFactory factory, C3PSipFocusServerOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(factory);
        _agent = agent;
        _factory = factory;
        _options = options ?? new C3PSipFocusServerOptions();
        _logger = (ILogger?)loggerFactory?.CreateLogger<C3PSipFocusServer>() ?? NullLogger.Instance;
        _chat = new ConferenceChatMcu(factory);
        _previous = agent.Endpoint.RequestReceived;
        factory.FocusStarted += OnFocusStarted;
        agent.IncomingCall = OnInviteAsync;
        agent.SubscriptionReceived = OnSubscribeAsync;
        agent.Endpoint.RequestReceived = OnRequestAsync;
    }

    /// <summary>The focus factory served.</summary>
    public ConferenceFocusFactory Factory => _factory;

    /// <summary>Stops serving: hangs up every focus dialog (the endpoint and factory are not disposed).</summary>
    /// <returns>A completed task: the BYEs go out on the endpoint's loop, their answers are not waited for.</returns>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return ValueTask.CompletedTask;
        _factory.FocusStarted -= OnFocusStarted;
        // Each focus dialog gets its BYE; disposal does not wait for the users' answers (RFC 3261 §15.1.1: the
        // dialog is over once BYE is sent), so a silent or departed peer cannot hold it up.
        foreach (var session in _sessions.Values) _ = HangUpQuietlyAsync(session.Call);
        _sessions.Clear();
        return ValueTask.CompletedTask;
    }

    /// <summary>One user's focus dialog.</summary>
    private sealed record FocusSession(string ConferenceId, C3PCaller Caller, SipCall Call, string? Contact)
    {
        public string Key => SessionKey(ConferenceId, Caller.Uri);
    }

    private static string SessionKey(string conferenceId, string user) => conferenceId + "\n" + user;

    /// <summary>Who sent a request: <see cref="C3PSipFocusServerOptions.AuthorizeAsync"/> when set, else
    /// <see cref="Identify"/>. When null, the request has been answered (403 unless the hook answered it).</summary>
    private async Task<C3PCaller?> AuthorizeAsync(SipIncomingRequest request)
    {
        var caller = _options.AuthorizeAsync is { } authorize ? await authorize(request).ConfigureAwait(false) : Identify(request);
        if (caller is null && !request.HasFinalResponse)
            await RefuseAsync(request, 403, C3PDiagnosticId.AuthorizationFailed, "caller not identified").ConfigureAwait(false);
        return caller;
    }

    private C3PCaller? Identify(SipIncomingRequest request)
    {
        if (_options.IdentifyCaller is { } identify) return identify(request);
        var from = C3PSip.UserUri(request.Request.From.Uri);
        if (from.Length == 0) return null;
        var anonymous = from.StartsWith("sip:anonymous@", StringComparison.OrdinalIgnoreCase) || from.StartsWith("sips:anonymous@", StringComparison.OrdinalIgnoreCase);
        return new C3PCaller(from, !anonymous);
    }

    private void OnFocusStarted(object? sender, ConferenceFocus focus) => focus.UserRemoved += (_, removed) =>
    {
        // The focus removed the user (ejected, denied, left by command, conference over): end their focus dialog.
        if (_sessions.TryRemove(SessionKey(focus.ConferenceId, removed.Entity), out var session))
            _ = HangUpQuietlyAsync(session.Call);
    };

    private static async Task HangUpQuietlyAsync(SipCall call)
    {
        try
        {
            await call.HangUpAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SipRequestTimeoutException or SipCallFailedException or SipTransportException)
        {
            // The endpoint is shutting down, or the user's side did not answer the BYE: the dialog is over
            // on our side either way (RFC 3261 §15.1.1).
        }
    }

    /// <summary>Answers with a SIP error and an ms-diagnostics id, without a C3P body.</summary>
    private Task RefuseAsync(SipIncomingRequest request, int status, C3PDiagnosticId? id, string why)
    {
        C3PSipLog.Refused(_logger, request.Request.Method, status, why);
        return request.RespondAsync(status, null, id is { } d ? C3PSip.Diagnostics(d, why) : null);
    }

    /// <summary>Reads a C3P request body, answering the SIP request itself when the body is unusable.</summary>
    private async Task<C3PRequest?> ReadRequestAsync(SipIncomingRequest incoming)
    {
        var request = incoming.Request;
        if (!C3PSip.IsCccp(request))
        {
            await RefuseAsync(incoming, 415, null, "the body must be application/cccp+xml").ConfigureAwait(false);
            return null;
        }

        if (request.Body.Length > C3PSip.MaxBodyBytes)
        {
            await RefuseAsync(incoming, 413, null, "the C3P body is too large").ConfigureAwait(false);
            return null;
        }

        // MS-OCER §8.4 3006: a body that does not parse is a SIP 400 without a C3P response.
        if (!C3PXml.TryParse(request.Body.Span, out var message, out var error))
        {
            await RefuseAsync(incoming, 400, C3PDiagnosticId.ParseFailure, "C3P parse failure: " + error.Reason).ConfigureAwait(false);
            return null;
        }

        if (message is not C3PRequest c3p)
        {
            await RefuseAsync(incoming, 400, C3PDiagnosticId.ParseFailure, "a C3P request was expected").ConfigureAwait(false);
            return null;
        }

        return c3p;
    }

    private async Task OnRequestAsync(SipIncomingRequest incoming)
    {
        switch (incoming.Request.Method)
        {
            case "SERVICE":
                await OnServiceAsync(incoming).ConfigureAwait(false);
                break;
            case "MESSAGE" when C3PAddress.TryParse(incoming.Request.RequestUriText, out var address) && address.Kind == C3PAddressKind.Mcu:
                await OnChatMessageAsync(incoming, address).ConfigureAwait(false);
                break;
            default:
                if (_previous is { } previous) await previous(incoming).ConfigureAwait(false);
                else await incoming.RespondAsync(405, null, [new("Allow", "INVITE, ACK, BYE, CANCEL, INFO, SUBSCRIBE, NOTIFY, SERVICE, MESSAGE")]).ConfigureAwait(false);
                break;
        }
    }

    private async Task OnServiceAsync(SipIncomingRequest incoming)
    {
        if (!C3PAddress.TryParse(incoming.Request.RequestUriText, out var target) || target.Kind != C3PAddressKind.FocusFactory)
        {
            await RefuseAsync(incoming, 404, C3PDiagnosticId.BadTo, "not a focus factory URI").ConfigureAwait(false);
            return;
        }

        if (await AuthorizeAsync(incoming).ConfigureAwait(false) is not { } caller) return;
        if (await ReadRequestAsync(incoming).ConfigureAwait(false) is not { } request) return;

        // Digest §3: the C3P to equals the SIP target.
        if (!C3PAddress.TryParse(request.To, out var to) || to != target)
        {
            await RefuseAsync(incoming, 400, C3PDiagnosticId.BadTo, "the C3P to is not the request's target").ConfigureAwait(false);
            return;
        }

        var response = await _factory.HandleAsync(request, caller).ConfigureAwait(false);
        await incoming.RespondAsync(200, null, null, C3PXml.Write(response), C3PNamespaces.CccpContentType).ConfigureAwait(false);
    }
}
