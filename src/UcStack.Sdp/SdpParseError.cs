using System.Globalization;

namespace UcStack.Sdp;

/// <summary>
/// A parse failure: what was wrong (<see cref="Code"/>), where (<see cref="Line"/>, <see cref="Column"/>, both
/// 1-based; 0 when unknown, for example for an attribute built in code) and a short description (<see cref="Detail"/>).
/// </summary>
public readonly record struct SdpParseError
{
    /// <summary>Creates an error.</summary>
    /// <param name="code">The reason.</param>
    /// <param name="line">1-based line number, or 0 when unknown.</param>
    /// <param name="column">1-based column in bytes, or 0 when unknown.</param>
    /// <param name="detail">A short, safe description of what is wrong.</param>
    public SdpParseError(SdpParseErrorCode code, int line, int column, string detail)
    {
        Code = code;
        Line = line;
        Column = column;
        Detail = detail;
    }

    /// <summary>The reason; <see cref="SdpParseErrorCode.None"/> when there is no error.</summary>
    public SdpParseErrorCode Code { get; }

    /// <summary>1-based line number, or 0 when not known.</summary>
    public int Line { get; }

    /// <summary>1-based byte column within the line, or 0 when not known.</summary>
    public int Column { get; }

    /// <summary>What is wrong, in words (never echoes more than a few bytes of input).</summary>
    public string Detail { get; } = string.Empty;

    /// <summary><see langword="true"/> when this value describes an error.</summary>
    public bool IsError => Code != SdpParseErrorCode.None;

    /// <summary>Formats as <c>MalformedMedia at line 7, column 9: port is not a number</c>.</summary>
    public override string ToString() => Line == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{Code}: {Detail}")
        : string.Create(CultureInfo.InvariantCulture, $"{Code} at line {Line}, column {Column}: {Detail}");
}
