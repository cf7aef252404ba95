using System.Collections.Immutable;

namespace UcStack.Psom;

/// <summary>Client → server: subscribe to a subtree (§4.3).</summary>
public sealed record PsomSubscribeMessage : PsomMessage
{
    /// <summary>Depth meaning the whole subtree.</summary>
    public const int UnlimitedDepth = -1;

    /// <inheritdoc/>
    public override PsomMessageType Type => PsomMessageType.Subscribe;

    /// <summary>Correlates the Snapshot, Replay or Nack.</summary>
    public required long RequestId { get; init; }

    /// <summary>The subtree root.</summary>
    public required long ObjectId { get; init; }

    /// <summary>0 = the object only, n = n levels below it, -1 = unlimited.</summary>
    public int Depth { get; init; } = UnlimitedDepth;

    /// <summary>When set, replay changes after this tree version if the log still holds them.</summary>
    public long? SinceVersion { get; init; }

    /// <summary>The <see cref="PsomWelcomeMessage.Incarnation"/> <see cref="SinceVersion"/> belongs to; another one forces a snapshot.</summary>
    public long Incarnation { get; init; }
}

/// <summary>Server → client: the full state of a subscribed subtree, parents before children (§4.4).</summary>
public sealed record PsomSnapshotMessage : PsomMessage
{
    /// <inheritdoc/>
    public override PsomMessageType Type => PsomMessageType.Snapshot;

    /// <summary>The Subscribe's request id.</summary>
    public required long RequestId { get; init; }

    /// <summary>The subtree root.</summary>
    public required long ObjectId { get; init; }

    /// <summary>The tree version this snapshot reflects.</summary>
    public required long TreeVersion { get; init; }

    /// <summary>Objects, parents before children.</summary>
    public required ImmutableArray<PsomObject> Objects { get; init; }

    /// <summary><see langword="false"/> when more messages of this answer follow (large subtrees are split to fit frames).</summary>
    public bool IsLast { get; init; } = true;
}

/// <summary>Server → client: the changes after the Subscribe's <c>sinceVersion</c> in the subtree (§4.5).</summary>
public sealed record PsomReplayMessage : PsomMessage
{
    /// <inheritdoc/>
    public override PsomMessageType Type => PsomMessageType.Replay;

    /// <summary>The Subscribe's request id.</summary>
    public required long RequestId { get; init; }

    /// <summary>The subtree root.</summary>
    public required long ObjectId { get; init; }

    /// <summary>The tree version after the last change replayed.</summary>
    public required long TreeVersion { get; init; }

    /// <summary>The changes in tree-version order.</summary>
    public required ImmutableArray<PsomChange> Changes { get; init; }

    /// <summary><see langword="false"/> when more messages of this answer follow (large subtrees are split to fit frames).</summary>
    public bool IsLast { get; init; } = true;
}

/// <summary>Client → server: end a subscription (§4.6).</summary>
public sealed record PsomUnsubscribeMessage : PsomMessage
{
    /// <inheritdoc/>
    public override PsomMessageType Type => PsomMessageType.Unsubscribe;

    /// <summary>Correlates the Ack.</summary>
    public required long RequestId { get; init; }

    /// <summary>The subtree root that was subscribed.</summary>
    public required long ObjectId { get; init; }
}

/// <summary>Client → server: create an object (§4.7).</summary>
public sealed record PsomCreateMessage : PsomMessage
{
    /// <inheritdoc/>
    public override PsomMessageType Type => PsomMessageType.Create;

    /// <summary>Correlates the Ack (which carries the new id) or Nack.</summary>
    public required long RequestId { get; init; }

    /// <summary>The parent.</summary>
    public required long ParentId { get; init; }

    /// <summary>The type name.</summary>
    public required string TypeName { get; init; }

    /// <summary>Initial properties.</summary>
    public ImmutableSortedDictionary<string, PsomValue> Properties { get; init; } = PsomProperties.Empty;

    /// <summary>Whether the object outlives its creator.</summary>
    public bool Persistent { get; init; }
}

