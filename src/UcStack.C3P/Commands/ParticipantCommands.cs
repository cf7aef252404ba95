namespace UcStack.C3P;

/// <summary>How an <see cref="AddUserCommand"/> brings the user in.</summary>
public enum AddUserKind
{
    /// <summary>Join through the focus (the INVITE to the focus; no <c>mcuUri</c>).</summary>
    Join = 1,

    /// <summary>Dial in to an MCU (<c>mcuUri</c> set; the response returns connection info).</summary>
    DialIn,

    /// <summary>Have the MCU call the user (<c>mcuUri</c> set and the endpoint's joining-method is <c>dialed-out</c>).</summary>
    DialOut,
}

/// <summary>An <c>entry</c> of <c>connection-info</c> in a dial-in addUser response: a key and its value.</summary>
public sealed record ConnectionInfoEntry
{
    /// <summary><c>key</c>, e.g. <c>Mcu-Server-Uri</c>, <c>Mcu-Conference-Uri</c>, <c>sAuthId</c>.</summary>
    public string Key { get; init; } = string.Empty;

    /// <summary><c>value</c>.</summary>
    public string Value { get; init; } = string.Empty;
}

/// <summary><c>addUser</c> ([MS-CONFBAS]): join through the focus, dial in to an MCU, or dial a user out.</summary>
public sealed record AddUserCommand : C3PCommand
{
    /// <inheritdoc/>
    public override string Name => "addUser";

    /// <summary><c>conferenceKeys</c>.</summary>
    public ConferenceKeys? Keys { get; init; }

    /// <summary>The <c>ci:user</c> child: who, with which requested (or, in the response, granted) roles and endpoint.</summary>
    public ConferenceUser? User { get; init; }

    /// <summary><c>connection-info</c> entries (dial-in response); null when absent.</summary>
    public ValueList<ConnectionInfoEntry>? ConnectionInfo { get; init; }

    /// <summary>Join, dial-in or dial-out, from <see cref="C3PCommand.McuUri"/> and the endpoint's joining-method.</summary>
    public AddUserKind Kind => McuUri is null ? AddUserKind.Join
        : User is { } user && user.Endpoints.Any(static e => e.JoiningMethod == "dialed-out") ? AddUserKind.DialOut
        : AddUserKind.DialIn;
}

/// <summary><c>endorseUser</c>: the focus-INVITE related endorsement; the response's outcome is the <c>result</c> attribute.</summary>
public sealed record EndorseUserCommand : C3PCommand
{
    /// <inheritdoc/>
    public override string Name => "endorseUser";

    /// <summary><c>conferenceKeys</c>.</summary>
    public ConferenceKeys? Keys { get; init; }

    /// <summary>The <c>ci:user</c> child.</summary>
    public ConferenceUser? User { get; init; }

    /// <summary>The response's <c>result</c> attribute: <c>success</c> or a failure reason such as <c>otherFailure</c>.</summary>
    public string? Result { get; init; }
}

/// <summary><c>deleteUser</c>: eject a user.</summary>
public sealed record DeleteUserCommand : C3PCommand
{
    /// <inheritdoc/>
    public override string Name => "deleteUser";

    /// <summary><c>userKeys</c>.</summary>
    public UserKeys? Keys { get; init; }
}

/// <summary><c>modifyUserRoles</c>: promote or demote a user.</summary>
public sealed record ModifyUserRolesCommand : C3PCommand
{
    /// <inheritdoc/>
    public override string Name => "modifyUserRoles";

    /// <summary><c>userKeys</c>.</summary>
    public UserKeys? Keys { get; init; }

    /// <summary><c>ci:user-roles/ci:entry</c> values; null when absent.</summary>
    public ValueList<string>? Roles { get; init; }
}

/// <summary><c>modifyConferenceLock</c>: lock or unlock the conference (a general conference command).</summary>
public sealed record ModifyConferenceLockCommand : C3PCommand
{
    /// <inheritdoc/>
    public override string Name => "modifyConferenceLock";

    /// <summary><c>conferenceKeys</c>.</summary>
    public ConferenceKeys? Keys { get; init; }

    /// <summary><c>locked</c>.</summary>
    public bool? Locked { get; init; }
}

/// <summary><c>modifyEndpointMedia</c> ([MS-CONFAV]): mute, unmute or block one media stream (an MCU command).</summary>
public sealed record ModifyEndpointMediaCommand : C3PCommand
{
    /// <inheritdoc/>
    public override string Name => "modifyEndpointMedia";

    /// <summary><c>mediaKeys</c>.</summary>
    public MediaKeys? Keys { get; init; }

    /// <summary>The <c>ci:media</c> child with the wanted status or ingress filter.</summary>
    public ConferenceMedia? Media { get; init; }
}

/// <summary><c>setLobbyAccess</c>: admit or deny users waiting in the lobby.</summary>
public sealed record SetLobbyAccessCommand : C3PCommand
{
    /// <inheritdoc/>
    public override string Name => "setLobbyAccess";

    /// <summary><c>conferenceKeys</c>.</summary>
    public ConferenceKeys? Keys { get; init; }

    /// <summary><c>userEntity</c> children: the users concerned.</summary>
    public ValueList<string> UserEntities { get; init; } = ValueList<string>.Empty;

    /// <summary><c>access</c>: e.g. <c>granted</c> or <c>denied</c>.</summary>
    public string? Access { get; init; }
}

/// <summary>A command this library does not know, kept whole so a focus can answer it (e.g. <c>notSupported</c>) and a
/// relay can pass it on unchanged.</summary>
public sealed record UnknownC3PCommand : C3PCommand
{
    /// <summary>Creates the record for an element.</summary>
    /// <param name="namespace">The element's namespace URI.</param>
    /// <param name="localName">The element's local name.</param>
    /// <exception cref="ArgumentException"><paramref name="localName"/> is empty.</exception>
    public UnknownC3PCommand(string @namespace, string localName)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(localName);
        Namespace = @namespace;
        LocalName = localName;
    }

    /// <inheritdoc/>
    public override string Name => LocalName;

    /// <summary>The element's namespace URI.</summary>
    public string Namespace { get; }

    /// <summary>The element's local name.</summary>
    public string LocalName { get; }
}
