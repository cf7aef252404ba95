namespace UcStack.Ice;

/// <summary>The states of a candidate pair in a checklist (RFC 8445 §6.1.2.6).</summary>
public enum IceCandidatePairState
{
    /// <summary>Not checked yet, waiting for a pair of the same foundation to succeed first.</summary>
    Frozen,

    /// <summary>To be checked as soon as it is the highest-priority Waiting pair.</summary>
    Waiting,

    /// <summary>A check was sent and no answer has arrived.</summary>
    InProgress,

    /// <summary>The check produced a successful, symmetric response.</summary>
    Succeeded,

    /// <summary>The check timed out or failed unrecoverably.</summary>
    Failed,
}
