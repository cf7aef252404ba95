namespace UcStack.C3P;

// modifyConference: the provisioned properties a conference may change while it exists.
public sealed partial class ConferenceFocus
{
    /// <summary>What a modifyConference document asks for, checked: the new record, or why not.</summary>
    internal readonly record struct Modification(C3PFailureReason Failure, ConferenceRecord? Record);

    /// <summary>Reads a modifyConference document against <paramref name="record"/>. Subject, expiry time, admission
    /// policy and lock can change; a document carrying anything else is refused (notSupported) rather than
    /// partly applied.</summary>
    internal static Modification ReadModification(ConferenceInfoDocument info, ConferenceRecord record, DateTimeOffset now)
    {
        if (info.HostInfo is not null || info.Users is not null || info.ConferenceView is not null || info.Extensions.Count > 0)
            return new(C3PFailureReason.NotSupported, null);
        var updated = record;
        if (info.Description is { } d)
        {
            if (d.DisplayText is not null || d.FreeText is not null || d.Keywords is not null || d.ConfUris is not null
                || d.ServiceUris is not null || d.MaximumUserCount is not null || d.Extensions.Count > 0)
                return new(C3PFailureReason.NotSupported, null);
            if (d.ConferenceId is { } id && !string.Equals(id, record.ConferenceId, StringComparison.OrdinalIgnoreCase))
                return new(C3PFailureReason.RequestMalformed, null);
            if (d.Subject is not null) updated = updated with { Subject = d.Subject };
            if (d.ExpiryTime is { } expiry)
            {
                if (expiry <= now) return new(C3PFailureReason.RequestMalformed, null);
                updated = updated with { ExpiryTime = expiry };
            }

            if (d.AdmissionPolicy is { } text)
            {
                if (!ConferenceAdmissionPolicies.TryParse(text, out var policy)) return new(C3PFailureReason.RequestMalformed, null);
                updated = updated with { AdmissionPolicy = policy };
            }
        }

        if (info.ConferenceState is { } s)
        {
            if (s.UserCount is not null || s.Active is not null || s.Extensions.Count > 0) return new(C3PFailureReason.NotSupported, null);
            if (s.Locked is { } locked) updated = updated with { Locked = locked };
        }

        return new(C3PFailureReason.None, updated);
    }

    /// <summary>Applies a provisioning change made through the focus factory (modifyConference over SERVICE).</summary>
    /// <param name="record">The new record (same conference id).</param>
    /// <returns>Whether it applied (false once the conference has ended).</returns>
    internal bool ApplyModification(ConferenceRecord record)
    {
        lock (_gate)
        {
            if (_ended) return false;
            ApplyModificationLocked(record);
            return true;
        }
    }

    private void ApplyModificationLocked(ConferenceRecord updated)
    {
        var old = _record;
        _record = updated;
        var description = new ConferenceDescription
        {
            Subject = updated.Subject != old.Subject ? updated.Subject : null,
            ExpiryTime = updated.ExpiryTime != old.ExpiryTime ? updated.ExpiryTime : null,
            AdmissionPolicy = updated.AdmissionPolicy != old.AdmissionPolicy ? ConferenceAdmissionPolicies.ToText(updated.AdmissionPolicy) : null,
        };
        var lockChanged = updated.Locked != old.Locked && updated.Locked != _locked;
        if (lockChanged) _locked = updated.Locked;
        if (updated.ExpiryTime != old.ExpiryTime)
        {
            var due = updated.ExpiryTime - _time.GetUtcNow();
            _expiry.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }

        var describes = description.Subject is not null || description.ExpiryTime is not null || description.AdmissionPolicy is not null;
        if (!describes && !lockChanged) return;
        PublishLocked(new ConferenceInfoDocument
        {
            Description = describes ? description : null,
            ConferenceState = lockChanged ? new ConferenceStateInfo { Locked = _locked } : null,
        });
    }
}
