namespace UcStack.Stun;

/// <summary>Options for <see cref="StunMessageReader"/>. Instances are immutable and safe to share.</summary>
public sealed class StunParseOptions
{
    /// <summary>The default options: RFC 8489 format only, at most 128 attributes.</summary>
    public static StunParseOptions Default { get; } = new();

    /// <summary>
    /// Accept the MS-TURN cookie-less format: no magic cookie in the header (its 16 bytes after the
    /// length are all transaction id) and a MAGIC-COOKIE attribute (0x000F) with 0x72C64BC6 as the first
    /// attribute. Off by default.
    /// </summary>
    public bool AllowMsTurnFormat { get; init; }

    /// <summary>Largest number of attributes a message may carry before it is rejected (default 128).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxAttributes
    {
        get => _maxAttributes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxAttributes = value;
        }
    }

    private readonly int _maxAttributes = 128;
}
