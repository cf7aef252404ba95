namespace UcStack.C3P;

/// <summary>Builds C3P responses: a failure carries the request's command element with only the reason
/// (MS-CONFPRO §2.2.3: the cause is a <c>reason</c> attribute on the command element, not on the envelope).</summary>
public static class C3PResponses
{
    /// <summary>A success response carrying <paramref name="command"/>.</summary>
    /// <param name="request">The request answered.</param>
    /// <param name="command">The response's command element (same command as the request's).</param>
    /// <returns>The response.</returns>
    /// <exception cref="ArgumentException"><paramref name="command"/> is another command.</exception>
    public static C3PResponse Success(C3PRequest request, C3PCommand command)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.CreateResponse(C3PResponseCode.Success, command);
    }

    /// <summary>A failure response whose command element carries <paramref name="reason"/> and nothing else.</summary>
    /// <param name="request">The request answered.</param>
    /// <param name="reason">Why it failed.</param>
    /// <returns>The response.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reason"/> has no wire text (None, Unrecognized).</exception>
    public static C3PResponse Failure(C3PRequest request, C3PFailureReason reason)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = C3PFailureReasons.ToText(reason);
        C3PCommand bare = request.Command switch
        {
            AddConferenceCommand => new AddConferenceCommand { Reason = text },
            GetConferenceCommand => new GetConferenceCommand { Reason = text },
            ModifyConferenceCommand => new ModifyConferenceCommand { Reason = text },
            DeleteConferenceCommand => new DeleteConferenceCommand { Reason = text },
            GetConferencesCommand => new GetConferencesCommand { Reason = text },
            GetAvailableMcuTypesCommand => new GetAvailableMcuTypesCommand { Reason = text },
            GetConferencingCapabilitiesCommand => new GetConferencingCapabilitiesCommand { Reason = text },
            AddUserCommand => new AddUserCommand { Reason = text },

            // MS-CONFBAS §2.2.3.6: endorseUser reports its outcome in result (success | otherFailure).
            EndorseUserCommand => new EndorseUserCommand { Reason = text, Result = "otherFailure" },
            DeleteUserCommand => new DeleteUserCommand { Reason = text },
            ModifyUserRolesCommand => new ModifyUserRolesCommand { Reason = text },
            ModifyConferenceLockCommand => new ModifyConferenceLockCommand { Reason = text },
            ModifyEndpointMediaCommand => new ModifyEndpointMediaCommand { Reason = text },
            SetLobbyAccessCommand => new SetLobbyAccessCommand { Reason = text },
            UnknownC3PCommand u => new UnknownC3PCommand(u.Namespace, u.LocalName) { Reason = text },
            _ => throw new ArgumentException("unexpected command type", nameof(request)),
        };
        return request.CreateResponse(C3PResponseCode.Failure, bare);
    }
}
