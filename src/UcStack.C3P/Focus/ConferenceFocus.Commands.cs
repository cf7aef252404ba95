namespace UcStack.C3P;

// The in-conference commands (MS-CONFBAS §3.5): each validates everything first and changes state only on success.
public sealed partial class ConferenceFocus
{
    /// <summary>Executes an in-conference C3P command sent to this focus (or to one of its MCU URIs).</summary>
    /// <param name="request">The request; its <c>to</c> names the focus or an MCU of this conference.</param>
    /// <param name="caller">Who sent it.</param>
    /// <returns>The final response: success, or failure with the reason and no state change.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public C3PResponse Handle(C3PRequest request, C3PCaller caller)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var events = new List<ConferenceUserRemoved>();
        C3PResponse response;
        lock (_gate)
        {
            response = _ended
                ? C3PResponses.Failure(request, C3PFailureReason.ConferenceDoesNotExist)
                : request.Command switch
                {
                    AddUserCommand c => AddUser(request, c, caller),
                    DeleteUserCommand c => DeleteUser(request, c, caller, events),
                    ModifyUserRolesCommand c => ModifyUserRoles(request, c, caller),
                    ModifyConferenceLockCommand c => ModifyLock(request, c, caller),
                    ModifyEndpointMediaCommand c => ModifyEndpointMedia(request, c, caller),
                    SetLobbyAccessCommand c => SetLobbyAccess(request, c, caller, events),
                    EndorseUserCommand c => EndorseUser(request, c, caller),
                    ModifyConferenceCommand c => ModifyConference(request, c, caller),
                    _ => C3PResponses.Failure(request, C3PFailureReason.NotSupported),
                };
        }

