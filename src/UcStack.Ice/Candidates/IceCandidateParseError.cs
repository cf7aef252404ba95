namespace UcStack.Ice;

/// <summary>A rejected candidate attribute: what is wrong and at which character.</summary>
/// <param name="Code">The reason.</param>
/// <param name="Offset">The index in the input of the offending field (or of the end for a missing one).</param>
public readonly record struct IceCandidateParseError(IceCandidateParseErrorCode Code, int Offset)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Code} at {Offset}";
}
