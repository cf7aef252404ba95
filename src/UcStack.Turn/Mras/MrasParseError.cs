namespace UcStack.Turn.Mras;

/// <summary>Why and where an MRAS document was refused.</summary>
/// <param name="Reason">The reason.</param>
/// <param name="Field">The element or attribute concerned (empty when the document as a whole is at fault).</param>
/// <param name="Line">The 1-based line in the document, or 0 when unknown.</param>
/// <param name="Detail">A short, escaped explanation (never the offending value itself).</param>
public readonly record struct MrasParseError(MrasParseErrorReason Reason, string Field, int Line, string Detail)
{
    /// <inheritdoc/>
    public override string ToString() => Line > 0 ? $"{Reason} at {Field} (line {Line}): {Detail}" : $"{Reason} at {Field}: {Detail}";
}
