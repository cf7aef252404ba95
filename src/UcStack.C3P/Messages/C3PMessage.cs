namespace UcStack.C3P;

/// <summary>
/// A C3P envelope (<c>request</c> or <c>response</c> in <c>urn:ietf:params:xml:ns:cccp</c>) and its single command.
/// </summary>
public abstract record C3PMessage
{
    private protected C3PMessage()
    {
    }

    /// <summary><c>requestId</c>: unique per sender; a response copies it from its request.</summary>
    public ulong RequestId { get; init; }

    /// <summary><c>from</c>: the sender's URI.</summary>
    public string From { get; init; } = string.Empty;

    /// <summary><c>to</c>: the target's URI (focus factory, focus or MCU).</summary>
    public string To { get; init; } = string.Empty;

    /// <summary><c>C3PVersion</c>, normally <c>"1"</c>; null when absent.</summary>
    public string? C3PVersion { get; init; }

    /// <summary>The command: its element's local name is the command name.</summary>
    public required C3PCommand Command { get; init; }

    /// <summary>Envelope attributes the model does not know.</summary>
    public ValueList<XmlAttributeEntry> ExtraAttributes { get; init; } = ValueList<XmlAttributeEntry>.Empty;
}

/// <summary>A C3P <c>request</c>.</summary>
public sealed record C3PRequest : C3PMessage
{
    /// <summary>
    /// Starts the response to this request: same requestId, from and to swapped ([MS-CONFPRO] §2.2.3), same C3PVersion.
    /// </summary>
    /// <param name="code">Success or failure.</param>
    /// <param name="command">The response's command element (same name as the request's).</param>
    /// <returns>The response.</returns>
    /// <exception cref="ArgumentException"><paramref name="command"/> is a different command than the request's.</exception>
    public C3PResponse CreateResponse(C3PResponseCode code, C3PCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Name != Command.Name)
        {
            throw new ArgumentException($"a response to {Command.Name} must carry {Command.Name}, not {command.Name}", nameof(command));
        }

        return new C3PResponse { RequestId = RequestId, From = To, To = From, C3PVersion = C3PVersion, Code = code, Command = command };
    }
}

/// <summary>A C3P <c>response</c>.</summary>
public sealed record C3PResponse : C3PMessage
{
    /// <summary><c>code</c>.</summary>
    public C3PResponseCode Code { get; init; } = C3PResponseCode.Success;

    /// <summary>
    /// An envelope-level <c>reason</c> attribute. [MS-CONFPRO] puts the reason on the command element
    /// (<see cref="C3PCommand.Reason"/>); this is kept only because some senders also put one here.
    /// </summary>
    public string? Reason { get; init; }

    /// <summary>The failure reason: the command's, else the envelope's.</summary>
    public C3PFailureReason FailureReason => C3PFailureReasons.FromText(Command.Reason ?? Reason);

    /// <summary>True when this response answers <paramref name="request"/>: same requestId, sent by its target to its sender.</summary>
    /// <param name="request">The request.</param>
    /// <returns>Whether they correlate.</returns>
    public bool Answers(C3PRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RequestId == request.RequestId
            && string.Equals(To, request.From, StringComparison.OrdinalIgnoreCase)
            && string.Equals(Command.Name, request.Command.Name, StringComparison.Ordinal);
    }
}
