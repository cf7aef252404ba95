using UcStack.Sip.Stack;
using UcStack.Sip.Transport;

namespace UcStack.C3P;

// In-conference commands: INFO in the focus dialog, 202, then the final response.
public sealed partial class C3PConference
{
    /// <summary>Sends an in-conference command (INFO) and returns the final C3P response, success or failure.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The response.</returns>
    /// <exception cref="C3PSipException">The INFO got a SIP error, or the dialog ended.</exception>
    /// <exception cref="C3PRequestTimeoutException">No final response within the request timeout.</exception>
    /// <exception cref="InvalidOperationException">Not joined.</exception>
    public async Task<C3PResponse> SendAsync(C3PCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var call = _call ?? throw new InvalidOperationException("not joined");
        if (_ended.Task.IsCompleted) throw new C3PSipException("the focus dialog has ended");
        var request = NewRequest(command);
        var done = new TaskCompletionSource<C3PResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[request.RequestId] = (request, done);
        using var deadline = _client.Timeout(cancellationToken);
        try
        {
            using (var answer = await call.SendInfoAsync(C3PXml.Write(request), C3PNamespaces.CccpContentType, deadline.Token).ConfigureAwait(false))
            {
                if (answer.StatusCode >= 300) throw new C3PSipException(answer.StatusCode, answer.ReasonPhrase, C3PSip.ReadDiagnostic(answer));

                // Digest §2: the final response may also ride in the INFO's own 2xx.
                if (answer.StatusCode == 200 && C3PSip.IsCccp(answer)) return C3PClient.ReadResponse(request, answer);
            }

            return await done.Task.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new C3PRequestTimeoutException($"{command.Name} got no final response within {_client.Options.RequestTimeout}");
        }
        catch (SipRequestTimeoutException ex)
        {
            throw new C3PRequestTimeoutException($"the INFO carrying {command.Name} got no answer", ex);
        }
        catch (Exception ex) when (ex is SipTransportException or InvalidOperationException)
        {
            throw new C3PSipException($"the INFO carrying {command.Name} could not be sent", ex);
        }
        finally
        {
            _pending.TryRemove(request.RequestId, out _);
        }
    }

    /// <summary>Sends a command and returns the response when it succeeded.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The success response.</returns>
    /// <exception cref="C3PRequestFailedException">The focus refused it (typed <see cref="C3PRequestFailedException.Reason"/>).</exception>
    /// <exception cref="C3PSipException">SIP-level failure.</exception>
    /// <exception cref="C3PRequestTimeoutException">No final response in time.</exception>
    public async Task<C3PResponse> ExecuteAsync(C3PCommand command, CancellationToken cancellationToken = default) =>
        C3PClient.Succeeded(await SendAsync(command, cancellationToken).ConfigureAwait(false));

    /// <summary>Changes a user's role (modifyUserRoles; presenters only).</summary>
    /// <param name="user">The user's URI.</param>
    /// <param name="role"><c>presenter</c> or <c>attendee</c>.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes on success.</returns>
    /// <exception cref="C3PRequestFailedException">Refused (forbidden, userDoesNotExist, invalidRole).</exception>
    /// <exception cref="C3PSipException">SIP-level failure.</exception>
    /// <exception cref="C3PRequestTimeoutException">No final response in time.</exception>
    public Task PromoteAsync(string user, string role = "presenter", CancellationToken cancellationToken = default) =>
        ExecuteAsync(new ModifyUserRolesCommand { Keys = new UserKeys { ConfEntity = FocusUri, UserEntity = user }, Roles = ValueList.From([role]) }, cancellationToken);

    /// <summary>Locks or unlocks the conference (modifyConferenceLock; presenters only). A locked conference refuses joins.</summary>
    /// <param name="locked">Lock or unlock.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes on success.</returns>
    /// <exception cref="C3PRequestFailedException">Refused.</exception>
    /// <exception cref="C3PSipException">SIP-level failure.</exception>
    /// <exception cref="C3PRequestTimeoutException">No final response in time.</exception>
    public Task LockAsync(bool locked = true, CancellationToken cancellationToken = default) =>
        ExecuteAsync(new ModifyConferenceLockCommand { Keys = new ConferenceKeys { ConfEntity = FocusUri }, Locked = locked }, cancellationToken);

    /// <summary>Ejects a user (deleteUser; presenters only, or anyone for themselves).</summary>
    /// <param name="user">The user's URI.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes on success.</returns>
    /// <exception cref="C3PRequestFailedException">Refused.</exception>
    /// <exception cref="C3PSipException">SIP-level failure.</exception>
    /// <exception cref="C3PRequestTimeoutException">No final response in time.</exception>
    public Task EjectAsync(string user, CancellationToken cancellationToken = default) =>
        ExecuteAsync(new DeleteUserCommand { Keys = new UserKeys { ConfEntity = FocusUri, UserEntity = user } }, cancellationToken);

