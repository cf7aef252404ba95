using System.Globalization;

namespace UcStack.Stun;

/// <summary>A password or realm holds a code point that the chosen preparation profile prohibits.</summary>
public sealed class StunStringPreparationException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public StunStringPreparationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public StunStringPreparationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public StunStringPreparationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal StunStringPreparationException(StunPasswordProfile profile, string rule, int index, int codePoint)
        : base(string.Create(CultureInfo.InvariantCulture, $"{profile}: U+{codePoint:X4} at UTF-16 index {index} is prohibited ({rule})."))
    {
        Profile = profile;
        Rule = rule;
        Index = index;
        CodePoint = codePoint;
    }

    /// <summary>The profile that rejected the string.</summary>
    public StunPasswordProfile Profile { get; }

    /// <summary>The rule that was broken (for example <c>RFC 3454 C.2.1</c>).</summary>
    public string? Rule { get; }

    /// <summary>UTF-16 index of the code point in the prepared string, or -1.</summary>
    public int Index { get; } = -1;

    /// <summary>The offending code point, or -1.</summary>
    public int CodePoint { get; } = -1;
}
