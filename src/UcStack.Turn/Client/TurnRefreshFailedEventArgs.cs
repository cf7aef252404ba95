namespace UcStack.Turn.Client;

/// <summary>A background refresh (allocation, permission or channel) failed.</summary>
public sealed class TurnRefreshFailedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="what">What was being refreshed.</param>
    /// <param name="exception">Why it failed.</param>
    public TurnRefreshFailedEventArgs(string what, Exception exception)
    {
        What = what;
        Exception = exception;
    }

    /// <summary>What was being refreshed: "allocation", "permission" or "channel".</summary>
    public string What { get; }

    /// <summary>Why it failed.</summary>
    public Exception Exception { get; }
}
