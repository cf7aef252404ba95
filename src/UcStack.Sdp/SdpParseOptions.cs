namespace UcStack.Sdp;

/// <summary>Size and count limits applied while parsing; every limit is checked before the work it bounds.</summary>
public sealed record SdpParseOptions
{
    /// <summary>The defaults: 64 KiB, 4096 lines of at most 8192 bytes, 64 media sections, 2048 attributes.</summary>
    public static SdpParseOptions Default { get; } = new();

    /// <summary>Maximum input length in bytes.</summary>
    public int MaxLength { get; init; } = 64 * 1024;

    /// <summary>Maximum number of lines.</summary>
    public int MaxLines { get; init; } = 4096;

    /// <summary>Maximum length of one line in bytes, without its line ending.</summary>
    public int MaxLineLength { get; init; } = 8192;

    /// <summary>Maximum number of m= sections.</summary>
    public int MaxMediaSections { get; init; } = 64;

    /// <summary>Maximum number of a= lines in the whole description.</summary>
    public int MaxAttributes { get; init; } = 2048;
}
