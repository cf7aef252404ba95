namespace UcStack.C3P;

// MS-CONFPRO provisioning commands, carried by SERVICE to the focus factory URI.
public sealed partial class ConferenceFocusFactory
{
    private async Task<C3PResponse> ProvisionAsync(C3PRequest request, C3PCaller caller, CancellationToken cancellationToken)
    {
        switch (request.Command)
        {
            case GetAvailableMcuTypesCommand:
                return C3PResponses.Success(request, new GetAvailableMcuTypesCommand { McuTypes = ValueList.From(_options.AvailableMcuTypes) });
            case GetConferencingCapabilitiesCommand:
                // The digest does not describe this response's content; it is answered with an empty success.
                return C3PResponses.Success(request, new GetConferencingCapabilitiesCommand());
        }

        // Anonymous users take part in conferences that allow them; they provision nothing.
        if (!caller.IsAuthenticated) return C3PResponses.Failure(request, C3PFailureReason.Forbidden);
        ConferenceFocus? started = null;
        ConferenceFocus? ended = null;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return request.Command switch
            {
                AddConferenceCommand c => await AddConferenceAsync(request, c, caller, f => started = f, cancellationToken).ConfigureAwait(false),
                GetConferenceCommand c => await GetConferenceAsync(request, c, caller, cancellationToken).ConfigureAwait(false),
                GetConferencesCommand => await GetConferencesAsync(request, caller, cancellationToken).ConfigureAwait(false),
                ModifyConferenceCommand c => await ModifyConferenceAsync(request, c, caller, cancellationToken).ConfigureAwait(false),
                DeleteConferenceCommand c => await DeleteConferenceAsync(request, c, caller, f => ended = f, cancellationToken).ConfigureAwait(false),
                _ => C3PResponses.Failure(request, C3PFailureReason.NotSupported),
            };
        }
        finally
        {
            _gate.Release();
            if (started is not null) FocusStarted?.Invoke(this, started);
            ended?.End(ConferenceEndReason.Deleted);
        }
    }

    private async Task<C3PResponse> AddConferenceAsync(
        C3PRequest request, AddConferenceCommand command, C3PCaller caller, Action<ConferenceFocus> started, CancellationToken cancellationToken)
    {
        if (command.ConferenceInfo is not { } info) return C3PResponses.Failure(request, C3PFailureReason.RequestMalformed);
        var now = _time.GetUtcNow();
        var description = info.Description ?? new ConferenceDescription();

        // Digest §1: the client picks the conference id (8-32 letters and digits); we pick one when it does not.
        var id = description.ConferenceId ?? NewConferenceId();
        if (id.Length is < 8 or > 32 || !C3PAddress.IsConferenceId(id)) return C3PResponses.Failure(request, C3PFailureReason.RequestMalformed);
        var policy = ConferenceAdmissionPolicy.OpenAuthenticated;
        if (description.AdmissionPolicy is { } text && !ConferenceAdmissionPolicies.TryParse(text, out policy))
            return C3PResponses.Failure(request, C3PFailureReason.RequestMalformed);
        var expiry = description.ExpiryTime ?? now + _options.DefaultLifetime;
        if (expiry <= now || expiry - now > _options.MaxLifetime) return C3PResponses.Failure(request, C3PFailureReason.RequestMalformed);

        // The MCU registry: every MCU type asked for (conference-view entity-views) must be available.
        var mcuTypes = new List<string>();
        foreach (var view in info.ConferenceView?.EntityViews ?? ValueList<EntityView>.Empty)
        {
            if (!_options.AvailableMcuTypes.Contains(view.Entity, StringComparer.OrdinalIgnoreCase)) return C3PResponses.Failure(request, C3PFailureReason.McuTypeNotAvailable);
            if (!mcuTypes.Contains(view.Entity, StringComparer.OrdinalIgnoreCase)) mcuTypes.Add(view.Entity.ToLowerInvariant());
        }

        var invitees = info.Users?.Users ?? ValueList<ConferenceUser>.Empty;
        foreach (var invitee in invitees)
        {
            if (invitee.Roles is { } roles && roles.Any(r => r is not (ConferenceFocus.Presenter or ConferenceFocus.Attendee)))
                return C3PResponses.Failure(request, C3PFailureReason.InvalidRole);
        }

        var all = await _store.ListAsync(null, cancellationToken).ConfigureAwait(false);
        if (all.Count >= _options.MaxConferences || all.Count(r => C3PAddress.SameUri(r.Organizer, caller.Uri)) >= _options.MaxConferencesPerOrganizer)
            return C3PResponses.Failure(request, C3PFailureReason.MaximumConferencesExceeded);
        var record = new ConferenceRecord
        {
            ConferenceId = id,
            Organizer = caller.Uri,
            FocusUri = C3PAddress.Focus(caller.Uri, id),
            Subject = description.Subject,
            ExpiryTime = expiry,
            AdmissionPolicy = policy,
            McuTypes = ValueList.From(mcuTypes),
            Invitees = invitees,
            Locked = info.ConferenceState?.Locked ?? false,
            Provisioned = info,
        };
        if (!await _store.TryAddAsync(record, cancellationToken).ConfigureAwait(false)) return C3PResponses.Failure(request, C3PFailureReason.ConferenceExists);
        var focus = StartFocusLocked(record);
        started(focus);

        // MS-CONFPRO §4.1: the response carries the conference-info with the focus URI as its entity.
        return C3PResponses.Success(request, new AddConferenceCommand { ConferenceInfo = focus.GetDocument() });
    }

    private async Task<ConferenceRecord?> FindAsync(ConferenceKeys? keys, CancellationToken cancellationToken)
    {
        string? id = keys?.ConferenceId;
        if (id is null && C3PAddress.TryParse(keys?.ConfEntity, out var address) && address.Kind == C3PAddressKind.Focus) id = address.ConferenceId;
        if (id is null) return null;
        var record = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is null || record.ExpiryTime <= _time.GetUtcNow()) return null;
        if (keys?.ConfEntity is { } entity && !C3PAddress.SameUri(entity, record.FocusUri)) return null;
        return record;
    }

    private async Task<C3PResponse> GetConferenceAsync(C3PRequest request, GetConferenceCommand command, C3PCaller caller, CancellationToken cancellationToken)
    {
        if (command.Keys is null) return C3PResponses.Failure(request, C3PFailureReason.RequestMalformed);
        if (await FindAsync(command.Keys, cancellationToken).ConfigureAwait(false) is not { } record)
            return C3PResponses.Failure(request, C3PFailureReason.ConferenceDoesNotExist);
        _live.TryGetValue(record.ConferenceId, out var focus);

        // The organizer and the conference's participants may read it; the full document doubles as the refresh
        // a subscriber asks for after a version gap.
        if (!C3PAddress.SameUri(caller.Uri, record.Organizer) && focus?.IsParticipant(caller.Uri) != true)
            return C3PResponses.Failure(request, C3PFailureReason.Forbidden);
        var document = focus?.GetDocument() ?? ConferenceFocus.Describe(record);
        return C3PResponses.Success(request, new GetConferenceCommand { Keys = command.Keys, ConferenceInfo = document });
    }

    private async Task<C3PResponse> GetConferencesAsync(C3PRequest request, C3PCaller caller, CancellationToken cancellationToken)
    {
        var records = await _store.ListAsync(caller.Uri, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var documents = records
            .Where(r => r.ExpiryTime > now)
            .OrderBy(r => r.ConferenceId, StringComparer.Ordinal)
            .Select(r => _live.TryGetValue(r.ConferenceId, out var focus) ? focus.GetDocument() : ConferenceFocus.Describe(r));
        return C3PResponses.Success(request, new GetConferencesCommand { Conferences = ValueList.From(documents) });
    }

    private async Task<C3PResponse> ModifyConferenceAsync(C3PRequest request, ModifyConferenceCommand command, C3PCaller caller, CancellationToken cancellationToken)
    {
        if (command.ConferenceInfo is not { } info || command.Keys is null) return C3PResponses.Failure(request, C3PFailureReason.RequestMalformed);
        if (await FindAsync(command.Keys, cancellationToken).ConfigureAwait(false) is not { } record)
            return C3PResponses.Failure(request, C3PFailureReason.ConferenceDoesNotExist);
        if (!C3PAddress.SameUri(caller.Uri, record.Organizer)) return C3PResponses.Failure(request, C3PFailureReason.Forbidden);
        var change = ConferenceFocus.ReadModification(info, record, _time.GetUtcNow());
        if (change.Failure != C3PFailureReason.None) return C3PResponses.Failure(request, change.Failure);
        var updated = change.Record!;
        if (updated.ExpiryTime - _time.GetUtcNow() > _options.MaxLifetime) return C3PResponses.Failure(request, C3PFailureReason.RequestMalformed);
        if (!await _store.TryUpdateAsync(updated, cancellationToken).ConfigureAwait(false)) return C3PResponses.Failure(request, C3PFailureReason.ConferenceDoesNotExist);
        if (_live.TryGetValue(record.ConferenceId, out var focus)) focus.ApplyModification(updated);
        return C3PResponses.Success(request, new ModifyConferenceCommand { Keys = command.Keys });
    }

    private async Task<C3PResponse> DeleteConferenceAsync(
        C3PRequest request, DeleteConferenceCommand command, C3PCaller caller, Action<ConferenceFocus> ended, CancellationToken cancellationToken)
    {
        if (command.Keys is null) return C3PResponses.Failure(request, C3PFailureReason.RequestMalformed);
        if (await FindAsync(command.Keys, cancellationToken).ConfigureAwait(false) is not { } record)
            return C3PResponses.Failure(request, C3PFailureReason.ConferenceDoesNotExist);
        _live.TryGetValue(record.ConferenceId, out var focus);

        // The organizer, or a presenter of the running conference, ends it for everyone (digest §4).
        var allowed = C3PAddress.SameUri(caller.Uri, record.Organizer) || focus?.IsPresenterUser(caller.Uri) == true;
        if (!allowed) return C3PResponses.Failure(request, C3PFailureReason.Forbidden);
        await _store.RemoveAsync(record.ConferenceId, cancellationToken).ConfigureAwait(false);
        if (focus is not null)
        {
            _live.Remove(record.ConferenceId);
            ended(focus);
        }

        // MS-CONFPRO: the response names the deleted conference by its focus URI.
        return C3PResponses.Success(request, new DeleteConferenceCommand
        {
            Keys = command.Keys,
            ConferenceInfo = new ConferenceInfoDocument { Entity = record.FocusUri },
        });
    }
}
