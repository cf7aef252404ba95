namespace UcStack.Turn.Protocol;

/// <summary>A ChannelData parse failure: what and at which byte offset.</summary>
/// <param name="Code">The reason.</param>
/// <param name="Offset">Byte offset in the input where the problem was found.</param>
public readonly record struct TurnParseError(TurnParseErrorCode Code, int Offset)
{
    /// <summary>True when this describes an error.</summary>
    public bool IsError => Code != TurnParseErrorCode.None;

    /// <inheritdoc/>
    public override string ToString() => $"{Code} at offset {Offset}";
}
