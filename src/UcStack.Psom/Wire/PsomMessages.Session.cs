using System.Collections.Immutable;

namespace UcStack.Psom;

/// <summary>A decoded Psom message; the concrete record says which (docs/psom-protocol.md §4).</summary>
public abstract record PsomMessage
{
    /// <summary>The message type byte this record travels under.</summary>
    public abstract PsomMessageType Type { get; }
}

/// <summary>Client → server: open a session (§4.1).</summary>
public sealed record PsomHelloMessage : PsomMessage
{
    /// <inheritdoc/>
    public override PsomMessageType Type => PsomMessageType.Hello;

    /// <summary>Protocol versions the client speaks, most preferred first.</summary>
    public required ImmutableArray<int> Versions { get; init; }

    /// <summary>The conference to join.</summary>
    public required string ConferenceId { get; init; }

    /// <summary>The user joining (must match the token).</summary>
    public required string User { get; init; }

    /// <summary>The role claimed (must match the token).</summary>
    public required PsomRole Role { get; init; }

    /// <summary>The admission token the focus issued.</summary>
    public required ReadOnlyMemory<byte> Token { get; init; }

    /// <summary>Free-form client name for logs.</summary>
    public string ClientName { get; init; } = string.Empty;
}

/// <summary>Server → client: the session is open (§4.2).</summary>
public sealed record PsomWelcomeMessage : PsomMessage
{
    /// <inheritdoc/>
    public override PsomMessageType Type => PsomMessageType.Welcome;

    /// <summary>The protocol version chosen.</summary>
    public required int Version { get; init; }

    /// <summary>The server's id for this session.</summary>
    public required long SessionId { get; init; }

    /// <summary>The conference root's id.</summary>
    public required long RootId { get; init; }

    /// <summary>The tree version when the session opened.</summary>
    public required long TreeVersion { get; init; }

    /// <summary>How often each side pings when idle, in milliseconds.</summary>
    public required long PingIntervalMilliseconds { get; init; }

    /// <summary>The largest frame the server accepts, in bytes including the length prefix.</summary>
    public required int MaxFrameLength { get; init; }

    /// <summary>
    /// Random id of the conference's in-memory state since it was (re)loaded. Tree versions are only
    /// comparable within one incarnation, so a resume (<see cref="PsomSubscribeMessage.SinceVersion"/>) names it.
    /// </summary>
    public required long Incarnation { get; init; }
}

/// <summary>Either direction: keep-alive probe (§4.14).</summary>
public sealed record PsomPingMessage : PsomMessage
{
    /// <inheritdoc/>
    public override PsomMessageType Type => PsomMessageType.Ping;

    /// <summary>Echoed in the Pong.</summary>
    public required long Nonce { get; init; }
}

/// <summary>Either direction: keep-alive answer (§4.14).</summary>
public sealed record PsomPongMessage : PsomMessage
{
    /// <inheritdoc/>
    public override PsomMessageType Type => PsomMessageType.Pong;

    /// <summary>The Ping's nonce.</summary>
    public required long Nonce { get; init; }
}

/// <summary>Either direction: the sender closes the session (§4.15).</summary>
public sealed record PsomByeMessage : PsomMessage
{
    /// <inheritdoc/>
    public override PsomMessageType Type => PsomMessageType.Bye;

    /// <summary>Why; <see cref="PsomErrorCode.None"/> for a normal close.</summary>
    public required PsomErrorCode Code { get; init; }

    /// <summary>Short reason text.</summary>
    public string Detail { get; init; } = string.Empty;
}
