namespace UcStack.Psom;

/// <summary>The message type byte of a frame (docs/psom-protocol.md §4).</summary>
public enum PsomMessageType : byte
{
    /// <summary>Client opens the session.</summary>
    Hello = 1,

    /// <summary>Server accepts the session.</summary>
    Welcome = 2,

    /// <summary>Client subscribes to a subtree.</summary>
    Subscribe = 3,

    /// <summary>Server sends a subtree's full state.</summary>
    Snapshot = 4,

    /// <summary>Server replays logged changes since a version.</summary>
    Replay = 5,

    /// <summary>Client ends a subscription.</summary>
    Unsubscribe = 6,

    /// <summary>Create an object.</summary>
    Create = 7,

    /// <summary>Change an object's properties.</summary>
    Update = 8,

    /// <summary>Delete an object's subtree.</summary>
    Delete = 9,

    /// <summary>Server acknowledges a request.</summary>
    Ack = 10,

    /// <summary>Server refuses a request.</summary>
    Nack = 11,

    /// <summary>Server broadcasts a committed change.</summary>
    Event = 12,

    /// <summary>Invoke a method on an object (either direction).</summary>
    Invoke = 13,

    /// <summary>An invocation's result (either direction).</summary>
    Result = 14,

    /// <summary>Keep-alive probe.</summary>
    Ping = 15,

    /// <summary>Keep-alive answer.</summary>
    Pong = 16,

    /// <summary>Clean close.</summary>
    Bye = 17,
}
