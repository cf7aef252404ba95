namespace UcStack.C3P;

/// <summary>A provisioned conference as the focus factory stores it (what <c>addConference</c> asked for and
/// <c>modifyConference</c> changed). The live roster is not part of it.</summary>
public sealed record ConferenceRecord
{
    /// <summary>The conference id (8–32 letters and digits).</summary>
    public required string ConferenceId { get; init; }

    /// <summary>The organizer's URI.</summary>
    public required string Organizer { get; init; }

    /// <summary>The focus URI (the conference-info entity).</summary>
    public required string FocusUri { get; init; }

    /// <summary>The subject, or <see langword="null"/>.</summary>
    public string? Subject { get; init; }

    /// <summary>When the conference ends by itself.</summary>
    public DateTimeOffset ExpiryTime { get; init; }

    /// <summary>Who may join.</summary>
    public ConferenceAdmissionPolicy AdmissionPolicy { get; init; } = ConferenceAdmissionPolicy.OpenAuthenticated;

    /// <summary>The MCU types the conference asked for (its <c>conference-view</c>), e.g. <c>chat</c>.</summary>
    public ValueList<string> McuTypes { get; init; } = ValueList<string>.Empty;

    /// <summary>Invited users with the roles they get on joining (the <c>users</c> of <c>addConference</c>).</summary>
    public ValueList<ConferenceUser> Invitees { get; init; } = ValueList<ConferenceUser>.Empty;

    /// <summary>Whether the conference was created locked.</summary>
    public bool Locked { get; init; }

    /// <summary>The addConference document as sent, or <see langword="null"/>: the parts the focus does not interpret
    /// (other description fields, host-info, Microsoft extensions such as pstn-access or autopromote, entity-view
    /// content) are kept from it in the conference-info the focus publishes.</summary>
    public ConferenceInfoDocument? Provisioned { get; init; }
}
