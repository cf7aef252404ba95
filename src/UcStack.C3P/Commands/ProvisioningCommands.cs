namespace UcStack.C3P;

/// <summary><c>addConference</c> ([MS-CONFPRO]): create a conference. The request carries the wanted
/// conference-info (entity empty); the response the stored one (entity = the focus URI).</summary>
public sealed record AddConferenceCommand : C3PCommand
{
    /// <inheritdoc/>
    public override string Name => "addConference";

    /// <summary>The <c>conference-info</c> child.</summary>
    public ConferenceInfoDocument? ConferenceInfo { get; init; }
}

/// <summary><c>getConference</c>: read a stored conference.</summary>
public sealed record GetConferenceCommand : C3PCommand
{
    /// <inheritdoc/>
    public override string Name => "getConference";

    /// <summary><c>conferenceKeys</c> (request).</summary>
    public ConferenceKeys? Keys { get; init; }

    /// <summary><c>msci:encryption-key/msci:x509-certificate</c> (request, optional): the certificate the server
    /// encrypts returned secrets to, as the text the element holds.</summary>
    public string? EncryptionCertificate { get; init; }

    /// <summary>The <c>conference-info</c> child (response).</summary>
    public ConferenceInfoDocument? ConferenceInfo { get; init; }
}

/// <summary><c>modifyConference</c>: change stored or MCU-specific conference properties with a partial conference-info.</summary>
public sealed record ModifyConferenceCommand : C3PCommand
{
    /// <inheritdoc/>
    public override string Name => "modifyConference";

    /// <summary><c>conferenceKeys</c>.</summary>
    public ConferenceKeys? Keys { get; init; }

    /// <summary>The <c>conference-info</c> child.</summary>
    public ConferenceInfoDocument? ConferenceInfo { get; init; }
}

/// <summary><c>deleteConference</c>: end a conference for everyone. The response names the deleted conference.</summary>
public sealed record DeleteConferenceCommand : C3PCommand
{
    /// <inheritdoc/>
    public override string Name => "deleteConference";

    /// <summary><c>conferenceKeys</c> (request).</summary>
    public ConferenceKeys? Keys { get; init; }

    /// <summary>The <c>conference-info</c> child (response: entity = the focus URI).</summary>
    public ConferenceInfoDocument? ConferenceInfo { get; init; }
}

/// <summary><c>getConferences</c>: list the requester's conferences.</summary>
public sealed record GetConferencesCommand : C3PCommand
{
    /// <inheritdoc/>
    public override string Name => "getConferences";

    /// <summary>The <c>conference-info</c> children (response).</summary>
    public ValueList<ConferenceInfoDocument> Conferences { get; init; } = ValueList<ConferenceInfoDocument>.Empty;
}

/// <summary><c>getAvailableMcuTypes</c>: which MCU types the server offers.</summary>
public sealed record GetAvailableMcuTypesCommand : C3PCommand
{
    /// <inheritdoc/>
    public override string Name => "getAvailableMcuTypes";

    /// <summary><c>mcu-types/mcuType</c> (response); null when <c>mcu-types</c> is absent.</summary>
    public ValueList<string>? McuTypes { get; init; }
}

/// <summary><c>getConferencingCapabilities</c>: the server's capability set. Its response content is not
/// modelled; it is kept in <see cref="C3PCommand.Extensions"/> as it came.</summary>
public sealed record GetConferencingCapabilitiesCommand : C3PCommand
{
    /// <inheritdoc/>
    public override string Name => "getConferencingCapabilities";
}
