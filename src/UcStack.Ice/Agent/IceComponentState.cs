namespace UcStack.Ice;

/// <summary>Per-component bookkeeping of the agent: selection, nomination progress, consent.</summary>
internal sealed class IceComponentState(int component, IceDatagramPath path)
{
    public int Component { get; } = component;

    public IceDatagramPath Path { get; } = path;

    public IceCheckPair? Selected { get; set; }

    /// <summary>When the first valid pair appeared (starts the regular-nomination wait), or <see cref="long.MaxValue"/>.</summary>
    public long FirstValidAt { get; set; } = long.MaxValue;

    /// <summary>The controlling agent has sent USE-CANDIDATE on this pair and waits for the answer.</summary>
    public IceCheckPair? Nominating { get; set; }

    public long LastConsentAt { get; set; }

    public long NextConsentAt { get; set; } = long.MaxValue;

    public bool ConsentLost { get; set; }

    public void ResetForRestart()
    {
        FirstValidAt = long.MaxValue;
        Nominating = null;
    }
}
