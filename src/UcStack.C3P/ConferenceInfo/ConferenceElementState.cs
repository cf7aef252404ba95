namespace UcStack.C3P;

/// <summary>The RFC 4575 §5.1 <c>state</c> attribute: how an element in a notification relates to the subscriber's copy.</summary>
public enum ConferenceElementState
{
    /// <summary>The element carries its complete state and replaces the subscriber's copy.</summary>
    Full = 1,

    /// <summary>The element carries only what changed; keyed children merge into the subscriber's copy.</summary>
    Partial,

    /// <summary>The element was removed.</summary>
    Deleted,
}
