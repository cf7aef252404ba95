using System.Globalization;

namespace UcStack.Sip;

/// <summary>
/// A parse failure: what was wrong (<see cref="Code"/>), where (<see cref="Offset"/>, in bytes from the
/// start of the input handed to the parser) and, optionally, a short human-readable <see cref="Detail"/>.
/// </summary>
/// <remarks>
/// The detail never contains raw input bytes beyond a short, escaped excerpt, so it is safe to log.
/// </remarks>
public readonly record struct SipParseError
{
    /// <summary>Creates an error.</summary>
    /// <param name="code">The reason.</param>
    /// <param name="offset">Byte offset from the start of the parser's input.</param>
    /// <param name="detail">Optional short explanation (no secrets, no unbounded input).</param>
    public SipParseError(SipParseErrorCode code, int offset, string? detail = null)
    {
        Code = code;
        Offset = offset;
        Detail = detail;
    }

    /// <summary>The reason the input was rejected; <see cref="SipParseErrorCode.None"/> when there is no error.</summary>
    public SipParseErrorCode Code { get; }

    /// <summary>Byte offset from the start of the parser's input where the problem was found.</summary>
    public int Offset { get; }

    /// <summary>Short explanation, or <see langword="null"/>.</summary>
    public string? Detail { get; }

    /// <summary><see langword="true"/> when this value describes an error.</summary>
    public bool IsError => Code != SipParseErrorCode.None;

    /// <summary>Returns the same error with its offset moved by <paramref name="delta"/> bytes, for a parser
    /// that ran on a slice of a larger input.</summary>
    /// <param name="delta">Offset of the slice within the larger input.</param>
    public SipParseError Shift(int delta) => new(Code, Offset + delta, Detail);

    /// <summary>Formats the error as <c>reason at byte N</c>, the form tools print.</summary>
    public override string ToString()
    {
        var reason = Detail is null ? Code.ToString() : string.Concat(Code.ToString(), ": ", Detail);
        return string.Create(CultureInfo.InvariantCulture, $"{reason} at byte {Offset}");
    }
}
