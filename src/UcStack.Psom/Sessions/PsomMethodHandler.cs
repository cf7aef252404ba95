using System.Collections.Immutable;

namespace UcStack.Psom;

/// <summary>Runs a client → server method on an object; return values by name, or throw <see cref="PsomOperationException"/>.</summary>
/// <param name="invocation">The call and who made it.</param>
/// <param name="cancellationToken">Cancelled when the session closes.</param>
/// <returns>The return values.</returns>
public delegate ValueTask<ImmutableSortedDictionary<string, PsomValue>> PsomMethodHandler(PsomInvocation invocation, CancellationToken cancellationToken);

/// <summary>One method call as a handler sees it.</summary>
public sealed record PsomInvocation
{
    /// <summary>The conference.</summary>
    public required string ConferenceId { get; init; }

    /// <summary>The calling session's user.</summary>
    public required string User { get; init; }

    /// <summary>The calling session's role.</summary>
    public required PsomRole Role { get; init; }

    /// <summary>The target object's state when the call arrived.</summary>
    public required PsomObject Target { get; init; }

    /// <summary>The target's children at that moment (for aggregate methods such as a poll tally).</summary>
    public required ImmutableArray<PsomObject> Children { get; init; }

    /// <summary>The method name.</summary>
    public required string Method { get; init; }

    /// <summary>The arguments.</summary>
    public required ImmutableSortedDictionary<string, PsomValue> Arguments { get; init; }
}