/// <summary>Client → server: set or remove properties (§4.8).</summary>
public sealed record PsomUpdateMessage : PsomMessage
{
    /// <inheritdoc/>
    public override PsomMessageType Type => PsomMessageType.Update;

    /// <summary>Correlates the Ack or Nack.</summary>
    public required long RequestId { get; init; }

    /// <summary>The object.</summary>
    public required long ObjectId { get; init; }

    /// <summary>The version the client based the change on; -1 skips the check (last writer wins).</summary>
    public required long BaseVersion { get; init; }

    /// <summary>Changes: a null value removes the key.</summary>
    public required ImmutableSortedDictionary<string, PsomValue> Changes { get; init; }
}

/// <summary>Client → server: delete an object and its subtree (§4.9).</summary>
public sealed record PsomDeleteMessage : PsomMessage
{
    /// <inheritdoc/>
    public override PsomMessageType Type => PsomMessageType.Delete;

    /// <summary>Correlates the Ack or Nack.</summary>
    public required long RequestId { get; init; }

    /// <summary>The subtree root.</summary>
    public required long ObjectId { get; init; }

    /// <summary>The version the client based the delete on; -1 skips the check.</summary>
    public required long BaseVersion { get; init; }
}

/// <summary>Server → client: a request was committed (§4.10).</summary>
public sealed record PsomAckMessage : PsomMessage
{
    /// <inheritdoc/>
    public override PsomMessageType Type => PsomMessageType.Ack;

    /// <summary>The request's id.</summary>
    public required long RequestId { get; init; }

    /// <summary>The object created, updated or deleted (0 for Unsubscribe).</summary>
    public required long ObjectId { get; init; }

    /// <summary>The object's new version (0 after a delete).</summary>
    public required long Version { get; init; }

    /// <summary>The tree version after the change.</summary>
    public required long TreeVersion { get; init; }
}

/// <summary>Server → client: a request was refused; nothing changed (§4.11).</summary>
public sealed record PsomNackMessage : PsomMessage
{
    /// <inheritdoc/>
    public override PsomMessageType Type => PsomMessageType.Nack;

    /// <summary>The request's id.</summary>
    public required long RequestId { get; init; }

    /// <summary>Why.</summary>
    public required PsomErrorCode Code { get; init; }

    /// <summary>Short reason text.</summary>
    public string Detail { get; init; } = string.Empty;

    /// <summary>For a conflict, the object's current state.</summary>
    public PsomObject? Current { get; init; }
}

/// <summary>Server → client: a committed change in a subscribed subtree (§4.12).</summary>
public sealed record PsomEventMessage : PsomMessage
{
    /// <inheritdoc/>
    public override PsomMessageType Type => PsomMessageType.Event;

    /// <summary>The change.</summary>
    public required PsomChange Change { get; init; }
}

/// <summary>Either direction: call a method on an object (§4.13).</summary>
public sealed record PsomInvokeMessage : PsomMessage
{
    /// <inheritdoc/>
    public override PsomMessageType Type => PsomMessageType.Invoke;

    /// <summary>Correlates the Result; chosen by the caller, unique among its pending calls.</summary>
    public required long CallId { get; init; }

    /// <summary>The target object.</summary>
    public required long ObjectId { get; init; }

    /// <summary>The method name.</summary>
    public required string Method { get; init; }

    /// <summary>Arguments by name.</summary>
    public ImmutableSortedDictionary<string, PsomValue> Arguments { get; init; } = PsomProperties.Empty;
}

/// <summary>Either direction: an invocation's outcome (§4.13).</summary>
public sealed record PsomResultMessage : PsomMessage
{
    /// <inheritdoc/>
    public override PsomMessageType Type => PsomMessageType.Result;

    /// <summary>The Invoke's call id.</summary>
    public required long CallId { get; init; }

    /// <summary><see cref="PsomErrorCode.None"/> on success.</summary>
    public required PsomErrorCode Code { get; init; }

    /// <summary>Return values by name (success).</summary>
    public ImmutableSortedDictionary<string, PsomValue> Values { get; init; } = PsomProperties.Empty;

    /// <summary>Short failure text.</summary>
    public string Detail { get; init; } = string.Empty;
}
