using System.Globalization;

namespace UcStack.C3P;

/// <summary>
/// A C3P body or conference-info document was rejected: <see cref="Reason"/> says what, <see cref="LineNumber"/> and
/// <see cref="LinePosition"/> say where (1-based; 0 when unknown), <see cref="Detail"/> names the element or attribute.
/// </summary>
public sealed class C3PParseException : Exception
{
    /// <summary>Creates an exception.</summary>
    /// <param name="reason">What was wrong.</param>
    /// <param name="detail">The element, attribute or value concerned.</param>
    /// <param name="lineNumber">1-based line, or 0 when unknown.</param>
    /// <param name="linePosition">1-based column, or 0 when unknown.</param>
    /// <param name="innerException">The XML reader's exception, when it found the problem.</param>
    public C3PParseException(C3PParseErrorReason reason, string detail, int lineNumber, int linePosition, Exception? innerException = null)
        : base(Format(reason, detail, lineNumber, linePosition), innerException)
    {
        Reason = reason;
        Detail = detail;
        LineNumber = lineNumber;
        LinePosition = linePosition;
    }

    /// <summary>Creates an exception with <see cref="C3PParseErrorReason.MalformedXml"/>.</summary>
    public C3PParseException()
        : this(C3PParseErrorReason.MalformedXml, string.Empty, 0, 0)
    {
    }

    /// <summary>Creates an exception with <see cref="C3PParseErrorReason.MalformedXml"/> and a detail.</summary>
    /// <param name="message">The detail.</param>
    public C3PParseException(string message)
        : this(C3PParseErrorReason.MalformedXml, message, 0, 0)
    {
    }

    /// <summary>Creates an exception with <see cref="C3PParseErrorReason.MalformedXml"/>, a detail and a cause.</summary>
    /// <param name="message">The detail.</param>
    /// <param name="innerException">The cause.</param>
    public C3PParseException(string message, Exception innerException)
        : this(C3PParseErrorReason.MalformedXml, message, 0, 0, innerException)
    {
    }

    /// <summary>What was wrong.</summary>
    public C3PParseErrorReason Reason { get; }

    /// <summary>The element, attribute or value concerned (already truncated to a readable length).</summary>
    public string Detail { get; }

    /// <summary>1-based line of the problem, or 0 when unknown.</summary>
    public int LineNumber { get; }

    /// <summary>1-based column of the problem, or 0 when unknown.</summary>
    public int LinePosition { get; }

    private static string Format(C3PParseErrorReason reason, string detail, int line, int position) =>
        string.Create(CultureInfo.InvariantCulture, $"{reason}: {detail} (line {line}, position {position})");
}
