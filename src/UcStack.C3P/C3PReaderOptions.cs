namespace UcStack.C3P;

/// <summary>Limits applied while reading a C3P body or conference-info document from the network.</summary>
public sealed record C3PReaderOptions
{
    /// <summary>The defaults: 1 MiB of characters, depth 32, 10 000 elements.</summary>
    public static C3PReaderOptions Default { get; } = new();

    /// <summary>Most characters (after decoding) a document may hold; also bounds the input bytes.</summary>
    public int MaxCharacters { get; init; } = 1024 * 1024;

    /// <summary>Deepest element nesting allowed; the root is depth 1.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Most elements a document may hold.</summary>
    public int MaxElements { get; init; } = 10_000;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCharacters, 1, nameof(MaxCharacters));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDepth, 1, nameof(MaxDepth));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxElements, 1, nameof(MaxElements));
    }
}
