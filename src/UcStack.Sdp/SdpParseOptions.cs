namespace UcStack.Sdp;

/// <summary>Size and count limits applied while parsing; every limit is checked before the work it bounds.</summary>
public sealed record SdpParseOptions
{
    private readonly int _maxLength = 64 * 1024;
    private readonly int _maxLines = 4096;
    private readonly int _maxLineLength = 8192;
    private readonly int _maxMediaSections = 64;
    private readonly int _maxAttributes = 2048;

    /// <summary>The defaults: 64 KiB, 4096 lines of at most 8192 bytes, 64 media sections, 2048 attributes.</summary>
    public static SdpParseOptions Default { get; } = new();

    /// <summary>Maximum input length in bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int MaxLength { get => _maxLength; init => _maxLength = NotNegative(value); }

    /// <summary>Maximum number of lines.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int MaxLines { get => _maxLines; init => _maxLines = NotNegative(value); }

    /// <summary>Maximum length of one line in bytes, without its line ending.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int MaxLineLength { get => _maxLineLength; init => _maxLineLength = NotNegative(value); }

    /// <summary>Maximum number of m= sections.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int MaxMediaSections { get => _maxMediaSections; init => _maxMediaSections = NotNegative(value); }

    /// <summary>Maximum number of a= lines in the whole description.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int MaxAttributes { get => _maxAttributes; init => _maxAttributes = NotNegative(value); }

    private static int NotNegative(int value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value, name);
        return value;
    }
}
