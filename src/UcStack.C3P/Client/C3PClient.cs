using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using UcStack.Sip;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Sip.UserAgent;

namespace UcStack.C3P;

/// <summary>
/// The C3P client over SIP: provisioning through SERVICE to the user's focus factory URI (create, query, list,
/// delete conferences), and <see cref="JoinAsync"/>, which joins a conference (focus INVITE with addUser plus a
/// <c>conference</c> subscription) and returns the live <see cref="C3PConference"/>. Every request has a timeout on
/// the endpoint's <see cref="TimeProvider"/>; failures are typed (<see cref="C3PRequestFailedException"/>,
/// <see cref="C3PRequestTimeoutException"/>, <see cref="C3PSipException"/>).
/// </summary>
/// <remarks>Thread-safe. It takes the endpoint's RequestReceived for MESSAGEs from chat MCUs; other requests go to
/// the handler that was there before.</remarks>
public sealed class C3PClient : IAsyncDisposable
{
    private readonly SipUserAgent _agent;
    private readonly C3PClientOptions _options;
    private readonly Func<SipIncomingRequest, Task>? _previous;
    private readonly ConcurrentDictionary<string, C3PConference> _conferences = new(StringComparer.OrdinalIgnoreCase);
    private long _nextRequestId;

    /// <summary>Creates the client.</summary>
    /// <param name="agent">The user's user agent.</param>
    /// <param name="options">Settings.</param>
    /// <param name="loggerFactory">Logging (EventIds 6000-6099); none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public C3PClient(SipUserAgent agent, C3PClientOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _agent = agent;
        _options = options;
        Logger = (ILogger?)loggerFactory?.CreateLogger<C3PClient>() ?? NullLogger.Instance;
        _previous = agent.Endpoint.RequestReceived;
        agent.Endpoint.RequestReceived = OnRequestAsync;
    }

    /// <summary>The user's URI.</summary>
    public string UserUri => _options.UserUri;

    /// <summary>The user's focus factory URI.</summary>
    public string FocusFactoryUri => C3PAddress.FocusFactory(_options.UserUri);

    internal C3PClientOptions Options => _options;

    internal SipUserAgent Agent => _agent;

    internal ILogger Logger { get; }

    internal TimeProvider Time => _agent.Endpoint.TimeProvider;

    internal ulong NextRequestId() => (ulong)Interlocked.Increment(ref _nextRequestId);

    /// <summary>Sends one provisioning request (SERVICE to the focus factory) and returns the C3P response,
    /// success or failure.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The response.</returns>
    /// <exception cref="C3PSipException">The SERVICE got a SIP error (e.g. 400 with an ms-diagnostics id).</exception>
    /// <exception cref="C3PRequestTimeoutException">No response within the request timeout.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<C3PResponse> SendServiceAsync(C3PCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var request = new C3PRequest { RequestId = NextRequestId(), From = UserUri, To = FocusFactoryUri, C3PVersion = "1", Command = command };
        var target = _options.ServiceTarget ?? C3PSip.ResolveLiteral(AddressUri.Parse(FocusFactoryUri));
        using var timeout = Timeout(cancellationToken);
        try
        {
            var sip = _agent.Endpoint.CreateRequest("SERVICE", FocusFactoryUri, FocusFactoryUri, target.Protocol)
                .SetBody(C3PXml.Write(request), C3PNamespaces.CccpContentType)
                .Build();
            using var response = await _agent.Endpoint.SendRequestAsync(sip, target, timeout.Token).ConfigureAwait(false);
            return ReadResponse(request, response);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new C3PRequestTimeoutException($"{command.Name} got no response within {_options.RequestTimeout}");
        }
        catch (SipRequestTimeoutException ex)
        {
            throw new C3PRequestTimeoutException($"{command.Name} got no SIP response", ex);
        }
    }

    /// <summary>Creates a conference (addConference) and returns its conference-info (entity = focus URI).</summary>
    /// <param name="conference">What to create: description (subject, conference-id, expiry, admission policy),
    /// conference-view (MCU types), users (invitees).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The created conference.</returns>
    /// <exception cref="C3PRequestFailedException">The focus factory refused it.</exception>
    /// <exception cref="C3PSipException">SIP-level failure.</exception>
    /// <exception cref="C3PRequestTimeoutException">No response in time.</exception>
    public async Task<ConferenceInfoDocument> CreateConferenceAsync(ConferenceInfoDocument conference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var response = Succeeded(await SendServiceAsync(new AddConferenceCommand { ConferenceInfo = conference }, cancellationToken).ConfigureAwait(false));
        return ((AddConferenceCommand)response.Command).ConferenceInfo ?? throw new C3PRequestFailedException("addConference", C3PFailureReason.RequestMalformed);
    }

    /// <summary>Reads a conference (getConference): its full current conference-info.</summary>
    /// <param name="focusUri">The conference's focus URI.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The conference.</returns>
    /// <exception cref="C3PRequestFailedException">Refused (e.g. conferenceDoesNotExist, forbidden).</exception>
    /// <exception cref="C3PSipException">SIP-level failure.</exception>
    /// <exception cref="C3PRequestTimeoutException">No response in time.</exception>
    public async Task<ConferenceInfoDocument> GetConferenceAsync(string focusUri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(focusUri);
        var response = Succeeded(await SendServiceAsync(new GetConferenceCommand { Keys = new ConferenceKeys { ConfEntity = focusUri } }, cancellationToken).ConfigureAwait(false));
        return ((GetConferenceCommand)response.Command).ConferenceInfo ?? throw new C3PRequestFailedException("getConference", C3PFailureReason.RequestMalformed);
    }

    /// <summary>Lists the user's conferences (getConferences).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>Their conference-info documents.</returns>
    /// <exception cref="C3PRequestFailedException">Refused.</exception>
    /// <exception cref="C3PSipException">SIP-level failure.</exception>
    /// <exception cref="C3PRequestTimeoutException">No response in time.</exception>
    public async Task<IReadOnlyList<ConferenceInfoDocument>> GetConferencesAsync(CancellationToken cancellationToken = default)
    {
        var response = Succeeded(await SendServiceAsync(new GetConferencesCommand(), cancellationToken).ConfigureAwait(false));
        return ((GetConferencesCommand)response.Command).Conferences;
    }

    /// <summary>Deletes a conference (deleteConference): it ends for everyone.</summary>
    /// <param name="focusUri">The conference's focus URI.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the focus factory confirmed.</returns>
    /// <exception cref="C3PRequestFailedException">Refused.</exception>
    /// <exception cref="C3PSipException">SIP-level failure.</exception>
    /// <exception cref="C3PRequestTimeoutException">No response in time.</exception>
    public async Task DeleteConferenceAsync(string focusUri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(focusUri);
        Succeeded(await SendServiceAsync(new DeleteConferenceCommand { Keys = new ConferenceKeys { ConfEntity = focusUri } }, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The MCU types the focus factory offers (getAvailableMcuTypes).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The types.</returns>
    /// <exception cref="C3PRequestFailedException">Refused.</exception>
    /// <exception cref="C3PSipException">SIP-level failure.</exception>
    /// <exception cref="C3PRequestTimeoutException">No response in time.</exception>
    public async Task<IReadOnlyList<string>> GetAvailableMcuTypesAsync(CancellationToken cancellationToken = default)
    {
        var response = Succeeded(await SendServiceAsync(new GetAvailableMcuTypesCommand(), cancellationToken).ConfigureAwait(false));
        return ((GetAvailableMcuTypesCommand)response.Command).McuTypes ?? ValueList<string>.Empty;
    }

    /// <summary>Joins a conference: the focus INVITE with an addUser request, then the conference subscription.
    /// The returned session holds the live roster.</summary>
    /// <param name="focusUri">The focus URI.</param>
    /// <param name="requestedRole">The role asked for (the focus decides).</param>
    /// <param name="cancellationToken">Stops waiting (the INVITE is cancelled).</param>
    /// <returns>The session.</returns>
    /// <exception cref="ArgumentException"><paramref name="focusUri"/> is not a focus URI.</exception>
    /// <exception cref="C3PRequestFailedException">The focus refused the join (e.g. locked: forbidden).</exception>
    /// <exception cref="C3PSipException">SIP-level failure.</exception>
    /// <exception cref="C3PRequestTimeoutException">No answer in time.</exception>
    public async Task<C3PConference> JoinAsync(string focusUri, string requestedRole = "attendee", CancellationToken cancellationToken = default)
    {
        if (!C3PAddress.TryParse(focusUri, out var address) || address.Kind != C3PAddressKind.Focus) throw new ArgumentException("not a focus URI", nameof(focusUri));
        var conference = new C3PConference(this, address);
        _conferences[address.ConferenceId!] = conference;
        try
        {
            await conference.StartAsync(requestedRole, cancellationToken).ConfigureAwait(false);
            return conference;
        }
        catch
        {
            _conferences.TryRemove(new KeyValuePair<string, C3PConference>(address.ConferenceId!, conference));
            throw;
        }
    }

    /// <summary>Leaves every joined conference.</summary>
    /// <returns>A task that completes when the BYEs were handed to the stack.</returns>
    public async ValueTask DisposeAsync()
    {
        foreach (var conference in _conferences.Values) await conference.DisposeAsync().ConfigureAwait(false);
        _conferences.Clear();
    }

    internal void Forget(C3PConference conference) =>
        _conferences.TryRemove(new KeyValuePair<string, C3PConference>(conference.ConferenceId, conference));

    internal RequestDeadline Timeout(CancellationToken cancellationToken) => new(_options.RequestTimeout, Time, cancellationToken);

    internal static C3PResponse Succeeded(C3PResponse response) =>
        response.Code == C3PResponseCode.Success ? response : throw new C3PRequestFailedException(response);

    /// <summary>Reads the C3P response carried by a SIP 2xx (SERVICE, INFO), or throws the SIP failure.</summary>
    internal static C3PResponse ReadResponse(C3PRequest request, SipResponse response)
    {
        if (response.StatusCode >= 300) throw new C3PSipException(response.StatusCode, response.ReasonPhrase, C3PSip.ReadDiagnostic(response));
        if (!C3PSip.IsCccp(response) || response.Body.Length > C3PSip.MaxBodyBytes)
            throw new C3PSipException($"SIP {response.StatusCode} did not carry a C3P response");
        if (!C3PXml.TryParse(response.Body.Span, out var message, out var error))
            throw new C3PSipException("the C3P response does not parse", error);
        if (message is not C3PResponse c3p || !c3p.Answers(request)) throw new C3PSipException("the SIP response carried a C3P body that does not answer the request");
        return c3p;
    }

    private async Task OnRequestAsync(SipIncomingRequest incoming)
    {
        var request = incoming.Request;
        if (request.MethodKind == SipMethodKind.Message
            && request.From.Uri?.ToString() is { } from
            && C3PAddress.TryParse(from, out var address)
            && address.Kind == C3PAddressKind.Mcu
            && _conferences.TryGetValue(address.ConferenceId!, out var conference))
        {
            // A message the chat MCU fanned out to us: From is the MCU, Ms-Sender the member.
            var sender = request.Headers.TryGetFirst(C3PSip.SenderHeader, out var header) ? header.Value.Trim('<', '>', ' ') : from;
            var message = new C3PChatMessage(sender, request.Body.ToArray(), request.ContentType?.ToString());
            await incoming.RespondAsync(200).ConfigureAwait(false);
            conference.OnChatMessage(message);
            return;
        }

        if (_previous is { } previous) await previous(incoming).ConfigureAwait(false);
        else await incoming.RespondAsync(request.MethodKind == SipMethodKind.Options ? 200 : 405).ConfigureAwait(false);
    }
}