    /// <summary>Admits or turns away users waiting in the lobby (setLobbyAccess; presenters only).</summary>
    /// <param name="granted">Admit or refuse.</param>
    /// <param name="users">The users' URIs.</param>
    /// <returns>A task that completes on success.</returns>
    /// <exception cref="C3PRequestFailedException">Refused.</exception>
    /// <exception cref="C3PSipException">SIP-level failure.</exception>
    /// <exception cref="C3PRequestTimeoutException">No final response in time.</exception>
    public Task SetLobbyAccessAsync(bool granted, params string[] users) =>
        ExecuteAsync(new SetLobbyAccessCommand
        {
            Keys = new ConferenceKeys { ConfEntity = FocusUri },
            UserEntities = ValueList.From(users),
            Access = granted ? "granted" : "denied",
        });

    /// <summary>Mutes or unmutes a user's media on an MCU (modifyEndpointMedia: status <c>recvonly</c> or
    /// <c>sendrecv</c>); the endpoint and media are taken from the roster.</summary>
    /// <param name="user">The user's URI.</param>
    /// <param name="muted">Mute or unmute.</param>
    /// <param name="mcuType">The MCU whose endpoint is meant, <c>chat</c> by default.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes on success.</returns>
    /// <exception cref="C3PRequestFailedException">Refused, or the roster shows no such endpoint (endpointDoesNotExist).</exception>
    /// <exception cref="C3PSipException">SIP-level failure.</exception>
    /// <exception cref="C3PRequestTimeoutException">No final response in time.</exception>
    public Task MuteAsync(string user, bool muted = true, string mcuType = ConferenceChatMcu.McuType, CancellationToken cancellationToken = default)
    {
        var endpoint = Roster?.Users?.Users.FirstOrDefault(u => C3PAddress.SameUri(u.Entity, user))?.Endpoints
            .FirstOrDefault(e => string.Equals(e.SessionType, mcuType, StringComparison.OrdinalIgnoreCase));
        if (endpoint is null || endpoint.Media.Count == 0) throw new C3PRequestFailedException("modifyEndpointMedia", C3PFailureReason.EndpointDoesNotExist);
        var media = endpoint.Media[0];
        return ExecuteAsync(new ModifyEndpointMediaCommand
        {
            McuUri = C3PAddress.Mcu(_focus.UserUri, mcuType, ConferenceId),
            Keys = new MediaKeys { ConfEntity = FocusUri, UserEntity = user, EndpointEntity = endpoint.Entity, MediaId = media.Id },
            Media = new ConferenceMedia { Id = media.Id, Type = media.Type, Status = muted ? "recvonly" : "sendrecv" },
        }, cancellationToken);
    }

    /// <summary>Joins the conference's chat MCU (addUser naming the chat MCU URI).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes on success.</returns>
    /// <exception cref="C3PRequestFailedException">Refused (e.g. mcuTypeNotAvailable, forbidden in the lobby).</exception>
    /// <exception cref="C3PSipException">SIP-level failure.</exception>
    /// <exception cref="C3PRequestTimeoutException">No final response in time.</exception>
    public Task JoinChatAsync(CancellationToken cancellationToken = default) =>
        ExecuteAsync(new AddUserCommand
        {
            McuUri = ChatUri,
            Keys = new ConferenceKeys { ConfEntity = FocusUri },
            User = new ConferenceUser
            {
                Entity = _client.UserUri,
                Endpoints = ValueList.From([new ConferenceEndpoint
                {
                    Entity = EndpointEntity + ":chat",
                    Media = ValueList.From([new ConferenceMedia { Id = "1", Type = "message", Status = "sendrecv" }]),
                }]),
            },
        }, cancellationToken);

    /// <summary>The chat MCU URI of this conference.</summary>
    public string ChatUri => C3PAddress.Mcu(_focus.UserUri, ConferenceChatMcu.McuType, ConferenceId);

    /// <summary>Sends a chat message to every other member of the chat MCU (MESSAGE to <see cref="ChatUri"/>).</summary>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the MCU accepted it.</returns>
    /// <exception cref="C3PSipException">Refused (403 when not a member or muted, 404 without a chat MCU).</exception>
    /// <exception cref="C3PRequestTimeoutException">No answer in time.</exception>
    public async Task SendChatAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var deadline = _client.Timeout(cancellationToken);
        try
        {
            using var response = await _client.Agent.SendMessageAsync(
                ChatUri, System.Text.Encoding.UTF8.GetBytes(text), "text/plain;charset=UTF-8", _client.Options.ServiceTarget, deadline.Token).ConfigureAwait(false);
            if (response.StatusCode >= 300) throw new C3PSipException(response.StatusCode, response.ReasonPhrase, C3PSip.ReadDiagnostic(response));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new C3PRequestTimeoutException("the chat MCU did not answer in time");
        }
        catch (SipRequestTimeoutException ex)
        {
            throw new C3PRequestTimeoutException("the chat MESSAGE got no answer", ex);
        }
    }
}