        Raise(events);
        return response;
    }

    /// <summary>Whether <paramref name="entity"/> names this conference's focus (a key's confEntity).</summary>
    private bool IsThisConference(string? entity) => entity is null || C3PAddress.SameUri(entity, FocusUri);

    /// <summary>The caller as an admitted participant, or the failure reason.</summary>
    private C3PFailureReason Admitted(C3PCaller caller, out ConferenceUser user)
    {
        if (_users.TryGetValue(caller.Uri, out user!) && !InLobby(user)) return C3PFailureReason.None;
        return C3PFailureReason.Forbidden;
    }

    /// <summary>The caller as an admitted presenter, or the failure reason.</summary>
    private C3PFailureReason AdmittedPresenter(C3PCaller caller)
    {
        var admitted = Admitted(caller, out var user);
        if (admitted != C3PFailureReason.None) return admitted;

        // MS-CONFBAS §3.5 / digest §4: only presenters lock, eject, promote and change others' media.
        return IsPresenter(user) ? C3PFailureReason.None : C3PFailureReason.Forbidden;
    }

    /// <summary>An MCU type named by an <c>mscp:mcuUri</c>, checked against the conference's MCUs.</summary>
    private C3PFailureReason McuOf(string mcuUri, out string mcuType)
    {
        mcuType = string.Empty;
        if (!C3PAddress.TryParse(mcuUri, out var address) || address.Kind != C3PAddressKind.Mcu) return C3PFailureReason.RequestMalformed;
        if (!string.Equals(address.ConferenceId, ConferenceId, StringComparison.OrdinalIgnoreCase)) return C3PFailureReason.ConferenceDoesNotExist;

        // Digest §2: a command naming an MCU type the conference did not ask for is refused.
        if (!_record.McuTypes.Contains(address.McuType!)) return C3PFailureReason.McuTypeNotAvailable;
        mcuType = address.McuType!;
        return C3PFailureReason.None;
    }

    private C3PResponse AddUser(C3PRequest request, AddUserCommand command, C3PCaller caller)
    {
        if (command.User is not { } requested || command.Keys is not { } keys) return C3PResponses.Failure(request, C3PFailureReason.RequestMalformed);
        if (!IsThisConference(keys.ConfEntity)) return C3PResponses.Failure(request, C3PFailureReason.ConferenceDoesNotExist);

        // Only the user may add themselves; dial-out (the focus calling someone else) is not offered.
        if (command.Kind == AddUserKind.DialOut) return C3PResponses.Failure(request, C3PFailureReason.NotSupported);
        if (!C3PAddress.SameUri(requested.Entity, caller.Uri)) return C3PResponses.Failure(request, C3PFailureReason.Forbidden);
        return command.McuUri is null ? Join(request, command, requested, caller) : DialIn(request, command, requested, caller);
    }

    private C3PResponse Join(C3PRequest request, AddUserCommand command, ConferenceUser requested, C3PCaller caller)
    {
        if (_users.TryGetValue(caller.Uri, out var existing))
        {
            // A repeated join (e.g. a re-sent INVITE) changes nothing and reports the user as they are.
            return C3PResponses.Success(request, new AddUserCommand { Keys = new ConferenceKeys { ConfEntity = FocusUri }, User = existing });
        }

        var isOrganizer = C3PAddress.SameUri(caller.Uri, Organizer);
        var invitee = _record.Invitees.FirstOrDefault(i => C3PAddress.SameUri(i.Entity, caller.Uri));
        if (_locked && !isOrganizer) return C3PResponses.Failure(request, C3PFailureReason.Forbidden);
        if (_users.Count >= _maxParticipants) return C3PResponses.Failure(request, C3PFailureReason.Forbidden);

        bool lobby;
        switch (_record.AdmissionPolicy)
        {
            case ConferenceAdmissionPolicy.OpenAuthenticated:
                if (!caller.IsAuthenticated) return C3PResponses.Failure(request, C3PFailureReason.Forbidden);
                lobby = false;
                break;
            case ConferenceAdmissionPolicy.ClosedAuthenticated:
                if (!caller.IsAuthenticated) return C3PResponses.Failure(request, C3PFailureReason.Forbidden);
                lobby = !isOrganizer && invitee is null;
                break;
            default:
                lobby = !caller.IsAuthenticated;
                break;
        }

        // The role is the focus's decision (the request only asks): the organizer presents, invitees get the role
        // they were invited with, everyone else attends.
        var role = isOrganizer ? Presenter
            : invitee?.Roles is { Count: > 0 } invited && invited.Contains(Presenter) ? Presenter
            : Attendee;
        var endpointEntity = requested.Endpoints.Count > 0 && !string.IsNullOrEmpty(requested.Endpoints[0].Entity)
            ? requested.Endpoints[0].Entity
            : caller.Uri;
        var user = new ConferenceUser
        {
            Entity = requested.Entity,
            DisplayText = requested.DisplayText,
            Roles = ValueList.From([role]),
            Endpoints = ValueList.From([new ConferenceEndpoint
            {
                Entity = endpointEntity,
                SessionType = FocusSessionType,
                Status = lobby ? Pending : Connected,
                JoiningMethod = "dialed-in",
            }]),
        };
        _users.Add(user.Entity, user);
        PublishUserLocked(user);
        return C3PResponses.Success(request, new AddUserCommand { Keys = new ConferenceKeys { ConfEntity = FocusUri }, User = user });
    }

    private C3PResponse DialIn(C3PRequest request, AddUserCommand command, ConferenceUser requested, C3PCaller caller)
    {
        var admitted = Admitted(caller, out var user);
        if (admitted != C3PFailureReason.None) return C3PResponses.Failure(request, admitted);
        var mcu = McuOf(command.McuUri!, out var mcuType);
        if (mcu != C3PFailureReason.None) return C3PResponses.Failure(request, mcu);
        var mcuUri = C3PAddress.Mcu(Organizer, mcuType, ConferenceId);
        var asked = requested.Endpoints.Count > 0 ? requested.Endpoints[0] : null;
        var endpoint = new ConferenceEndpoint
        {
            Entity = string.IsNullOrEmpty(asked?.Entity) ? mcuType + ":" + caller.Uri : asked.Entity,
            SessionType = mcuType,
            Status = Connected,
            JoiningMethod = "dialed-in",
            Media = asked?.Media ?? ValueList<ConferenceMedia>.Empty,
        };
        // MS-CONFBAS §2.2.3.18: the response names the MCU in connection-info (Mcu-Server-Uri / Mcu-Conference-Uri);
        // an MCU with a server of its own (the meeting MCU's content server) adds how to reach it.
        List<ConnectionInfoEntry> connectionInfo =
        [
            new ConnectionInfoEntry { Key = "Mcu-Server-Uri", Value = mcuUri },
            new ConnectionInfoEntry { Key = "Mcu-Conference-Uri", Value = mcuUri },
        ];
        if (_dialInConnectionInfo is { } extra)
        {
            try
            {
                connectionInfo.AddRange(extra(new McuDialIn(ConferenceId, mcuType, user.Entity, IsPresenter(user))));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Nothing has changed yet: the dial-in fails as a whole.
                return C3PResponses.Failure(request, C3PFailureReason.OtherFailure);
            }
        }

        var existing = McuEndpoint(user, mcuType);
        var updated = user with
        {
            Endpoints = ValueList.From(user.Endpoints.Where(e => !ReferenceEquals(e, existing)).Append(endpoint)),
        };
        _users[user.Entity] = updated;
        PublishUserLocked(updated);
        return C3PResponses.Success(request, new AddUserCommand
        {
            McuUri = command.McuUri,
            Keys = new ConferenceKeys { ConfEntity = FocusUri },
            User = updated with { Endpoints = ValueList.From([endpoint]) },
            ConnectionInfo = ValueList.From(connectionInfo),
        });
    }

    private C3PResponse DeleteUser(C3PRequest request, DeleteUserCommand command, C3PCaller caller, List<ConferenceUserRemoved> events)
    {
        if (command.Keys is not { } keys) return C3PResponses.Failure(request, C3PFailureReason.RequestMalformed);
        if (!IsThisConference(keys.ConfEntity)) return C3PResponses.Failure(request, C3PFailureReason.ConferenceDoesNotExist);
        var self = C3PAddress.SameUri(keys.UserEntity, caller.Uri);
        if (!self)
        {
            var presenter = AdmittedPresenter(caller);
            if (presenter != C3PFailureReason.None) return C3PResponses.Failure(request, presenter);
        }

        if (!_users.TryGetValue(keys.UserEntity, out var target)) return C3PResponses.Failure(request, C3PFailureReason.UserDoesNotExist);
        if (!self && C3PAddress.SameUri(target.Entity, Organizer)) return C3PResponses.Failure(request, C3PFailureReason.Forbidden);
        if (command.McuUri is { } mcuUri)
        {
            // Leaving (or being removed from) one MCU only: the user stays in the conference.
            var mcu = McuOf(mcuUri, out var mcuType);
            if (mcu != C3PFailureReason.None) return C3PResponses.Failure(request, mcu);
            if (McuEndpoint(target, mcuType) is not { } endpoint) return C3PResponses.Failure(request, C3PFailureReason.EndpointDoesNotExist);
            var updated = target with { Endpoints = ValueList.From(target.Endpoints.Where(e => !ReferenceEquals(e, endpoint))) };
            _users[target.Entity] = updated;
            PublishUserLocked(updated);
        }
        else
        {
            RemoveUserLocked(target.Entity, self ? ConferenceRemovalReason.Left : ConferenceRemovalReason.Ejected, events);
        }

        return C3PResponses.Success(request, new DeleteUserCommand { McuUri = command.McuUri, Keys = keys });
    }

    private C3PResponse ModifyUserRoles(C3PRequest request, ModifyUserRolesCommand command, C3PCaller caller)
    {
        if (command.Keys is not { } keys || command.Roles is not { } roles) return C3PResponses.Failure(request, C3PFailureReason.RequestMalformed);
        if (!IsThisConference(keys.ConfEntity)) return C3PResponses.Failure(request, C3PFailureReason.ConferenceDoesNotExist);
        var presenter = AdmittedPresenter(caller);
        if (presenter != C3PFailureReason.None) return C3PResponses.Failure(request, presenter);
        if (!_users.TryGetValue(keys.UserEntity, out var target)) return C3PResponses.Failure(request, C3PFailureReason.UserDoesNotExist);

        // Digest §4: the roles are presenter and attendee, one of them.
        if (roles.Count != 1 || roles[0] is not (Presenter or Attendee)) return C3PResponses.Failure(request, C3PFailureReason.InvalidRole);
        if (C3PAddress.SameUri(target.Entity, Organizer) && roles[0] != Presenter) return C3PResponses.Failure(request, C3PFailureReason.Forbidden);
        var updated = target with { Roles = roles };
        if (updated != target)
        {
            _users[target.Entity] = updated;
            PublishUserLocked(updated);
        }

        return C3PResponses.Success(request, new ModifyUserRolesCommand { Keys = keys, Roles = roles });
    }

    private C3PResponse ModifyLock(C3PRequest request, ModifyConferenceLockCommand command, C3PCaller caller)
    {
        if (command.Keys is not { } keys || command.Locked is not { } locked) return C3PResponses.Failure(request, C3PFailureReason.RequestMalformed);
        if (!IsThisConference(keys.ConfEntity)) return C3PResponses.Failure(request, C3PFailureReason.ConferenceDoesNotExist);
        var presenter = AdmittedPresenter(caller);
        if (presenter != C3PFailureReason.None) return C3PResponses.Failure(request, presenter);
        if (_locked != locked)
        {
            _locked = locked;
            PublishLocked(new ConferenceInfoDocument { ConferenceState = new ConferenceStateInfo { Locked = locked } });
        }

        return C3PResponses.Success(request, new ModifyConferenceLockCommand { Keys = keys, Locked = locked });
    }

    private C3PResponse ModifyEndpointMedia(C3PRequest request, ModifyEndpointMediaCommand command, C3PCaller caller)
    {
        if (command.Keys is not { } keys || command.Media is not { } media) return C3PResponses.Failure(request, C3PFailureReason.RequestMalformed);
        if (!IsThisConference(keys.ConfEntity)) return C3PResponses.Failure(request, C3PFailureReason.ConferenceDoesNotExist);
        var admitted = Admitted(caller, out var self);
        if (admitted != C3PFailureReason.None) return C3PResponses.Failure(request, admitted);
        if (!C3PAddress.SameUri(keys.UserEntity, caller.Uri) && !IsPresenter(self)) return C3PResponses.Failure(request, C3PFailureReason.Forbidden);
        if (command.McuUri is { } mcuUri)
        {
            var mcu = McuOf(mcuUri, out _);
            if (mcu != C3PFailureReason.None) return C3PResponses.Failure(request, mcu);
        }

        if (!_users.TryGetValue(keys.UserEntity, out var target)) return C3PResponses.Failure(request, C3PFailureReason.UserDoesNotExist);
        var endpoint = target.Endpoints.FirstOrDefault(e => e.Entity == keys.EndpointEntity);
        var current = endpoint?.Media.FirstOrDefault(m => m.Id == keys.MediaId);
        if (endpoint is null || current is null) return C3PResponses.Failure(request, C3PFailureReason.EndpointDoesNotExist);

        // MS-CONFAV §4.3: status (recvonly mutes, sendrecv unmutes) and msci:media-ingress-filter are what changes;
        // fields the request does not carry stay as they are.
        var changed = current with
        {
            Status = media.Status ?? current.Status,
            MediaIngressFilter = media.MediaIngressFilter ?? current.MediaIngressFilter,
            MediaState = media.MediaState ?? current.MediaState,
        };
        if (changed != current)
        {
            var newEndpoint = endpoint with { Media = ValueList.From(endpoint.Media.Select(m => ReferenceEquals(m, current) ? changed : m)) };
            var updated = target with { Endpoints = ValueList.From(target.Endpoints.Select(e => ReferenceEquals(e, endpoint) ? newEndpoint : e)) };
            _users[target.Entity] = updated;
            PublishUserLocked(updated);
        }

        return C3PResponses.Success(request, new ModifyEndpointMediaCommand { McuUri = command.McuUri, Keys = keys, Media = changed });
    }

    private C3PResponse SetLobbyAccess(C3PRequest request, SetLobbyAccessCommand command, C3PCaller caller, List<ConferenceUserRemoved> events)
    {
        if (command.Keys is not { } keys || command.UserEntities.Count == 0) return C3PResponses.Failure(request, C3PFailureReason.RequestMalformed);
        if (!IsThisConference(keys.ConfEntity)) return C3PResponses.Failure(request, C3PFailureReason.ConferenceDoesNotExist);
        var granted = command.Access switch
        {
            "granted" => true,
            "denied" => false,
            _ => (bool?)null,
        };
        if (granted is null) return C3PResponses.Failure(request, C3PFailureReason.RequestMalformed);
        var presenter = AdmittedPresenter(caller);
        if (presenter != C3PFailureReason.None) return C3PResponses.Failure(request, presenter);

        // Every named user must be waiting before anyone is let in or turned away.
        var waiting = new List<ConferenceUser>();
        foreach (var entity in command.UserEntities)
        {
            if (!_users.TryGetValue(entity, out var user) || !InLobby(user)) return C3PResponses.Failure(request, C3PFailureReason.UserDoesNotExist);
            waiting.Add(user);
        }

        foreach (var user in waiting)
        {
            if (granted.Value) Admit(user);
            else RemoveUserLocked(user.Entity, ConferenceRemovalReason.Denied, events);
        }

        return C3PResponses.Success(request, new SetLobbyAccessCommand { Keys = keys, UserEntities = command.UserEntities, Access = command.Access });
    }

    private C3PResponse EndorseUser(C3PRequest request, EndorseUserCommand command, C3PCaller caller)
    {
        // endorseUser is modelled as a presenter vouching for one user waiting in the lobby (an admission of one).
        if (command.User is not { } named) return C3PResponses.Failure(request, C3PFailureReason.RequestMalformed);
        if (!IsThisConference(command.Keys?.ConfEntity)) return C3PResponses.Failure(request, C3PFailureReason.ConferenceDoesNotExist);
        var presenter = AdmittedPresenter(caller);
        if (presenter != C3PFailureReason.None) return C3PResponses.Failure(request, presenter);
        if (!_users.TryGetValue(named.Entity, out var user) || !InLobby(user)) return C3PResponses.Failure(request, C3PFailureReason.UserDoesNotExist);
        var admitted = Admit(user);
        return C3PResponses.Success(request, new EndorseUserCommand { Keys = command.Keys, User = admitted, Result = "success" });
    }

    private ConferenceUser Admit(ConferenceUser user)
    {
        var updated = user with
        {
            Endpoints = ValueList.From(user.Endpoints.Select(e => e.SessionType == FocusSessionType && e.Status == Pending ? e with { Status = Connected } : e)),
        };
        _users[user.Entity] = updated;
        PublishUserLocked(updated);
        return updated;
    }

    private C3PResponse ModifyConference(C3PRequest request, ModifyConferenceCommand command, C3PCaller caller)
    {
        if (command.ConferenceInfo is not { } info) return C3PResponses.Failure(request, C3PFailureReason.RequestMalformed);
        if (!IsThisConference(command.Keys?.ConfEntity)) return C3PResponses.Failure(request, C3PFailureReason.ConferenceDoesNotExist);
        var presenter = AdmittedPresenter(caller);
        if (presenter != C3PFailureReason.None) return C3PResponses.Failure(request, presenter);
        var change = ReadModification(info, _record, _time.GetUtcNow());
        if (change.Failure != C3PFailureReason.None) return C3PResponses.Failure(request, change.Failure);
        ApplyModificationLocked(change.Record!);
        return C3PResponses.Success(request, new ModifyConferenceCommand { Keys = command.Keys });
    }
}
